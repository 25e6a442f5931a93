// Brand-name SMS through eSMS.vn (ADR 014 says why eSMS): POST
// rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/ with SmsType "2" (customer
// care / OTP under the operator's registered brand name). Our delivery id is the RequestId, which
// eSMS documents as a duplicate guard for 24 hours: a retry of a send whose answer was lost gets
// CodeResult 124 and no second SMS, so 124 counts as sent. Delivery reports come back by GET to
// the CallbackUrl we give, unsigned: the URL carries an HMAC of the request id (webhooks.sms.ts).
// Another gateway is another file with the same `Sender` shape.
import { createHmac } from "node:crypto";
import type { Sender, SendOutcome } from "../sender.server";
import { fetchWithTimeout, transient } from "../sender.server";

export type EsmsConfig = { apiKey: string; secretKey: string; brandname: string; apiBase: string; callbackBase?: string; sandbox?: boolean };

export const ESMS_SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/";

/** Codes after which this SMS will not go however often it is retried (eSMS's error table). */
const REFUSED = new Set(["99", "103", "104", "108", "118", "146", "177", "201", "300"]);

/** +84912345678 -> 0912345678 (the form every eSMS example uses). */
export const esmsPhone = (e164: string) => "0" + e164.replace(/^\+84/, "");

/** The key in a delivery report's URL: only eSMS, given it by us, knows it for this request id. */
export function reportKey(secret: string, requestId: string): string {
  return createHmac("sha256", secret).update(`esms-report:${requestId}`).digest("hex").slice(0, 32);
}

export function createEsmsSender(config: EsmsConfig): Sender {
  return {
    channel: "SMS",
    canCarry: ({ phone }) => Boolean(phone?.startsWith("+84")),
    async send(o) {
      if (!o.phone) return { ok: false, retry: false, error: "no phone" };
      const callback = config.callbackBase ? `${config.callbackBase}/resources/webhooks/sms?key=${reportKey(config.secretKey, o.deliveryId)}` : undefined;
      try {
        const response = await fetchWithTimeout(`${config.apiBase}${ESMS_SEND_PATH}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            ApiKey: config.apiKey,
            SecretKey: config.secretKey,
            Phone: esmsPhone(o.phone),
            Content: o.text.sms,
            Brandname: config.brandname,
            SmsType: "2",
            IsUnicode: "0", // renderNotification made it plain ASCII
            ...(config.sandbox ? { Sandbox: "1" } : {}),
            RequestId: o.deliveryId,
            ...(callback ? { CallbackUrl: callback } : {}),
          }),
        });
        if (response.status !== 200) return { ok: false, retry: true, error: `HTTP ${response.status} ${(await response.text().catch(() => "")).slice(0, 200)}` };
        const body = (await response.json()) as { CodeResult?: string; SMSID?: string; ErrorMessage?: string };
        return outcome(body);
      } catch (e) {
        return transient(e);
      }
    },
  };
}

function outcome(body: { CodeResult?: string; SMSID?: string; ErrorMessage?: string }): SendOutcome {
  const code = String(body.CodeResult ?? "");
  if (code === "100") return { ok: true, providerRef: body.SMSID };
  // the same RequestId was accepted before (a retry after a lost answer): it is sent, once
  if (code === "124") return { ok: true, providerRef: "already accepted (eSMS 124)" };
  const error = `eSMS ${code || "?"} ${body.ErrorMessage ?? ""}`.trim().slice(0, 300);
  // 101 (keys), 102, 140 (IP not allowed), 143 (account locked) and unknown codes: the operator can
  // fix them, so later; refusals of this very message: the next channel
  return { ok: false, retry: !REFUSED.has(code), error };
}
