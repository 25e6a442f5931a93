// eSMS → us: a delivery report, by GET to the CallbackUrl given with the send. eSMS signs nothing,
// so that URL carries `key` = HMAC(ESMS_SECRET_KEY, request id): only eSMS, which we gave it to,
// can report on our message.
import { timingSafeEqual } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LIMITS, retryAfterMs, webhookRateLimit } from "~/modules/auth/rate-limit.server";
import { reportKey } from "~/modules/notifications/providers/esms.server";
import { recordReceipt } from "~/modules/notifications/receipts.server";
import { clientIp } from "~/utils/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const secret = process.env.ESMS_SECRET_KEY;
  if (!secret) return new Response("SMS reports are not configured", { status: 404 });
  // one report per SMS: only reports that fail their key count against the address
  const ip = clientIp(context);
  if ((await retryAfterMs(`webhook:ip:${ip}`, LIMITS.webhookPerIp)) > 0) return new Response("too many requests", { status: 429 });
  const q = new URL(request.url).searchParams;
  const requestId = q.get("RequestId") ?? "";
  const key = q.get("key") ?? "";
  const expected = Buffer.from(reportKey(secret, requestId));
  if (!/^[a-z2-7]{24}$/.test(requestId) || key.length !== expected.length || !timingSafeEqual(expected, Buffer.from(key))) {
    const wait = await webhookRateLimit({ ip });
    return new Response(wait > 0 ? "too many requests" : "invalid report", { status: wait > 0 ? 429 : 400 });
  }
  const success = Number(q.get("SendSuccess") ?? 0), failed = Number(q.get("SendFailed") ?? 0);
  if (q.get("SendStatus") === "5" && (success > 0 || failed > 0)) {
    await recordReceipt({ deliveryId: requestId, delivered: success > 0, error: failed > 0 ? `eSMS: the carrier could not deliver it (SendFailed ${failed})` : undefined });
  }
  return new Response("OK", { headers: { "Content-Type": "text/plain" } });
}
