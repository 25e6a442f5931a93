import type { ActionFunctionArgs } from "@remix-run/node";
import { webhookRateLimit } from "~/modules/auth/rate-limit.server";
import { clientIp } from "~/utils/http.server";
import { stripeProvider } from "~/modules/payments/availability.server";
import { applyPaymentEvent } from "~/modules/payments/card.server";
import { InvalidWebhook } from "~/modules/payments/provider";

// Stripe → us. The signature is checked on the raw body before anything is parsed or changed.
export async function action({ request, context }: ActionFunctionArgs) {
  const provider = stripeProvider();
  if (!provider) return new Response("card payments are not configured", { status: 404 });
  const wait = await webhookRateLimit({ ip: clientIp(context) });
  if (wait > 0) return new Response("too many requests", { status: 429, headers: { "Retry-After": String(Math.ceil(wait / 1000)) } });
  const raw = await request.text();
  let event;
  try {
    event = provider.parseWebhook(raw, request.headers.get("Stripe-Signature"));
  } catch (e) {
    if (e instanceof InvalidWebhook) return new Response("invalid signature", { status: 400 });
    throw e;
  }
  const outcome = await applyPaymentEvent(event);
  return Response.json({ received: true, outcome });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
