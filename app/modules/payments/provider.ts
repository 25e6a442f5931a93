// One interface for card payment providers (STYLE.md habit 6). Provider events are mapped to our
// own small set before anything else sees them.
export type CheckoutPart = { farmOrderId: string; label: string; amountVnd: number };

export type PaymentWebhookEvent =
  // farmOrderIds: the parts the session was made for (a newer session may have replaced it since)
  | { id: string; kind: "PAID"; ref: string; paymentIntent: string | null; amountVnd: number; farmOrderIds?: string[] }
  | { id: string; kind: "PENDING"; ref: string }
  | { id: string; kind: "FAILED"; ref: string }
  | { id: string; kind: "EXPIRED"; ref: string }
  | { id: string; kind: "REFUNDED"; paymentIntent: string; amountRefundedVnd: number }
  | { id: string; kind: "IGNORED"; type: string };

export class InvalidWebhook extends Error {}

export interface PaymentProvider {
  readonly name: "STRIPE" | "SIMULATED";
  /** A hosted payment page for these parts of one order; returns where to send the buyer. */
  createCheckout(input: { orderId: string; orderNumber: string; parts: CheckoutPart[]; successUrl: string; cancelUrl: string; expiresAt: Date }): Promise<{ ref: string; url: string }>;
  refund(input: { paymentIntent: string; amountVnd: number; idempotencyKey: string }): Promise<void>;
  /** Verifies the signature on the raw body before parsing; throws InvalidWebhook. */
  parseWebhook(rawBody: string, signature: string | null): PaymentWebhookEvent;
}
