// Who hears of what happens to an order (ADR 014), written with the event in its transaction:
//   to the farm's members — a new order, the money arrived, a transfer to check, the buyer
//     cancelled, the hold of an unpaid part ends in 10 minutes, a product is running out;
//   to the buyer — paid, confirmed, shipped, ready for pick-up, delivered, cancelled by the farm,
//     expired, weighed (new amount), refunded, and the 10-minute warning before the hold ends.
// One notification per event and person: the dedupe key names the event row, or the moment.
import { formatQuantity } from "~/modules/i18n/format";
import { isLocale } from "~/modules/i18n/i18n";
import { i18nFor } from "~/modules/i18n/i18next.server";
import { notify } from "~/modules/notifications/notify.server";
import type { Kind } from "~/modules/notifications/channels";
import type { Params } from "~/modules/notifications/texts.server";
import { db, type Tx } from "~/utils/db.server";
import type { SystemNote } from "./notes.server";
import { describeWeighedLines } from "./notes";

/** Minutes before the end of a hold that farm and buyer are warned. */
export const HOLD_WARNING_MINUTES = 10;

const partSelect = {
  id: true, orderId: true, subtotalVnd: true, paymentMethod: true, reservedUntil: true, cancelReason: true,
  farm: { select: { name: true, members: { select: { userId: true } } } },
  order: { select: { number: true, buyerId: true, buyerName: true } },
} as const;

type Part = NonNullable<Awaited<ReturnType<typeof loadPart>>>;
function loadPart(tx: Tx, farmOrderId: string) {
  return tx.farmOrder.findUnique({ where: { id: farmOrderId }, select: partSelect });
}

const baseParams = (p: Part): Params => ({ number: p.order.number, farm: p.farm.name, buyer: p.order.buyerName, amountVnd: p.subtotalVnd, payment: p.paymentMethod });

async function toFarm(tx: Tx, p: Part, key: string, kind: Kind, params: Params, expiresAt?: Date | null) {
  for (const m of p.farm.members) {
    await notify(tx, { dedupeKey: `${key}:${m.userId}`, kind, to: { userId: m.userId, audience: "FARM" }, params: { ...baseParams(p), ...params }, link: `/seller/orders/${p.id}`, expiresAt });
  }
}

async function toBuyer(tx: Tx, p: Part, key: string, kind: Kind, params: Params, expiresAt?: Date | null) {
  if (!p.order.buyerId) return;
  await notify(tx, { dedupeKey: `${key}:${p.order.buyerId}`, kind, to: { userId: p.order.buyerId, audience: "BUYER" }, params: { ...baseParams(p), ...params }, link: `/orders/${p.orderId}`, expiresAt });
}

/** Statuses a buyer is told about (PACKED is the farm's own business; AWAITING_PAYMENT they just saw). */
const BUYER_HEARS = new Set(["PAID", "CONFIRMED", "SHIPPED", "READY_FOR_PICKUP", "DELIVERED", "CANCELLED", "EXPIRED"]);

export async function announceOrderEvent(
  tx: Tx,
  e: { eventId: string; farmOrderId: string; fromStatus: string | null; toStatus: string; actorRole: string; system?: SystemNote },
): Promise<void> {
  const key = `order-event:${e.eventId}`;
  if (e.fromStatus !== e.toStatus) {
    const p = await loadPart(tx, e.farmOrderId);
    if (!p) return;
    if (e.toStatus === "AWAITING_PAYMENT") await toFarm(tx, p, key, "ORDER_NEW", {});
    // the farm confirmed the transfer itself: nothing to tell it
    if (e.toStatus === "PAID" && e.actorRole !== "FARM") await toFarm(tx, p, key, "ORDER_PAID", {});
    if (e.toStatus === "CANCELLED" && e.actorRole === "BUYER") await toFarm(tx, p, key, "ORDER_CANCELLED", {});
    // the buyer's own cancellation needs no message to the buyer
    if (BUYER_HEARS.has(e.toStatus) && !(e.toStatus === "CANCELLED" && e.actorRole === "BUYER")) {
      await toBuyer(tx, p, key, "ORDER_STATUS", { status: e.toStatus });
    }
    return;
  }
  const s = e.system;
  if (!s) return;
  if (s.key === "transferWrongAmount" || s.key === "transferWrongAccount" || s.key === "transferLate") {
    const p = await loadPart(tx, e.farmOrderId);
    if (!p) return;
    await toFarm(tx, p, key, "TRANSFER_FLAGGED", {
      reason: s.key,
      ref: s.ref,
      ...(s.key === "transferWrongAmount" ? { amountVnd: s.amountVnd, expectedVnd: s.expectedVnd } : {}),
      ...(s.key === "transferLate" ? { status: s.status } : {}),
    });
  }
  if (s.key === "refundConfirmed" || s.key === "refundedByTransfer") {
    const p = await loadPart(tx, e.farmOrderId);
    if (p) await toBuyer(tx, p, key, "ORDER_REFUNDED", { amountVnd: s.amountVnd });
  }
}

