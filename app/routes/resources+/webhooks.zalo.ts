// Zalo → us: events of the Official Account. We act on `user_received_message` (a ZNS reached the
// phone), signed X-ZEvent-Signature = mac=sha256(appId + body + timestamp + OA secret key).
import type { ActionFunctionArgs } from "@remix-run/node";
import { LIMITS, retryAfterMs, webhookRateLimit } from "~/modules/auth/rate-limit.server";
import { recordReceipt, verifyZaloSignature } from "~/modules/notifications/receipts.server";
import { clientIp, parseJsonBody } from "~/utils/http.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const appId = process.env.ZALO_APP_ID, oaSecret = process.env.ZALO_OA_SECRET_KEY;
  if (!appId || !oaSecret) return new Response("Zalo events are not configured", { status: 404 });
  // Zalo sends one event per message delivered: a busy day is thousands a minute from its servers.
  // Only requests that fail the signature count against the address (a signed one costs one hash).
  const ip = clientIp(context);
  const tooMany = async () => {
    const wait = await webhookRateLimit({ ip });
    return wait > 0 ? new Response("too many requests", { status: 429, headers: { "Retry-After": String(Math.ceil(wait / 1000)) } }) : null;
  };
  if ((await retryAfterMs(`webhook:ip:${ip}`, LIMITS.webhookPerIp)) > 0) return (await tooMany())!;
  const raw = await request.text();
  if (raw.length > 20_000) return (await tooMany()) ?? new Response("too large", { status: 413 });
  let event: { event_name?: unknown; timestamp?: unknown; app_id?: unknown; message?: { msg_id?: unknown; tracking_id?: unknown; delivery_time?: unknown } };
  try {
    event = parseJsonBody(raw) as typeof event;
  } catch {
    return (await tooMany()) ?? new Response("invalid JSON", { status: 400 });
  }
  if (typeof event !== "object" || event === null) return (await tooMany()) ?? new Response("not an event", { status: 400 }); // "null", "7", "[]"…
  const timestamp = typeof event.timestamp === "string" || typeof event.timestamp === "number" ? String(event.timestamp) : "";
  if (!verifyZaloSignature({ appId, oaSecret, rawBody: raw, timestamp, header: request.headers.get("X-ZEvent-Signature") })) {
    return (await tooMany()) ?? new Response("invalid signature", { status: 400 });
  }
  if (event.event_name === "user_received_message" && event.message) {
    const str = (v: unknown) => (typeof v === "string" && v.length <= 100 ? v : null);
    const at = Number(event.message.delivery_time);
    await recordReceipt({ deliveryId: str(event.message.tracking_id), providerRef: str(event.message.msg_id), delivered: true, at: at > 0 && at < 8.64e15 ? new Date(at) : new Date() }); // else an Invalid Date
  }
  // Zalo retries until it gets a 200 within 2 s: other events are acknowledged and ignored
  return Response.json({ received: true });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
