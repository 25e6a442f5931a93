// The development card simulator's page and its outcomes (providers/simulated.server.ts).
import { db } from "~/utils/db.server";
import { simulatedCardEnabled } from "./availability.server";
import { applyPaymentEvent } from "./card.server";

export async function getSimulatedCheckout({ ref, userId }: { ref: string; userId: string }) {
  if (!simulatedCardEnabled() || !/^sim_[a-f0-9]{16}$/.test(ref)) return null;
  const parts = await db.farmOrder.findMany({
    where: { paymentRef: ref, paymentMethod: "CARD", order: { buyerId: userId } },
    select: { id: true, status: true, subtotalVnd: true, orderId: true, farm: { select: { name: true } }, order: { select: { number: true } } },
  });
  if (parts.length === 0) return null;
  return { ref, orderId: parts[0].orderId, number: parts[0].order.number, parts, totalVnd: parts.reduce((s, p) => s + p.subtotalVnd, 0) };
}

/** What a card would do on the hosted page: pay in full, or be declined. */
export async function completeSimulatedCheckout({ ref, userId, outcome }: { ref: string; userId: string; outcome: "pay" | "decline" }) {
  const checkout = await getSimulatedCheckout({ ref, userId });
  if (!checkout) return null;
  const event = outcome === "pay"
    ? ({ id: `${ref}:paid`, kind: "PAID", ref, paymentIntent: `pi_${ref}`, amountVnd: checkout.totalVnd } as const)
    : ({ id: `${ref}:failed`, kind: "FAILED", ref } as const);
  await applyPaymentEvent(event, "SIMULATED");
  return checkout;
}

/** The simulated provider's charge.refunded: everything asked for is confirmed. */
export async function confirmSimulatedRefunds(paymentIntent: string) {
  const parts = await db.farmOrder.findMany({ where: { paymentIntent }, select: { refundRequestedVnd: true } });
  const total = parts.reduce((s, p) => s + p.refundRequestedVnd, 0);
  await applyPaymentEvent({ id: `${paymentIntent}:refunded:${total}`, kind: "REFUNDED", paymentIntent, amountRefundedVnd: total }, "SIMULATED");
}
