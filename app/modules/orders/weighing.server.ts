// Sold-by-weight lines: the farm weighs what it packs and enters the final weight; the price is
// recalculated and, if the buyer paid more, the difference is refunded (card: through the
// provider; transfer: the farm sends it back and taps "refunded"). Weighing happens once, before
// the part leaves the farm, and never charges more than was paid. The card refund itself is asked
// of the provider by the flow (app/flows/orders.server.ts), after this commits.
import { lineTotal } from "~/modules/cart/cart.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db } from "~/utils/db.server";
import { recordOrderEvent } from "./events.server";
import { announceWeighing } from "./announce.server";
import { farmWhereCan } from "~/modules/farms/roles";

/** Statuses in which the farm has the money and the goods have not left yet. */
export const WEIGHABLE_STATUSES = ["PAID", "CONFIRMED", "PACKED"] as const;

export type WeighingResult =
  /** `cardRefundDue`: a card part paid more than it now costs; the flow asks the provider (app/flows/orders.server.ts) */
  | { ok: true; refundVnd: number; subtotalVnd: number; cardRefundDue: boolean }
  | { ok: false; error: "notYours" | "notWeighable" | "alreadyWeighed" | "weightInvalid" | "weightAboveOrdered" | "staleStatus"; lineId?: string };

export async function applyFinalWeights({ farmOrderId, userId, weights }: { farmOrderId: string; userId: string; weights: Record<string, number> }): Promise<WeighingResult> {
  // weighing a paid part lowers what the buyer owes and refunds the rest: money (roles.ts)
  const where = { id: farmOrderId, farm: farmWhereCan(userId, "order:money") };
  const part = await db.farmOrder.findFirst({
    where,
    select: {
      status: true, weighedAt: true, subtotalVnd: true, paidVnd: true, paymentMethod: true, orderId: true,
      lines: { select: { id: true, productId: true, productName: true, unit: true, priceVnd: true, quantityMilli: true, lineTotalVnd: true, product: { select: { soldByWeight: true } } } },
    },
  });
  if (!part) return { ok: false, error: "notYours" };
  if (part.weighedAt) return { ok: false, error: "alreadyWeighed" };
  if (!(WEIGHABLE_STATUSES as readonly string[]).includes(part.status)) return { ok: false, error: "notWeighable" };
  const weighable = part.lines.filter((l) => l.product.soldByWeight);
  if (weighable.length === 0) return { ok: false, error: "notWeighable" };
  for (const l of weighable) {
    const w = weights[l.id];
    if (w === undefined || !Number.isSafeInteger(w) || w <= 0) return { ok: false, error: "weightInvalid", lineId: l.id };
    if (w > l.quantityMilli) return { ok: false, error: "weightAboveOrdered", lineId: l.id };
  }
  const changes = weighable.map((l) => ({ ...l, finalMilli: weights[l.id], finalTotal: lineTotal(l.priceVnd, weights[l.id]) }));
  const oldLinesTotal = changes.reduce((s, c) => s + c.lineTotalVnd, 0);
  const newLinesTotal = changes.reduce((s, c) => s + c.finalTotal, 0);
  const subtotalVnd = part.subtotalVnd - oldLinesTotal + newLinesTotal;
  const refundVnd = Math.max(0, (part.paidVnd ?? 0) - subtotalVnd);

  const result = await db.$transaction(async (tx) => {
    // the conditional update is the lock: a double submit or a concurrent status change loses here
    const { count } = await tx.farmOrder.updateMany({
      where: { ...where, weighedAt: null, status: part.status },
      data: { weighedAt: new Date(), subtotalVnd, ...(refundVnd > 0 ? { paymentStatus: "REFUND_PENDING" } : {}) },
    });
    if (count !== 1) return { ok: false, error: "staleStatus" } as const;
    for (const c of changes) {
      if (c.finalMilli === c.quantityMilli) continue;
      await tx.orderLine.update({ where: { id: c.id }, data: { quantityMilli: c.finalMilli, lineTotalVnd: c.finalTotal, orderedMilli: c.quantityMilli } });
      // what was reserved but not packed goes back on the shelf
      await tx.product.update({ where: { id: c.productId }, data: { stockMilli: { increment: c.quantityMilli - c.finalMilli } } });
    }
    await tx.order.update({ where: { id: part.orderId }, data: { totalVnd: { decrement: part.subtotalVnd - subtotalVnd } } });
    const lines = changes.map((c) => ({ product: c.productName, unit: c.unit, fromMilli: c.quantityMilli, toMilli: c.finalMilli }));
    const eventId = await recordOrderEvent(tx, { farmOrderId, fromStatus: part.status, toStatus: part.status, actorRole: "FARM", actorId: userId, system: { key: "weighed", lines, refundVnd } });
    await announceWeighing(tx, { eventId, farmOrderId, lines, fromVnd: part.subtotalVnd, toVnd: subtotalVnd, refundVnd });
    return { ok: true, refundVnd, subtotalVnd, cardRefundDue: refundVnd > 0 && part.paymentMethod === "CARD" } as const;
  });
  if (result.ok) deliverSoon();
  return result;
}
