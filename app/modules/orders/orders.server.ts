// Orders after checkout: reading them (buyer, farm), moving a farm order through its lifecycle
// with every change recorded, releasing stock of unpaid orders when their reservation expires.
import { recordIfHelper } from "~/modules/farms/audit.server";
import { recordOrderEvent } from "./events.server";
import { timelineEvent } from "./notes.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db } from "~/utils/db.server";
import { canTransition, holdsStock, type Actor } from "./lifecycle";
import { returnStock } from "./stock.server";
import { farmAbilities, farmRoleCan, farmWhereCan } from "~/modules/farms/roles";


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

/** `cardRefundDue`: a paid card part was cancelled; the flow asks the provider (app/flows/orders.server.ts). */
export type TransitionResult = { ok: true; cardRefundDue?: boolean } | { ok: false; error: "notYours" | "notAllowed" | "illegalTransition" | "reasonRequired" | "staleStatus" };

/**
 * Moves one farm order. Who may act is part of the query (a farm member for FARM, the buyer for
 * BUYER); the move is a conditional update on the current status, so a double tap changes nothing twice.
 */
export async function changeFarmOrderStatus({
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
  const where = actor === "FARM" ? { id: farmOrderId, farm: farmWhereCan(userId, "order:handle") } : { id: farmOrderId, order: { buyerId: userId } };
  const current = await db.farmOrder.findFirst({
    where,
    select: { status: true, fulfilment: true, paymentMethod: true, paymentStatus: true, subtotalVnd: true, paidVnd: true, farmId: true, farm: { select: { members: { where: { userId }, select: { role: true } } } } },
  });
  if (!current) return { ok: false, error: "notYours" };
  if (!canTransition(current, to, actor)) return { ok: false, error: "illegalTransition" };
  // saying a transfer arrived, or cancelling a paid part (a refund), moves money: not staff (roles.ts)
  if (actor === "FARM" && (to === "PAID" || (to === "CANCELLED" && current.paidVnd)) && !farmRoleCan(current.farm.members[0]?.role, "order:money")) {
    return { ok: false, error: "notAllowed" };
  }
  if (to === "CANCELLED" && actor === "FARM" && reason.trim().length < 3) return { ok: false, error: "reasonRequired" };
  const result = await db.$transaction(async (tx) => {
    const data: Record<string, unknown> = { status: to };
    if (to === "PAID") Object.assign(data, { paymentStatus: "PAID", paidVnd: current.subtotalVnd, reservedUntil: null });
    if (to === "CANCELLED") Object.assign(data, { cancelReason: reason.trim() || null, reservedUntil: null, paymentStatus: current.paidVnd ? "REFUND_PENDING" : "CANCELLED" });
    const { count } = await tx.farmOrder.updateMany({ where: { ...where, status: current.status }, data });
    if (count !== 1) return { ok: false, error: "staleStatus" } as const;
    if (to === "CANCELLED" && holdsStock(current.status)) await returnStock(tx, farmOrderId);
    await recordOrderEvent(tx, { farmOrderId, fromStatus: current.status, toStatus: to, actorId: userId, actorRole: actor, note: reason.trim() });
    if (actor === "FARM") await recordIfHelper(tx, { farmId: current.farmId, actorId: userId, action: "helper.order", detail: { farmOrderId, from: current.status, to }, role: current.farm.members[0]?.role ?? null });
    return { ok: true } as const;
  });
  if (!result.ok) return result;
  deliverSoon();
  return { ok: true, cardRefundDue: to === "CANCELLED" && !!current.paidVnd && current.paymentMethod === "CARD" };
}

const farmOrderDetail = {
  id: true, status: true, fulfilment: true, address: true, paymentMethod: true, paymentStatus: true, transferRef: true, subtotalVnd: true,
  reservedUntil: true, cancelReason: true, createdAt: true, paidVnd: true, refundRequestedVnd: true, refundedVnd: true, weighedAt: true,
  bankBin: true, bankAccountNumber: true, bankAccountName: true,
  farm: { select: { id: true, name: true, slug: true, phone: true } },
  lines: { select: { id: true, productName: true, unit: true, priceVnd: true, quantityMilli: true, lineTotalVnd: true, orderedMilli: true, product: { select: { soldByWeight: true } } }, orderBy: { productName: "asc" } },
  events: { select: { fromStatus: true, toStatus: true, actorRole: true, note: true, systemNote: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const;

/**
 * The status a page shows: an unpaid part whose hold has ended reads as expired at once, although
 * housekeeping (every minute) is what writes it and returns the stock. Pages only read: a GET never
 * writes (ADR 015).
 */
export function shownStatus<T extends { status: string; reservedUntil: Date | null }>(fo: T, now = new Date()): T {
  return fo.status === "AWAITING_PAYMENT" && fo.reservedUntil && fo.reservedUntil.getTime() <= now.getTime() ? { ...fo, status: "EXPIRED", reservedUntil: null } : fo;
}

export async function listBuyerOrders({ userId }: { userId: string }) {
  const orders = await db.order.findMany({
    where: { buyerId: userId },
    select: { id: true, number: true, totalVnd: true, createdAt: true, farmOrders: { select: { status: true, reservedUntil: true, farm: { select: { name: true } } } } },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  const now = new Date();
  return orders.map((o) => ({ ...o, farmOrders: o.farmOrders.map((fo) => shownStatus(fo, now)) }));
}

/** The buyer's order, each part as a page shows it (the VietQR code is added by the flow). */
export async function readBuyerOrder({ userId, orderId }: { userId: string; orderId: string }) {
  const now = new Date();
  const order = await db.order.findFirst({
    where: { id: orderId, buyerId: userId },
    select: { id: true, number: true, buyerName: true, buyerPhone: true, totalVnd: true, createdAt: true, farmOrders: { select: farmOrderDetail, orderBy: { createdAt: "asc" } } },
  });
  if (!order) return null;
  const farmOrders = order.farmOrders.map((fo) => shownStatus(fo, now)).map((fo) => ({
    ...fo,
    events: fo.events.map(timelineEvent),
    farm: { id: fo.farm.id, name: fo.farm.name, slug: fo.farm.slug, phone: fo.farm.phone },
  }));
  return { ...order, farmOrders };
}

/** A farm's inbox: its members see its orders, newest first; buyers' contact only for their own orders. */
export async function listFarmOrders({ userId, status }: { userId: string; status?: string }) {
  const now = new Date();
  const rows = await db.farmOrder.findMany({
    where: { farm: farmWhereCan(userId, "farm:view"), ...(status ? { status } : {}) },
    select: {
      id: true, status: true, reservedUntil: true, fulfilment: true, paymentMethod: true, subtotalVnd: true, createdAt: true, transferRef: true,
      farm: { select: { name: true } },
      order: { select: { number: true, buyerName: true } },
      _count: { select: { lines: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map((r) => shownStatus(r, now));
}

export async function getFarmOrder({ userId, farmOrderId }: { userId: string; farmOrderId: string }) {
  const part = await db.farmOrder.findFirst({
    where: { id: farmOrderId, farm: farmWhereCan(userId, "farm:view") },
    select: { ...farmOrderDetail, order: { select: { number: true, buyerName: true, buyerPhone: true } }, farm: { select: { ...farmOrderDetail.farm.select, members: { where: { userId }, select: { role: true } } } } },
  });
  if (!part) return null;
  const { farm: { members, ...farm }, ...rest } = shownStatus(part);
  return { ...rest, farm, events: part.events.map(timelineEvent), can: farmAbilities(members[0]?.role) };
}
