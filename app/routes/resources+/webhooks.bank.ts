import type { ActionFunctionArgs } from "@remix-run/node";
import { webhookRateLimit } from "~/modules/auth/rate-limit.server";
import { clientIp, parseJsonBody } from "~/utils/http.server";
import { applyBankTransfer, bankWebhookSecret, BankNotificationSchema, verifyBankSignature } from "~/modules/payments/bank.server";

// Bank → us: one incoming transfer, HMAC-signed over the raw body (X-Signature: hex sha256).
export async function action({ request, context }: ActionFunctionArgs) {
  const secret = bankWebhookSecret();
  if (!secret) return new Response("bank notifications are not configured", { status: 404 });
  const wait = await webhookRateLimit({ ip: clientIp(context) });
  if (wait > 0) return new Response("too many requests", { status: 429, headers: { "Retry-After": String(Math.ceil(wait / 1000)) } });
  const raw = await request.text();
  if (raw.length > 10_000 || !verifyBankSignature(raw, request.headers.get("X-Signature"), secret)) return new Response("invalid signature", { status: 400 });
  let json: unknown;
  try {
    json = parseJsonBody(raw);
  } catch {
    return new Response("invalid JSON", { status: 400 });
  }
  const parsed = BankNotificationSchema.safeParse(json);
  if (!parsed.success) return new Response("invalid notification", { status: 400 });
  return Response.json({ received: true, outcome: await applyBankTransfer(parsed.data) });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
