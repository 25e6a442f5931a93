// Stripe Checkout (hosted page). VND is a zero-decimal currency: amounts are whole đồng.
// Fulfilment happens only from verified webhooks (card.server.ts), never from the success URL.
import Stripe from "stripe";
import { z } from "zod";
import { InvalidWebhook, type PaymentProvider, type PaymentWebhookEvent } from "../provider";

export type StripeConfig = { secretKey: string; webhookSecret: string; apiBase?: string };

export function createStripeProvider(cfg: StripeConfig): PaymentProvider {
  const base = cfg.apiBase ? new URL(cfg.apiBase) : null;
  const stripe = new Stripe(cfg.secretKey, {
    maxNetworkRetries: 2,
    telemetry: false,
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol.replace(":", "") as "http" | "https", maxNetworkRetries: 0 } : {}),
  });

  return {
    name: "STRIPE",
    async createCheckout({ orderId, orderNumber, parts, successUrl, cancelUrl, expiresAt }) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          currency: "vnd",
          client_reference_id: orderId,
          metadata: { orderId, orderNumber, farmOrderIds: parts.map((p) => p.farmOrderId).join(",") },
          line_items: parts.map((p) => ({ quantity: 1, price_data: { currency: "vnd", unit_amount: p.amountVnd, product_data: { name: p.label } } })),
          success_url: successUrl,
          cancel_url: cancelUrl,
          expires_at: Math.floor(expiresAt.getTime() / 1000),
        },
        { idempotencyKey: `checkout-${orderId}-${parts.map((p) => p.farmOrderId).join("-")}-${Math.floor(expiresAt.getTime() / 60000)}` },
      );
      if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
      return { ref: session.id, url: session.url };
    },
    async refund({ paymentIntent, amountVnd, idempotencyKey }) {
      await stripe.refunds.create({ payment_intent: paymentIntent, amount: amountVnd }, { idempotencyKey });
    },
    parseWebhook(rawBody, signature): PaymentWebhookEvent {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature ?? "", cfg.webhookSecret);
      } catch (e) {
        throw new InvalidWebhook((e as Error).message);
      }
      // Signed, yet read as untrusted: an event whose fields are not what Stripe documents (a
      // number for an id, no data.object) is refused like a bad signature, not a server error.
      let mapped: unknown;
      try {
        mapped = toOurEvent(event);
      } catch {
        throw new InvalidWebhook("malformed event");
      }
      const checked = OurEvent.safeParse(mapped);
      if (!checked.success) throw new InvalidWebhook("malformed event");
      return checked.data;
    },
  };
}

const id = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/); // Stripe's ids are ASCII (no NUL, no lone surrogate)
const OurEvent: z.ZodType<PaymentWebhookEvent> = z.union([
  z.object({ id, kind: z.literal("PAID"), ref: id, paymentIntent: id.nullable(), amountVnd: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), farmOrderIds: z.array(id).max(100).optional() }),
  z.object({ id, kind: z.literal("PENDING"), ref: id }),
  z.object({ id, kind: z.literal("FAILED"), ref: id }),
  z.object({ id, kind: z.literal("EXPIRED"), ref: id }),
  z.object({ id, kind: z.literal("REFUNDED"), paymentIntent: id, amountRefundedVnd: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }),
  z.object({ id, kind: z.literal("IGNORED"), type: id }),
]);

function toOurEvent(event: Stripe.Event): PaymentWebhookEvent {
  const intentId = (pi: string | Stripe.PaymentIntent | null) => (typeof pi === "string" ? pi : (pi?.id ?? null));
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const s = event.data.object;
      if (s.payment_status !== "paid" && s.payment_status !== "no_payment_required") return { id: event.id, kind: "PENDING", ref: s.id };
      const farmOrderIds = (s.metadata?.farmOrderIds ?? "").split(",").filter(Boolean);
      return { id: event.id, kind: "PAID", ref: s.id, paymentIntent: intentId(s.payment_intent), amountVnd: s.amount_total ?? 0, farmOrderIds };
    }
    case "checkout.session.async_payment_failed":
      return { id: event.id, kind: "FAILED", ref: event.data.object.id };
    case "checkout.session.expired":
      return { id: event.id, kind: "EXPIRED", ref: event.data.object.id };
    case "charge.refunded": {
      const charge = event.data.object;
      const pi = intentId(charge.payment_intent);
      if (!pi) return { id: event.id, kind: "IGNORED", type: event.type };
      return { id: event.id, kind: "REFUNDED", paymentIntent: pi, amountRefundedVnd: charge.amount_refunded };
    }
    default:
      return { id: event.id, kind: "IGNORED", type: event.type };
  }
}
