// Orders after checkout: reading them (buyer, farm), moving a farm order through its lifecycle
// with every change recorded, releasing stock of unpaid orders when their reservation expires.
import { recordOrderEvent } from "./events.server";
import { timelineEvent } from "./notes.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { requestCardRefund } from "~/modules/payments/refunds.server";
import { vietQr } from "~/modules/payments/vietqr.server";
import { canTransition, holdsStock, type Actor } from "./lifecycle";
import { returnStock } from "./stock.server";


/** Unpaid farm orders past their reservation: EXPIRED, stock back on the shelf. Idempotent. */
export async function releaseExpiredReservations(now = new Date()): Promise<number> {
  const due = await db.farmOrder.findMany({ where: { status: "AWAITING_PAYMENT", reservedUntil: { lt: now } }, select: { id: true } });
  let released = 0;
  for (const { id } of due) {
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.farmOrder.updateMany({ where: { id, status: "AWAITING_PAYMENT" }, data: { status: "EXPIRED", paymentStatus: "EXPIRED", reservedUntil: null } });
      if (count !== 1) return false; // another process got there first
      await returnStock(tx, id);
      await recordOrderEvent(tx, { farmOrderId: id, fromStatus: "AWAITING_PAYMENT", toStatus: "EXPIRED", actorRole: "SYSTEM", system: { key: "reservationExpired" } });
      return true;
    });
    if (done) released++;
  }
  if (released) deliverSoon(); // the buyers are told
  return released;
}

export type TransitionResult = { ok: true } | { ok: false; error: "notYours" | "illegalTransition" | "reasonRequired" | "staleStatus" };

/**
 * Moves one farm order. Who may act is part of the query (a farm member for FARM, the buyer for
 * BUYER); the move is a conditional update on the current status, so a double tap changes nothing twice.
 */
export async function transitionFarmOrder({
  farmOrderId,
  to,
  actor,
  userId,
  reason = "",
}: {
  farmOrderId: string;
  to: string;
  actor: Extract<Actor, "FARM" | "BUYER">;
  userId: string;
  reason?: string;
}): Promise<TransitionResult> {
  const where = actor === "FARM" ? { id: farmOrderId, farm: { members: { some: { userId } } } } : { id: farmOrderId, order: { buyerId: userId } };
  const current = await db.farmOrder.findFirst({ where, select: { status: true, fulfilment: true, paymentMethod: true, paymentStatus: true, subtotalVnd: true, paidVnd: true } });
  if (!current) return { ok: false, error: "notYours" };
  if (!canTransition(current, to, actor)) return { ok: false, error: "illegalTransition" };
  if (to === "CANCELLED" && actor === "FARM" && reason.trim().length < 3) return { ok: false, error: "reasonRequired" };
  const result = await db.$transaction(async (tx) => {
    const data: Record<string, unknown> = { status: to };
    if (to === "PAID") Object.assign(data, { paymentStatus: "PAID", paidVnd: current.subtotalVnd, reservedUntil: null });
    if (to === "CANCELLED") Object.assign(data, { cancelReason: reason.trim() || null, reservedUntil: null, paymentStatus: current.paidVnd ? "REFUND_PENDING" : "CANCELLED" });
    const { count } = await tx.farmOrder.updateMany({ where: { ...where, status: current.status }, data });
    if (count !== 1) return { ok: false, error: "staleStatus" } as const;
    if (to === "CANCELLED" && holdsStock(current.status)) await returnStock(tx, farmOrderId);
    await recordOrderEvent(tx, { farmOrderId, fromStatus: current.status, toStatus: to, actorId: userId, actorRole: actor, note: reason.trim() });
    return { ok: true } as const;
  });
  if (result.ok) deliverSoon();
  if (result.ok && to === "CANCELLED" && current.paidVnd && current.paymentMethod === "CARD") {
    // Outside the transaction: a provider outage must not undo the cancellation. The part stays
    // REFUND_PENDING (visible to farm and admin, retried by the background job) until the
    // provider's charge.refunded arrives.
    await requestCardRefund({ farmOrderId });
  }
  return result;
}

const farmOrderDetail = {
  id: true, status: true, fulfilment: true, address: true, paymentMethod: true, paymentStatus: true, transferRef: true, subtotalVnd: true,
  reservedUntil: true, cancelReason: true, createdAt: true, paidVnd: true, refundRequestedVnd: true, refundedVnd: true, weighedAt: true,
  farm: { select: { id: true, name: true, slug: true, phone: true, bankBin: true, bankAccountNumber: true, bankAccountName: true } },
  lines: { select: { id: true, productName: true, unit: true, priceVnd: true, quantityMilli: true, lineTotalVnd: true, orderedMilli: true, product: { select: { soldByWeight: true } } }, orderBy: { productName: "asc" } },
  events: { select: { fromStatus: true, toStatus: true, actorRole: true, note: true, systemNote: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const;

export async function listBuyerOrders({ userId }: { userId: string }) {
  await releaseExpiredReservations();
  return db.order.findMany({
    where: { buyerId: userId },
    select: { id: true, number: true, totalVnd: true, createdAt: true, farmOrders: { select: { status: true, farm: { select: { name: true } } } } },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}

/** The buyer's order with, for each unpaid bank-transfer part, the farm's VietQR code. */
export async function getBuyerOrder({ userId, orderId }: { userId: string; orderId: string }) {
  await releaseExpiredReservations();
  const order = await db.order.findFirst({
    where: { id: orderId, buyerId: userId },
    select: { id: true, number: true, buyerName: true, buyerPhone: true, totalVnd: true, createdAt: true, farmOrders: { select: farmOrderDetail, orderBy: { createdAt: "asc" } } },
  });
  if (!order) return null;
  const farmOrders = await Promise.all(
    order.farmOrders.map(async (fo) => ({
      ...fo,
      events: fo.events.map(timelineEvent),
      farm: { id: fo.farm.id, name: fo.farm.name, slug: fo.farm.slug, phone: fo.farm.phone },
      vietQr:
        fo.paymentMethod === "VIETQR" && fo.status === "AWAITING_PAYMENT" && fo.farm.bankBin && fo.farm.bankAccountNumber
          ? await vietQr({ bankBin: fo.farm.bankBin, accountNumber: fo.farm.bankAccountNumber, accountName: fo.farm.bankAccountName, amountVnd: fo.subtotalVnd, reference: fo.transferRef, returnUrl: `${env.PUBLIC_URL}/orders/${order.id}` })
          : null,
    })),
  );
  return { ...order, farmOrders };
}

/** A farm's inbox: its members see its orders, newest first; buyers' contact only for their own orders. */
export async function listFarmOrders({ userId, status }: { userId: string; status?: string }) {
  await releaseExpiredReservations();
  return db.farmOrder.findMany({
    where: { farm: { members: { some: { userId } } }, ...(status ? { status } : {}) },
    select: {
      id: true, status: true, fulfilment: true, paymentMethod: true, subtotalVnd: true, createdAt: true, transferRef: true,
      farm: { select: { name: true } },
      order: { select: { number: true, buyerName: true } },
      _count: { select: { lines: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}

export async function getFarmOrder({ userId, farmOrderId }: { userId: string; farmOrderId: string }) {
  const part = await db.farmOrder.findFirst({
    where: { id: farmOrderId, farm: { members: { some: { userId } } } },
    select: { ...farmOrderDetail, order: { select: { number: true, buyerName: true, buyerPhone: true } } },
  });
  return part && { ...part, events: part.events.map(timelineEvent) };
}
