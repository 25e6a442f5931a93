// Development only (see availability.server.ts): a card "provider" whose hosted page is our own
// /dev/card/<ref> route. Paying there applies the same PAID event a verified Stripe webhook
// would, through the same code path; refunds confirm themselves a moment later.
import { randomBytes } from "node:crypto";
import { InvalidWebhook, type PaymentProvider } from "../provider";

export const simulatedCardProvider: PaymentProvider = {
  name: "SIMULATED",
  async createCheckout() {
    const ref = `sim_${randomBytes(8).toString("hex")}`;
    return { ref, url: `/dev/card/${ref}` };
  },
  async refund({ paymentIntent }) {
    setTimeout(() => {
      void import("../simulated-card.server").then((m) => m.confirmSimulatedRefunds(paymentIntent)).catch((e) => console.warn("simulated refund:", (e as Error).message));
    }, 200).unref();
  },
  parseWebhook() {
    throw new InvalidWebhook("the simulated provider sends no webhooks");
  },
};
