// Card payments need Stripe keys (issue 4, part 2). Until they are configured the card option is
// shown disabled with the reason, and checkout refuses CARD.
export function cardPaymentsAvailable(): boolean {
  return Boolean(process.env.STRIPE_SECRET_KEY && process.env.STRIPE_WEBHOOK_SECRET);
}
