import type { ActionFunctionArgs } from "@remix-run/node";
import { stripeProvider } from "~/modules/payments/availability.server";
import { applyPaymentEvent } from "~/modules/payments/card.server";
import { InvalidWebhook } from "~/modules/payments/provider";

// Stripe → us. The signature is checked on the raw body before anything is parsed or changed.
export async function action({ request }: ActionFunctionArgs) {
  const provider = stripeProvider();
  if (!provider) return new Response("card payments are not configured", { status: 404 });
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
