// Card payments need Stripe keys. Without them the card option is shown disabled with the reason,
// and checkout refuses CARD. Read at call time (tests point it at a local fake of Stripe's API).
import { createStripeProvider } from "./providers/stripe.server";
import type { PaymentProvider } from "./provider";

export function cardPaymentsAvailable(): boolean {
  return Boolean(process.env.STRIPE_SECRET_KEY && process.env.STRIPE_WEBHOOK_SECRET);
}

let cached: { key: string; provider: PaymentProvider } | undefined;
export function cardProvider(): PaymentProvider | null {
  const secretKey = process.env.STRIPE_SECRET_KEY, webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secretKey || !webhookSecret) return null;
  const key = `${secretKey}|${webhookSecret}|${process.env.STRIPE_API_BASE ?? ""}`;
  if (cached?.key !== key) cached = { key, provider: createStripeProvider({ secretKey, webhookSecret, apiBase: process.env.STRIPE_API_BASE }) };
  return cached.provider;
}
