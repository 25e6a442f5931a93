// Checkout is one idempotent function: read the cart, price it from the database, reserve stock
// with conditional updates, create the order split per farm, empty the cart — one transaction.
// The same idempotency key (a double tap, a resubmitted form) gives the same order, once.
import { farmSellerVerified } from "~/modules/identity/identity.server";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db, Prisma, type Tx } from "~/utils/db.server";
import { lineTotal, loadCart } from "~/modules/cart/cart.server";
import { announceStockLow, isRunningOut } from "./announce.server";
import { recordOrderEvent } from "./events.server";
import { RESERVATION_MINUTES } from "./lifecycle";
import { DomainError } from "~/utils/errors";
import type { CheckoutInput } from "./schemas";

const REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read aloud and typed in bank apps

export function transferReference(): string {
  return "CN" + Array.from({ length: 8 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join("");
}

/**
 * A digest of what the buyer is shown — every line's product, price and quantity. The checkout form
 * carries the one it was rendered with; if the order would be priced differently, the buyer is
 * shown the new total and asked again instead of being charged what they did not see.
 */
export function priceToken(lines: Array<{ productId: string; priceVnd: number; quantityMilli: number }>): string {
  const text = lines
    .map((l) => `${l.productId}:${l.priceVnd}:${l.quantityMilli}`)
    .sort()
    .join("|");
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * How long and how much one buyer may hold without paying (ADR 015): unpaid stock is stock no one
 * else can buy, so a hold is short, cannot be renewed, and one buyer holds only so much at once.
 * Configuration (README): HOLD_MAX_MINUTES, HOLD_MAX_SHARE_OF_STOCK, HOLD_MAX_UNPAID_PARTS,
 * HOLD_MAX_EXPIRED_PER_DAY; read at each use.
 */
export function holdLimits() {
  const num = (name: string, fallback: number, min: number, max: number) => {
    const v = Number(process.env[name]);
    return process.env[name] && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
  };
  return {
    /** a hold ends at most this long after the order was placed (a card payment started late extends it once, up to here) */
    maxMinutes: num("HOLD_MAX_MINUTES", 60, RESERVATION_MINUTES, 24 * 60),
    /** a product the buyer already holds unpaid: all their holds of it at most this share of what the farm has */
    maxShareOfStock: num("HOLD_MAX_SHARE_OF_STOCK", 0.5, 0, 1),
    /** unpaid parts (one per farm) one buyer may have waiting at once */
    maxUnpaidParts: Math.round(num("HOLD_MAX_UNPAID_PARTS", 4, 1, 1000)),
    /** parts of one buyer that expired unpaid in the last 24 hours after which no new hold is taken that day */
    maxExpiredPerDay: Math.round(num("HOLD_MAX_EXPIRED_PER_DAY", 3, 1, 1000)),
  };
}

export function newIdempotencyKey(): string {
  return randomBytes(16).toString("hex");
}

export type CheckoutErrorCode =
      | "cartEmpty" | "outOfStock" | "cartChanged" | "fulfilmentUnavailable" | "addressRequired" | "paymentUnavailable"
      | "pricesChanged" | "farmUnavailable" | "alreadyHeld" | "holdLimit" | "tooManyExpired";

/** Why an order cannot be placed (its status: app/utils/errors.ts). */
export class CheckoutError extends DomainError<CheckoutErrorCode> {}

export type PlaceOrderResult = { ok: true; orderId: string; number: string; created: boolean } | { ok: false; error: CheckoutError["code"]; detail?: string };

export async function placeOrder({
  userId,
  cartId,
  input,
  cardAvailable,
  now = new Date(),
}: {
  userId: string;
  cartId: string | null;
  /** `seenPrices`: the checkout form always carries it (CheckoutSchema); callers without a form (seed, benchmarks) leave it out */
  input: Omit<CheckoutInput, "seenPrices"> & { seenPrices?: string };
  cardAvailable: boolean;
  now?: Date;
}): Promise<PlaceOrderResult> {
  // The order this key already made, if any (a double tap, a resubmitted form, a retry).
  const placedAlready = async (): Promise<PlaceOrderResult | null> => {
    const existing = await db.order.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true, number: true, buyerId: true } });
    if (!existing) return null;
    if (existing.buyerId !== userId) return { ok: false, error: "cartChanged" };
    return { ok: true, orderId: existing.id, number: existing.number, created: false };
  };
  const placed = await placedAlready();
  if (placed) return placed;
  // A concurrent submission of the same form may place the order (and empty the cart) between
  // the check above and the cart being read: then that order is the answer, not "cart empty".
  const refuse = async (error: CheckoutError["code"], detail?: string): Promise<PlaceOrderResult> => (await placedAlready()) ?? { ok: false, error, detail };

  const cart = await loadCart(cartId);
  const groups = cart.groups.map((g) => ({ ...g, lines: g.lines.filter((l) => l.quantityMilli > 0) })).filter((g) => g.lines.length);
  if (groups.length === 0) return refuse("cartEmpty");
  const choices = new Map(input.farms.map((f) => [f.farmId, f]));
  for (const g of groups) {
    const c = choices.get(g.farm.id);
    if (!c) return refuse("cartChanged");
    if (g.farm.status !== "ACTIVE") return refuse("farmUnavailable", g.farm.name);
    // from the law's date a seller sells only with its identity verified (ADR 018)
    if (!(await farmSellerVerified(db, g.farm.id))) return refuse("farmUnavailable", g.farm.name);
    if ((c.fulfilment === "PICKUP" && !g.farm.offersPickup) || (c.fulfilment === "DELIVERY" && !g.farm.offersDelivery)) return refuse("fulfilmentUnavailable", g.farm.name);
    if (c.fulfilment === "DELIVERY" && c.address.length < 5) return refuse("addressRequired", g.farm.name);
    if (c.paymentMethod === "CARD" && !cardAvailable) return refuse("paymentUnavailable");
  }

  try {
    const order = await db.$transaction(
      async (tx: Tx) => {
        const created = await tx.order.create({
          data: { number: orderNumber(), idempotencyKey: input.idempotencyKey, buyerId: userId, buyerName: input.buyerName, buyerPhone: input.buyerPhone, totalVnd: 0 },
          select: { id: true, number: true },
        });
        // The reservation: take every line's stock first, in product-id order, so that concurrent
        // checkouts of overlapping carts (farms A+B and B+A) lock rows in the same order and never
        // deadlock (PostgreSQL aborted one of them before). Each take is one conditional UPDATE on
        // both engines; concurrent checkouts for the last units cannot both win.
        const prices = new Map<string, { priceVnd: number; name: string; unit: string }>();
        const runningOut: Array<{ productId: string; name: string; unit: string; farmId: string; afterMilli: number }> = [];
        const byProduct = groups.flatMap((g) => g.lines).sort((x, y) => (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0));
        await checkHoldLimits(tx, { userId, parts: groups.length, lines: byProduct, now });
        for (const l of byProduct) {
          // a suspended farm sells nothing, whatever its products' status (moderation, ADR 015)
          const taken = await tx.product.updateMany({
            where: { id: l.productId, status: "ACTIVE", farm: { status: "ACTIVE" }, stockMilli: { gte: l.quantityMilli } },
            data: { stockMilli: { decrement: l.quantityMilli } },
          });
          if (taken.count !== 1) throw new CheckoutError("outOfStock", l.name);
          const p = await tx.product.findUniqueOrThrow({ where: { id: l.productId }, select: { priceVnd: true, name: true, unit: true, stockMilli: true, stepMilli: true, farmId: true } });
          prices.set(l.productId, p);
          if (isRunningOut({ beforeMilli: p.stockMilli + l.quantityMilli, afterMilli: p.stockMilli, stepMilli: p.stepMilli })) {
            runningOut.push({ productId: l.productId, name: p.name, unit: p.unit, farmId: p.farmId, afterMilli: p.stockMilli });
          }
        }
        // what the buyer saw is what they pay: any price (or quantity) changed since the form was
        // rendered undoes everything and shows the new total
        if (input.seenPrices !== undefined && priceToken(byProduct.map((l) => ({ productId: l.productId, priceVnd: prices.get(l.productId)!.priceVnd, quantityMilli: l.quantityMilli }))) !== input.seenPrices) {
          throw new CheckoutError("pricesChanged");
        }
        const banks = new Map(
          (await tx.farm.findMany({ where: { id: { in: groups.map((g) => g.farm.id) } }, select: { id: true, bankBin: true, bankAccountNumber: true, bankAccountName: true } })).map((f) => [f.id, f]),
        );
        let total = 0;
        for (const g of groups) {
          const c = choices.get(g.farm.id)!;
          const lines: Prisma.OrderLineCreateWithoutFarmOrderInput[] = g.lines.map((l) => {
            const price = prices.get(l.productId)!;
            return { product: { connect: { id: l.productId } }, productName: price.name, unit: price.unit, priceVnd: price.priceVnd, quantityMilli: l.quantityMilli, lineTotalVnd: lineTotal(price.priceVnd, l.quantityMilli) };
          });
          const subtotalVnd = lines.reduce((s, l) => s + l.lineTotalVnd, 0);
          total += subtotalVnd;
          const farmOrder = await tx.farmOrder.create({
            select: { id: true },
            data: {
              orderId: created.id,
              farmId: g.farm.id,
              status: "AWAITING_PAYMENT",
              fulfilment: c.fulfilment,
              address: c.fulfilment === "DELIVERY" ? c.address : "",
              paymentMethod: c.paymentMethod,
              // the account the buyer is shown and pays into; a later change of the farm's does not move it
              ...(c.paymentMethod === "VIETQR"
                ? { bankBin: banks.get(g.farm.id)?.bankBin ?? null, bankAccountNumber: banks.get(g.farm.id)?.bankAccountNumber ?? null, bankAccountName: banks.get(g.farm.id)?.bankAccountName ?? null }
                : {}),
              transferRef: transferReference(),
              subtotalVnd,
              reservedUntil: new Date(now.getTime() + RESERVATION_MINUTES * 60_000),
              lines: { create: lines },
            },
          });
          await recordOrderEvent(tx, { farmOrderId: farmOrder.id, fromStatus: null, toStatus: "AWAITING_PAYMENT", actorId: userId, actorRole: "BUYER" });
        }
        await tx.order.update({ where: { id: created.id }, data: { totalVnd: total } });
        for (const r of runningOut) await announceStockLow(tx, { ...r, orderId: created.id });
        if (cartId) await tx.cartItem.deleteMany({ where: { cartId, productId: { in: groups.flatMap((g) => g.lines.map((l) => l.productId)) } } });
        return created;
      },
      { maxWait: 30_000, timeout: 20_000 },
    );
    deliverSoon();
    return { ok: true, orderId: order.id, number: order.number, created: true };
  } catch (e) {
    if (e instanceof CheckoutError) return { ok: false, error: e.code, detail: e.detail };
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      // the same key won a race a moment ago: that order is the answer
      const again = await placedAlready();
      if (again?.ok) return again;
    }
    throw e;
  }
}

