// A small shop on the test file's database, made with the shared factories: farms with one product
// each, buyers with a cart and a logged-in session cookie; the checkout form a browser posts; and
// the consistency checks every system test ends with.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { db } from "~/utils/db.server";
import { ensureCart, loadCart, setCartLine } from "~/modules/cart/cart.server";
import { priceToken } from "~/modules/orders/checkout.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { getRequest, sessionCookieFor } from "../integration/helpers";
import type { HttpResult } from "./server";

export type Farm = { farmId: string; productId: string; stockMilli: number; priceVnd: number };
export type Buyer = { userId: string; cookie: string; ip: string; key: string; seenPrices: string; lines: Array<{ farmId: string; productId: string; quantityMilli: number; paymentMethod: "VIETQR" | "CARD" }> };

let categoryId: string | undefined;

export async function openFarms(count: number, { stockMilli, priceVnd = 20_000 }: { stockMilli: number; priceVnd?: number }): Promise<Farm[]> {
  if (!categoryId) {
    await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
    categoryId = (await createCategory(db)).id;
  }
  const farms: Farm[] = [];
  for (let i = 0; i < count; i++) {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    await db.farm.update({ where: { id: farm.id }, data: { bankBin: "970436", bankAccountNumber: "0071000123456", bankAccountName: "NGUYEN VAN A" } });
    const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli, priceVnd });
    farms.push({ farmId: farm.id, productId: product.id, stockMilli, priceVnd });
  }
  return farms;
}

let buyerNo = 0;
/** A logged-in buyer whose cart holds `lines`; the idempotency key its checkout form would carry. */
export async function buyerWithCart(lines: Buyer["lines"]): Promise<Buyer> {
  const user = await createUser(db);
  const { cartId } = await ensureCart(getRequest("/"), user.id);
  for (const l of lines) {
    const r = await setCartLine({ cartId, productId: l.productId, quantityMilli: l.quantityMilli });
    if (!r.ok) throw new Error(`cart line refused: ${r.error}`);
  }
  const n = ++buyerNo;
  // the prices the checkout page shows this buyer (its hidden seenPrices field)
  const seenPrices = priceToken((await loadCart(cartId)).groups.flatMap((g) => g.lines));
  return { userId: user.id, cookie: await sessionCookieFor(user.id), ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, key: randomBytes(16).toString("hex"), seenPrices, lines };
}

/** The checkout form as the page renders it (hidden idempotency key, one fieldset per farm). */
export function checkoutForm(buyer: Buyer): Record<string, string> {
  const fields: Record<string, string> = { idempotencyKey: buyer.key, seenPrices: buyer.seenPrices, buyerName: "Chị Mai", buyerPhone: "0912 345 678" };
  buyer.lines.forEach((l, i) => {
    Object.assign(fields, { [`farms[${i}].farmId`]: l.farmId, [`farms[${i}].fulfilment`]: "DELIVERY", [`farms[${i}].address`]: "12 Lê Lợi, Bà Rịa", [`farms[${i}].paymentMethod`]: l.paymentMethod });
  });
  return fields;
}

export type CheckoutOutcome = { kind: "order"; orderId: string } | { kind: "card"; sessionId: string } | { kind: "outOfStock" } | { kind: "refused"; status: number; body: string } | { kind: "lost"; error: string };

/** What a checkout POST's answer means: an order page, a card payment page, or a refusal. */
export function checkoutOutcome(r: HttpResult): CheckoutOutcome {
  const location = r.headers.location ?? "";
  const order = /^\/orders\/([^/?]+)$/.exec(location);
  if (r.status === 302 && order) return { kind: "order", orderId: order[1] };
  const card = /\/pay\/(cs_test_\w+)$/.exec(location);
  if (r.status === 302 && card) return { kind: "card", sessionId: card[1] };
  if (r.status === 409) return { kind: "outOfStock" };
  return { kind: "refused", status: r.status, body: `${location} ${r.body.slice(0, 300)}` };
}

const HOLDS_STOCK_NOT = ["EXPIRED", "CANCELLED"];

/**
 * The invariants after any fault: every order whole (at least one farm part, each with its lines
 * and its first event, totals adding up), stock = initial − what live parts hold, never negative.
 */
export async function expectConsistent(farms: Farm[]) {
  const orders = await db.order.findMany({
    select: { id: true, totalVnd: true, farmOrders: { select: { status: true, subtotalVnd: true, lines: { select: { lineTotalVnd: true } }, events: { select: { fromStatus: true, toStatus: true } } } } },
  });
  for (const o of orders) {
    expect(o.farmOrders.length, `order ${o.id} has no farm part`).toBeGreaterThan(0);
    expect(o.totalVnd, `order ${o.id} total`).toBe(o.farmOrders.reduce((s, f) => s + f.subtotalVnd, 0));
    for (const f of o.farmOrders) {
      expect(f.lines.length, `a part of ${o.id} has no lines`).toBeGreaterThan(0);
      expect(f.subtotalVnd).toBe(f.lines.reduce((s, l) => s + l.lineTotalVnd, 0));
      expect(f.events.filter((e) => e.fromStatus === null && e.toStatus === "AWAITING_PAYMENT")).toHaveLength(1);
    }
  }
  for (const farm of farms) {
    const held = await db.orderLine.aggregate({ where: { productId: farm.productId, farmOrder: { status: { notIn: HOLDS_STOCK_NOT } } }, _sum: { quantityMilli: true } });
    const { stockMilli } = await db.product.findUniqueOrThrow({ where: { id: farm.productId }, select: { stockMilli: true } });
    expect(stockMilli, `stock of ${farm.productId}`).toBe(farm.stockMilli - (held._sum.quantityMilli ?? 0));
    expect(stockMilli).toBeGreaterThanOrEqual(0);
  }
  return orders.length;
}
