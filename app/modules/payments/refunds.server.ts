// Refunds, whole or partial, card or transfer. Each farm part keeps three running totals:
// paidVnd (what arrived), refundRequestedVnd (asked of the provider, or owed by the farm for a
// transfer) and refundedVnd (confirmed). What is owed follows from them, so every step can be
// retried: a card refund is asked with an idempotency key naming the cumulative target, and the
// provider's charge.refunded (cumulative per payment) only ever raises refundedVnd.
import { farmWhereCan } from "~/modules/farms/roles";
import { db, type Tx } from "~/utils/db.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { recordOrderEvent } from "~/modules/orders/events.server";
import { cardProvider } from "./availability.server";

type Money = { status: string; subtotalVnd: number; paidVnd: number | null; refundRequestedVnd: number };

/** Money the buyer should get back that nobody has asked for yet. */
export function refundOwed(p: Money): number {
  const kept = p.status === "CANCELLED" || p.status === "EXPIRED" ? 0 : p.subtotalVnd;
  return Math.max(0, (p.paidVnd ?? 0) - kept - p.refundRequestedVnd);
}

/** paymentStatus once refunds are settled (or still pending). */
export function refundStatus(p: Money & { refundedVnd: number }): string {
  if (refundOwed(p) > 0 || p.refundRequestedVnd > p.refundedVnd) return "REFUND_PENDING";
  if (p.refundedVnd === 0) return "PAID";
  return p.refundedVnd >= (p.paidVnd ?? 0) ? "REFUNDED" : "PARTLY_REFUNDED";
}

const moneySelect = { id: true, status: true, subtotalVnd: true, paidVnd: true, refundRequestedVnd: true, refundedVnd: true, paymentMethod: true, paymentIntent: true } as const;

export type RefundResult = { ok: true; amountVnd: number } | { ok: false; error: "notYours" | "nothingOwed" | "paymentUnavailable" | "providerFailed" };

/**
 * Asks the card provider for what a part is owed. The provider call comes first and carries an
 * idempotency key of the cumulative target, so a crash between it and the update, or a retry,
 * never refunds twice. Returns what was asked for.
 */
export async function requestCardRefund({ farmOrderId }: { farmOrderId: string }): Promise<RefundResult> {
  const part = await db.farmOrder.findUnique({ where: { id: farmOrderId }, select: moneySelect });
  if (!part || part.paymentMethod !== "CARD" || !part.paymentIntent) return { ok: false, error: "notYours" };
  const owed = refundOwed(part);
  if (owed === 0) return { ok: false, error: "nothingOwed" };
  const provider = cardProvider();
  if (!provider) return { ok: false, error: "paymentUnavailable" };
  const target = part.refundRequestedVnd + owed;
  try {
    await provider.refund({ paymentIntent: part.paymentIntent, amountVnd: owed, idempotencyKey: `refund-${farmOrderId}-${target}` });
  } catch (e) {
    console.warn(`refund of ${farmOrderId} not started yet:`, (e as Error).message);
    return { ok: false, error: "providerFailed" };
  }
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.farmOrder.updateMany({
      where: { id: farmOrderId, refundRequestedVnd: part.refundRequestedVnd },
      data: { refundRequestedVnd: target, paymentStatus: "REFUND_PENDING" },
    });
    if (count === 1) await recordOrderEvent(tx, { farmOrderId, fromStatus: part.status, toStatus: part.status, actorRole: "PAYMENT", system: { key: "refundRequested", amountVnd: owed } });
    return count === 1;
  });
  return done ? { ok: true, amountVnd: owed } : { ok: false, error: "nothingOwed" };
}

/** Card parts with money owed or a refund not yet confirmed, for the admin and the retry job. */
export async function listPendingRefunds({ take = 100 } = {}) {
  const rows = await db.farmOrder.findMany({
    where: { paymentStatus: "REFUND_PENDING" },
    select: { ...moneySelect, updatedAt: true, cancelReason: true, farm: { select: { name: true } }, order: { select: { number: true } } },
    orderBy: { updatedAt: "asc" },
    take,
  });
  return rows.map((r) => ({ ...r, owedVnd: refundOwed(r), awaitingVnd: r.refundRequestedVnd - r.refundedVnd }));
}

/** Retries every card refund still owed (the background job and the admin's button). */
export async function retryOwedCardRefunds(): Promise<number> {
  let asked = 0;
  for (const r of await listPendingRefunds()) {
    if (r.paymentMethod === "CARD" && r.owedVnd > 0 && (await requestCardRefund({ farmOrderId: r.id })).ok) asked++;
  }
  return asked;
}

/**
 * The provider confirmed refunds on a payment: `refundedTotalVnd` is cumulative over the whole
 * payment (one Checkout can pay several farms), shared out over its parts in a stable order.
 */
export async function applyRefundConfirmation(tx: Tx, { paymentIntent, refundedTotalVnd }: { paymentIntent: string; refundedTotalVnd: number }): Promise<number> {
  const parts = await tx.farmOrder.findMany({ where: { paymentIntent, paymentMethod: "CARD" }, select: moneySelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  let left = refundedTotalVnd, changed = 0;
  for (const p of parts) {
    const share = Math.min(p.refundRequestedVnd, left);
    left -= share;
    if (share <= p.refundedVnd) continue; // an older, smaller total arriving late lowers nothing
    const paymentStatus = refundStatus({ ...p, refundedVnd: share });
    const { count } = await tx.farmOrder.updateMany({ where: { id: p.id, refundedVnd: p.refundedVnd }, data: { refundedVnd: share, paymentStatus } });
    if (count === 1) {
      changed++;
      await recordOrderEvent(tx, { farmOrderId: p.id, fromStatus: p.status, toStatus: p.status, actorRole: "PAYMENT", system: { key: "refundConfirmed", amountVnd: share - p.refundedVnd } });
    }
  }
  return changed;
}

/** A transfer part: the farm sent the owed money back to the buyer and says so with one tap. */
export async function markTransferRefunded({ farmOrderId, userId }: { farmOrderId: string; userId: string }): Promise<RefundResult> {
  const part = await db.farmOrder.findFirst({ where: { id: farmOrderId, paymentMethod: "VIETQR", farm: farmWhereCan(userId, "order:money") }, select: { ...moneySelect, refundedVnd: true } });
  if (!part) return { ok: false, error: "notYours" };
  const owed = refundOwed(part) + (part.refundRequestedVnd - part.refundedVnd);
  if (owed === 0) return { ok: false, error: "nothingOwed" };
  const total = part.refundedVnd + owed;
  const result = await db.$transaction(async (tx) => {
    const settled = { ...part, refundRequestedVnd: Math.max(part.refundRequestedVnd, total), refundedVnd: total };
    const { count } = await tx.farmOrder.updateMany({
      where: { id: farmOrderId, refundedVnd: part.refundedVnd, refundRequestedVnd: part.refundRequestedVnd },
      data: { refundRequestedVnd: settled.refundRequestedVnd, refundedVnd: total, paymentStatus: refundStatus(settled) },
    });
    if (count !== 1) return { ok: false, error: "nothingOwed" } as const;
    await recordOrderEvent(tx, { farmOrderId, fromStatus: part.status, toStatus: part.status, actorRole: "FARM", actorId: userId, system: { key: "refundedByTransfer", amountVnd: owed } });
    return { ok: true, amountVnd: owed } as const;
  });
  if (result.ok) deliverSoon(); // the buyer hears of it
  return result;
}
