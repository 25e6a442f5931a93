// Checkout is one idempotent function: read the cart, price it from the database, reserve stock
// with conditional updates, create the order split per farm, empty the cart — one transaction.
// The same idempotency key (a double tap, a resubmitted form) gives the same order, once.
import { randomBytes, randomInt } from "node:crypto";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db, Prisma, type Tx } from "~/utils/db.server";
import { lineTotal, loadCart } from "~/modules/cart/cart.server";
import { announceStockLow, isRunningOut } from "./announce.server";
import { recordOrderEvent } from "./events.server";
import { RESERVATION_MINUTES } from "./lifecycle";
import type { CheckoutInput } from "./schemas";

const REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read aloud and typed in bank apps

export function transferReference(): string {
  return "CN" + Array.from({ length: 8 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join("");
}

export function newIdempotencyKey(): string {
  return randomBytes(16).toString("hex");
}

export class CheckoutError extends Error {
  constructor(
    readonly code: "cartEmpty" | "outOfStock" | "cartChanged" | "fulfilmentUnavailable" | "addressRequired" | "paymentUnavailable",
    readonly detail?: string,
  ) {
    super(code);
  }
}

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
  input: CheckoutInput;
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
        for (const l of byProduct) {
          const taken = await tx.product.updateMany({
            where: { id: l.productId, status: "ACTIVE", stockMilli: { gte: l.quantityMilli } },
            data: { stockMilli: { decrement: l.quantityMilli } },
          });
          if (taken.count !== 1) throw new CheckoutError("outOfStock", l.name);
          const p = await tx.product.findUniqueOrThrow({ where: { id: l.productId }, select: { priceVnd: true, name: true, unit: true, stockMilli: true, stepMilli: true, farmId: true } });
          prices.set(l.productId, p);
          if (isRunningOut({ beforeMilli: p.stockMilli + l.quantityMilli, afterMilli: p.stockMilli, stepMilli: p.stepMilli })) {
            runningOut.push({ productId: l.productId, name: p.name, unit: p.unit, farmId: p.farmId, afterMilli: p.stockMilli });
          }
        }
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

function orderNumber(): string {
  return "CN-" + Array.from({ length: 7 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join("");
}