/**
 * One buyer's holds are bounded (holdLimits()): a product they already hold unpaid is held again only
 * while all their holds of it stay within `maxShareOfStock` of what the farm has (a first hold may be
 * the whole stock: a buyer may buy everything, and has 30 minutes to pay); at most `maxUnpaidParts`
 * unpaid parts at once; none after `maxExpiredPerDay` parts expired unpaid in the last day. Inside
 * the checkout's transaction, before any stock is taken.
 */
async function checkHoldLimits(tx: Tx, { userId, parts, lines, now }: { userId: string; parts: number; lines: Array<{ productId: string; quantityMilli: number; name: string }>; now: Date }) {
  const HOLD_LIMITS = holdLimits();
  const unpaid = { status: "AWAITING_PAYMENT", reservedUntil: { gt: now }, order: { buyerId: userId } };
  const held = await tx.orderLine.groupBy({ by: ["productId"], where: { productId: { in: lines.map((l) => l.productId) }, farmOrder: unpaid }, _sum: { quantityMilli: true } });
  if (held.length) {
    const stocks = new Map((await tx.product.findMany({ where: { id: { in: held.map((h) => h.productId) } }, select: { id: true, stockMilli: true } })).map((p) => [p.id, p.stockMilli]));
    for (const h of held) {
      const line = lines.find((l) => l.productId === h.productId)!;
      const heldMilli = h._sum.quantityMilli ?? 0;
      if (heldMilli + line.quantityMilli > HOLD_LIMITS.maxShareOfStock * ((stocks.get(h.productId) ?? 0) + heldMilli)) throw new CheckoutError("alreadyHeld", line.name);
    }
  }
  if ((await tx.farmOrder.count({ where: unpaid })) + parts > HOLD_LIMITS.maxUnpaidParts) throw new CheckoutError("holdLimit", String(HOLD_LIMITS.maxUnpaidParts));
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const expired = await tx.farmOrder.count({ where: { status: "EXPIRED", order: { buyerId: userId }, createdAt: { gte: dayAgo } } });
  if (expired >= HOLD_LIMITS.maxExpiredPerDay) throw new CheckoutError("tooManyExpired", String(HOLD_LIMITS.maxExpiredPerDay));
}

function orderNumber(): string {
  return "CN-" + Array.from({ length: 7 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join("");
}