/** After weighing: the buyer learns the new amount and any refund, in their language. */
export async function announceWeighing(
  tx: Tx,
  { eventId, farmOrderId, lines, fromVnd, toVnd, refundVnd }: { eventId: string; farmOrderId: string; lines: Extract<SystemNote, { key: "weighed" }>["lines"]; fromVnd: number; toVnd: number; refundVnd: number },
): Promise<void> {
  const p = await loadPart(tx, farmOrderId);
  if (!p?.order.buyerId || fromVnd === toVnd) return;
  const buyer = await tx.user.findUnique({ where: { id: p.order.buyerId }, select: { locale: true } });
  const lng = isLocale(buyer?.locale) ? buyer.locale : "vi";
  const { t } = await i18nFor(lng);
  await toBuyer(tx, p, `order-event:${eventId}`, "ORDER_WEIGHED", { lines: describeWeighedLines(lines, t, lng), fromVnd, toVnd, refundVnd, amountVnd: toVnd });
}

/** Housekeeping: the unpaid parts whose hold ends within 10 minutes; each warned once per hold. */
export async function announceExpiringHolds(now = new Date()): Promise<number> {
  const soon = new Date(now.getTime() + HOLD_WARNING_MINUTES * 60_000);
  const due = await db.farmOrder.findMany({
    where: { status: "AWAITING_PAYMENT", reservedUntil: { gt: now, lte: soon } },
    select: { id: true, reservedUntil: true },
    take: 500,
  });
  let warned = 0;
  for (const d of due) {
    const until = d.reservedUntil!;
    const key = `hold-expiring:${d.id}:${until.getTime()}`;
    if (await db.notification.findFirst({ where: { dedupeKey: { startsWith: key } }, select: { id: true } })) continue;
    await db.$transaction(async (tx) => {
      const p = await loadPart(tx, d.id);
      if (!p || !p.reservedUntil) return;
      const params = { until: until.toISOString(), minutes: Math.max(1, Math.round((until.getTime() - now.getTime()) / 60_000)) };
      await toFarm(tx, p, key, "HOLD_EXPIRING", { ...params, audience: "FARM" }, until);
      await toBuyer(tx, p, key, "HOLD_EXPIRING", { ...params, audience: "BUYER" }, until);
    });
    warned++;
  }
  return warned;
}

/** A sale that took a product's stock down to its last few units: its farm is told, once. */
export function isRunningOut({ beforeMilli, afterMilli, stepMilli }: { beforeMilli: number; afterMilli: number; stepMilli: number }): boolean {
  const threshold = 3 * Math.max(stepMilli, 1);
  return beforeMilli > threshold && afterMilli <= threshold;
}

export async function announceStockLow(
  tx: Tx,
  { productId, orderId, name, unit, farmId, afterMilli }: { productId: string; orderId: string; name: string; unit: string; farmId: string; afterMilli: number },
): Promise<void> {
  const farm = await tx.farm.findUnique({ where: { id: farmId }, select: { name: true, members: { select: { userId: true, user: { select: { locale: true } } } } } });
  if (!farm) return;
  for (const m of farm.members) {
    const lng = isLocale(m.user.locale) ? m.user.locale : "vi";
    const { t } = await i18nFor(lng);
    await notify(tx, {
      dedupeKey: `stock-low:${productId}:${orderId}:${m.userId}`,
      kind: "STOCK_LOW",
      to: { userId: m.userId, audience: "FARM" },
      params: { product: name, farm: farm.name, left: `${formatQuantity(afterMilli, lng)} ${t(`units.${unit}`, { defaultValue: unit })}` },
      link: `/seller/products/${productId}`,
    });
  }
}
