// Card payments need Stripe keys. Without them the card option is shown disabled with the reason,
// and checkout refuses CARD — except in development (`npm run dev`), where a simulated provider
// lets the demo run end to end. Read at call time (tests point Stripe at a local fake).
import { createStripeProvider } from "./providers/stripe.server";
import { simulatedCardProvider } from "./providers/simulated.server";
import type { PaymentProvider } from "./provider";

let cached: { key: string; provider: PaymentProvider } | undefined;
/** The real Stripe provider when both keys are set. */
export function stripeProvider(): PaymentProvider | null {
  const secretKey = process.env.STRIPE_SECRET_KEY, webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secretKey || !webhookSecret) return null;
  const key = `${secretKey}|${webhookSecret}|${process.env.STRIPE_API_BASE ?? ""}`;
  if (cached?.key !== key) cached = { key, provider: createStripeProvider({ secretKey, webhookSecret, apiBase: process.env.STRIPE_API_BASE }) };
  return cached.provider;
}

/**
 * The simulator runs only when NODE_ENV is exactly "development" and no Stripe key is set. There is
 * deliberately no variable to switch it on: a production build (NODE_ENV=production) cannot use it.
 */
export function simulatedCardEnabled(): boolean {
  return process.env.NODE_ENV === "development" && !process.env.STRIPE_SECRET_KEY;
}

export function cardProvider(): PaymentProvider | null {
  return stripeProvider() ?? (simulatedCardEnabled() ? simulatedCardProvider : null);
}

export function cardPaymentsAvailable(): boolean {
  return cardProvider() !== null;
}
