// Zalo Notification Service (ZNS, renamed "ZBS Template Message" in 2026): a template approved by
// Zalo, filled with our values, sent to a phone number from the Official Account
// (POST business.openapi.zalo.me/message/template, header access_token). Zalo answers HTTP 200
// with `error` 0 or a negative code (its ZNS error table). What the codes mean here:
//   -124 token invalid            → renew the token once and send again (zalo-token.server.ts)
//   -118/-114/-119/-139/-141      → this person cannot get ZNS (not a Zalo user, refused, inactive): next channel
//   -115/-144                     → quota spent: next channel
//   -108, template/data errors    → this message cannot go by ZNS: next channel
//   -100 (unknown), HTTP ≠ 200, network → passing trouble: retry later
// tracking_id is our delivery id; Zalo uses it only for reconciliation (no duplicate check) and
// sends it back in its delivery event (webhooks.zalo.ts), which marks the delivery received.
import type { Sender, SendOutcome } from "../sender.server";
import { fetchWithTimeout, transient } from "../sender.server";
import { znsTemplateFor, type ZnsTemplateKey } from "../texts.server";
import { currentAccessToken, renewAccessToken, type ZaloAuthConfig } from "./zalo-token.server";

export type ZnsConfig = ZaloAuthConfig & { apiBase: string; templates: Partial<Record<ZnsTemplateKey, string>> };

const CANNOT_RECEIVE = new Set([-118, -114, -119, -139, -141]);
const QUOTA = new Set([-115, -144, -1441, -1472]);
const RETRY = new Set([-100]);

/** +84912345678 -> 84912345678 (the form Zalo documents). */
export const zaloPhone = (e164: string) => e164.replace(/^\+/, "");

export function createZnsSender(config: ZnsConfig): Sender {
  const templateId = (kind: Parameters<typeof znsTemplateFor>[0], template?: ZnsTemplateKey) => {
    const key = template ?? znsTemplateFor(kind);
    return key ? config.templates[key] : undefined;
  };
  return {
    channel: "ZNS",
    // HOLD_EXPIRING goes in either order template: both must exist
    canCarry: ({ kind, phone }) => Boolean(phone?.startsWith("+84")) && (kind === "HOLD_EXPIRING" ? Boolean(config.templates.BUYER_ORDER && config.templates.FARM_ORDER) : Boolean(templateId(kind))),
    async send(o) {
      const id = templateId(o.kind, o.text.zns.template);
      if (!o.phone || !id) return { ok: false, retry: false, error: "no phone or no ZNS template for this message" };
      const body = JSON.stringify({ phone: zaloPhone(o.phone), template_id: id, template_data: o.text.zns.data, tracking_id: o.deliveryId });
      const attempt = async (token: string) => {
        const response = await fetchWithTimeout(`${config.apiBase}/message/template`, { method: "POST", headers: { "Content-Type": "application/json", access_token: token }, body });
        if (response.status !== 200) return { status: response.status, error: undefined, data: undefined, message: await response.text().catch(() => "") };
        const json = (await response.json()) as { error?: number; message?: string; data?: { msg_id?: string } };
        return { status: 200, error: json.error, data: json.data, message: json.message ?? "" };
      };
      try {
        let token = await currentAccessToken(config);
        let r = token ? await attempt(token) : { status: 200, error: -124, data: undefined, message: "no access token yet" };
        if (r.error === -124) {
          try {
            token = await renewAccessToken(config, token);
          } catch (e) {
            // the refresh token expired or was spent elsewhere: only re-authorising the app helps
            console.warn(`zalo: ${(e as Error).message.slice(0, 200)} — if this persists, authorise the Official Account again and set ZALO_REFRESH_TOKEN`);
            return { ok: false, retry: true, error: (e as Error).message.slice(0, 300) };
          }
          r = await attempt(token);
        }
        return outcome(r);
      } catch (e) {
        return transient(e);
      }
    },
  };
}

function outcome(r: { status: number; error?: number; data?: { msg_id?: string }; message: string }): SendOutcome {
  if (r.status !== 200) return { ok: false, retry: true, error: `HTTP ${r.status} ${r.message.slice(0, 200)}` };
  if (r.error === 0) return { ok: true, providerRef: r.data?.msg_id };
  const code = r.error ?? NaN;
  const error = `ZNS ${code} ${r.message}`.slice(0, 300);
  if (code === -124 || RETRY.has(code)) return { ok: false, retry: true, error };
  if (CANNOT_RECEIVE.has(code) || QUOTA.has(code)) return { ok: false, retry: false, error };
  // anything else (invalid phone, template or data errors, unknown codes): ZNS cannot carry it
  return { ok: false, retry: false, error };
}
