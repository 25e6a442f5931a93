// Checkout on the real engine: prices from the database, an order split per farm, stock never
// oversold under 50 parallel checkouts, one order per idempotency key, expiry and cancellation
// returning stock, legal transitions only, each by whom it belongs to.
import { getBuyerOrder, transitionFarmOrder } from "~/flows/orders.server";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { runHousekeeping, startHousekeeping } from "~/modules/jobs/housekeeping.server";
import { cartCookie, ensureCart, loadCart, setCartLine, visitorCartCount } from "~/modules/cart/cart.server";
import { placeOrder } from "~/modules/orders/checkout.server";
import { releaseExpiredReservations } from "~/modules/orders/orders.server";
import { parseVietQr } from "~/modules/payments/vietqr.server";

import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { getRequest } from "./helpers";

let categoryId: string;
const key = () => randomBytes(16).toString("hex");

async function farmWith(stockMilli: number, priceVnd = 50_000, extra: Record<string, unknown> = {}) {
  const owner = await createUser(db, { role: "FARMER" });
  const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
  await db.farm.update({ where: { id: farm.id }, data: { bankBin: "970436", bankAccountNumber: "0071000123456", bankAccountName: "NGUYEN VAN A" } });
  const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli, priceVnd, ...extra });
  return { owner, farm, product };
}

async function buyerWithCart(lines: Array<{ productId: string; quantityMilli: number }>) {
  const buyer = await createUser(db);
  const { cartId } = await ensureCart(getRequest("/"), buyer.id);
  for (const l of lines) {
    const r = await setCartLine({ cartId, ...l });
    if (!r.ok) throw new Error(r.error);
  }
  return { buyer, cartId };
}

const choice = (farmId: string, paymentMethod: "VIETQR" | "CARD" = "VIETQR") => ({ farmId, fulfilment: "DELIVERY" as const, address: "12 Lê Lợi, Bà Rịa", paymentMethod });
const input = (farmIds: string[], idempotencyKey = key()) => ({ idempotencyKey, buyerName: "Chị Mai", buyerPhone: "+84912345678", farms: farmIds.map((f) => choice(f)) });

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
});

describe(`checkout on ${process.env.TEST_DB_ENGINE}`, () => {
  it("splits a two-farm cart into one part per farm, priced from the database, with a VietQR for each", async () => {
    const a = await farmWith(10_000, 85_000, { soldByWeight: true, stepMilli: 500 });
    const b = await farmWith(20_000, 12_000);
    const { buyer, cartId } = await buyerWithCart([{ productId: a.product.id, quantityMilli: 1500 }, { productId: b.product.id, quantityMilli: 3000 }]);
    await db.product.update({ where: { id: a.product.id }, data: { priceVnd: 90_000 } }); // the price changes before checkout: the new one counts

    const res = await placeOrder({ userId: buyer.id, cartId, input: input([a.farm.id, b.farm.id]), cardAvailable: false });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const order = await getBuyerOrder({ userId: buyer.id, orderId: res.orderId });
    expect(order!.totalVnd).toBe(135_000 + 36_000);
    const parts = Object.fromEntries(order!.farmOrders.map((fo) => [fo.farm.id, fo]));
    expect(parts[a.farm.id].subtotalVnd).toBe(135_000); // 1.5 kg × 90,000
    expect(parts[b.farm.id].subtotalVnd).toBe(36_000);
    expect(parts[a.farm.id].events.map((e) => e.toStatus)).toEqual(["AWAITING_PAYMENT"]);
    const qr = parseVietQr(parts[a.farm.id].vietQr!.payload);
    expect(qr).toEqual({ valid: true, bankBin: "970436", accountNumber: "0071000123456", amount: 135_000, reference: parts[a.farm.id].transferRef });
    // bank-app deep links carry the same account, amount and reference (VietQR.io's documented format)
    const links = parts[a.farm.id].vietQr!.appLinks;
    expect(links.map((l) => l.name)).toContain("MB Bank");
    const mb = new URL(links.find((l) => l.name === "MB Bank")!.href);
    expect(mb.origin + mb.pathname).toBe("https://dl.vietqr.io/pay");
    expect(mb.href).toContain("&ba=0071000123456@vcb");
    expect(Object.fromEntries(["app", "am", "tn"].map((k) => [k, mb.searchParams.get(k)]))).toEqual({ app: "mb", am: "135000", tn: parts[a.farm.id].transferRef });
    expect(await db.product.findUniqueOrThrow({ where: { id: a.product.id }, select: { stockMilli: true } })).toEqual({ stockMilli: 8500 });
    expect((await loadCart(cartId)).count).toBe(0);
  });

  it("counts the items of the visitor's own cart for the header: a buyer's, a guest's, nobody else's", async () => {
    const { product: a } = await farmWith(10_000);
    const { product: b } = await farmWith(10_000);
    const { buyer } = await buyerWithCart([{ productId: a.id, quantityMilli: 3000 }, { productId: b.id, quantityMilli: 1000 }]);
    await buyerWithCart([{ productId: a.id, quantityMilli: 1000 }]); // someone else's cart
    expect(await visitorCartCount(getRequest("/"), buyer.id)).toBe(2); // items, not kilograms
    expect(await visitorCartCount(getRequest("/"), (await createUser(db)).id)).toBe(0);

    const guest = await ensureCart(getRequest("/"), null);
    expect((await setCartLine({ cartId: guest.cartId, productId: b.id, quantityMilli: 1000 })).ok).toBe(true);
    const cookie = guest.setCookie!.split(";")[0];
    expect(await visitorCartCount(getRequest("/", cookie), null)).toBe(1);
    expect(await visitorCartCount(getRequest("/"), null)).toBe(0);
    // a guest cookie naming a buyer's cart counts nothing
    const buyerCart = await db.cart.findUniqueOrThrow({ where: { userId: buyer.id } });
    const forged = (await cartCookie.serialize(buyerCart.id)).split(";")[0];
    expect(await visitorCartCount(getRequest("/", forged), null)).toBe(0);
  });

  it("creates one order for a double-submitted checkout (same idempotency key), even concurrently", async () => {
    const a = await farmWith(10_000);
    const { buyer, cartId } = await buyerWithCart([{ productId: a.product.id, quantityMilli: 2000 }]);
    const same = input([a.farm.id]);
    const results = await Promise.all([1, 2, 3].map(() => placeOrder({ userId: buyer.id, cartId, input: same, cardAvailable: false })));
    const ids = new Set(results.map((r) => (r.ok ? r.orderId : r.error)));
    expect(ids.size).toBe(1);
    expect(await db.order.count({ where: { buyerId: buyer.id } })).toBe(1);
    expect((await db.product.findUniqueOrThrow({ where: { id: a.product.id } })).stockMilli).toBe(8000);
  });

  it("never oversells: 50 parallel checkouts for the last 5 units give exactly 5 orders", async () => {
    const a = await farmWith(5000);
    const buyers = await Promise.all(Array.from({ length: 50 }, () => buyerWithCart([{ productId: a.product.id, quantityMilli: 1000 }])));
    const results = await Promise.all(buyers.map(({ buyer, cartId }) => placeOrder({ userId: buyer.id, cartId, input: input([a.farm.id]), cardAvailable: false })));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(Array(45).fill("outOfStock"));
    expect((await db.product.findUniqueOrThrow({ where: { id: a.product.id } })).stockMilli).toBe(0);
    expect(await db.orderLine.count({ where: { productId: a.product.id } })).toBe(5);
  }, 60_000);

  it("never deadlocks: parallel checkouts of carts holding the same farms in opposite orders all succeed", async () => {
    const a = await farmWith(100_000), b = await farmWith(100_000);
    const buyers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const lines = [{ productId: a.product.id, quantityMilli: 1000 }, { productId: b.product.id, quantityMilli: 1000 }];
        return buyerWithCart(i % 2 ? lines : lines.reverse()); // the cart's order is the order items were added
      }),
    );
    const results = await Promise.all(buyers.map(({ buyer, cartId }) => placeOrder({ userId: buyer.id, cartId, input: input([a.farm.id, b.farm.id]), cardAvailable: false })));
    expect(results.filter((r) => r.ok)).toHaveLength(24);
    expect((await db.product.findUniqueOrThrow({ where: { id: a.product.id } })).stockMilli).toBe(76_000);
    expect((await db.product.findUniqueOrThrow({ where: { id: b.product.id } })).stockMilli).toBe(76_000);
  }, 60_000);

  it("refuses tampering: quantities that are negative, huge or off-step never enter a cart", async () => {
    const a = await farmWith(10_000, 50_000, { soldByWeight: true, stepMilli: 500 });
    const { cartId } = await ensureCart(getRequest("/"), (await createUser(db)).id);
    expect(await setCartLine({ cartId, productId: a.product.id, quantityMilli: -1000 })).toMatchObject({ ok: false, error: "quantityInvalid" });
    expect(await setCartLine({ cartId, productId: a.product.id, quantityMilli: 1e12 })).toMatchObject({ ok: false, error: "quantityTooHigh" });
    expect(await setCartLine({ cartId, productId: a.product.id, quantityMilli: 700 })).toMatchObject({ ok: false, error: "quantityStep" });
    expect(await setCartLine({ cartId, productId: "no-such-product", quantityMilli: 1000 })).toMatchObject({ ok: false, error: "productUnavailable" });
    expect((await loadCart(cartId)).count).toBe(0);
  });

  it("adds to a line atomically: simultaneous adds all count, and together never pass the stock", async () => {
    const a = await farmWith(10_000, 50_000, { soldByWeight: true, stepMilli: 500 });
    const { cartId } = await ensureCart(getRequest("/"), (await createUser(db)).id);
    const line = async () => (await db.cartItem.findUnique({ where: { cartId_productId: { cartId, productId: a.product.id } } }))?.quantityMilli;
    // eight double-taps of "+1.5 kg" at once: 12 kg wanted, 10 kg in stock
    const results = await Promise.all(Array.from({ length: 8 }, () => setCartLine({ cartId, productId: a.product.id, quantityMilli: 1500 })));
    expect(results.filter((r) => r.ok)).toHaveLength(6); // 9 kg; a seventh would make 10.5 kg
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === "quantityTooHigh")).toBe(true);
    expect(await line()).toBe(9000);
    expect(await setCartLine({ cartId, productId: a.product.id, quantityMilli: 1000 })).toEqual({ ok: true }); // exactly the stock
    expect(await line()).toBe(10_000);
    expect(await setCartLine({ cartId, productId: a.product.id, quantityMilli: 500 })).toMatchObject({ ok: false, error: "quantityTooHigh" });
    expect(await setCartLine({ cartId, productId: a.product.id, quantityMilli: 2500, replace: true })).toEqual({ ok: true });
    expect(await line()).toBe(2500);
    await db.product.update({ where: { id: a.product.id }, data: { status: "ARCHIVED" } });
    expect(await setCartLine({ cartId, productId: a.product.id, quantityMilli: 500 })).toMatchObject({ ok: false, error: "productUnavailable" });
  });

  it("releases the stock of an unpaid order when its reservation expires, once", async () => {
    const a = await farmWith(3000);
    const { buyer, cartId } = await buyerWithCart([{ productId: a.product.id, quantityMilli: 2000 }]);
    const res = await placeOrder({ userId: buyer.id, cartId, input: input([a.farm.id]), cardAvailable: false });
    expect(res.ok).toBe(true);
    expect((await db.product.findUniqueOrThrow({ where: { id: a.product.id } })).stockMilli).toBe(1000);
    const later = new Date(Date.now() + 31 * 60_000);
    const [r1, r2] = await Promise.all([releaseExpiredReservations(later), releaseExpiredReservations(later)]);
    expect(r1 + r2).toBeGreaterThanOrEqual(1);
    expect((await db.product.findUniqueOrThrow({ where: { id: a.product.id } })).stockMilli).toBe(3000);
    const fo = await db.farmOrder.findFirstOrThrow({ where: { farmId: a.farm.id }, include: { events: true } });
    expect(fo.status).toBe("EXPIRED");
    expect(fo.events.map((e) => e.toStatus)).toEqual(["AWAITING_PAYMENT", "EXPIRED"]);
  });

  it("the background job releases expired reservations on its own timer, without a page being read", async () => {
    const a = await farmWith(3000);
    const { buyer, cartId } = await buyerWithCart([{ productId: a.product.id, quantityMilli: 2000 }]);
    const res = await placeOrder({ userId: buyer.id, cartId, input: input([a.farm.id]), cardAvailable: false });
    if (!res.ok) throw new Error(res.error);
    await db.farmOrder.updateMany({ where: { orderId: res.orderId }, data: { reservedUntil: new Date(Date.now() - 1000) } });
    const job = startHousekeeping({ intervalMs: 20 });
    try {
      await expect.poll(async () => (await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } })).status, { timeout: 5000 }).toBe("EXPIRED");
    } finally {
      await job.stop();
    }
    expect((await db.product.findUniqueOrThrow({ where: { id: a.product.id } })).stockMilli).toBe(3000);
    expect(await runHousekeeping()).toMatchObject({ released: 0 });
  });

  it("moves a farm order only by its farm or its buyer, only along legal transitions, recording each", async () => {
    const a = await farmWith(5000);
    const other = await farmWith(5000);
    const { buyer, cartId } = await buyerWithCart([{ productId: a.product.id, quantityMilli: 1000 }]);
    const res = await placeOrder({ userId: buyer.id, cartId, input: input([a.farm.id]), cardAvailable: false });
    const fo = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.ok ? res.orderId : "" } });

    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "PAID", actor: "FARM", userId: other.owner.id })).toEqual({ ok: false, error: "notYours" });
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "SHIPPED", actor: "FARM", userId: a.owner.id })).toEqual({ ok: false, error: "illegalTransition" });
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "PAID", actor: "BUYER", userId: buyer.id })).toEqual({ ok: false, error: "illegalTransition" });
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "PAID", actor: "FARM", userId: a.owner.id })).toEqual({ ok: true });
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "PAID", actor: "FARM", userId: a.owner.id })).toEqual({ ok: false, error: "illegalTransition" });
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "CONFIRMED", actor: "FARM", userId: a.owner.id })).toEqual({ ok: true });
    // the buyer may no longer cancel once the farm confirmed; the farm may, with a reason
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "CANCELLED", actor: "BUYER", userId: buyer.id })).toEqual({ ok: false, error: "illegalTransition" });
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "CANCELLED", actor: "FARM", userId: a.owner.id })).toEqual({ ok: false, error: "reasonRequired" });
    expect(await transitionFarmOrder({ farmOrderId: fo.id, to: "CANCELLED", actor: "FARM", userId: a.owner.id, reason: "Mưa lớn, hỏng hàng" })).toEqual({ ok: true });

    const after = await db.farmOrder.findUniqueOrThrow({ where: { id: fo.id }, include: { events: { orderBy: { createdAt: "asc" } } } });
    expect(after).toMatchObject({ status: "CANCELLED", paymentStatus: "REFUND_PENDING", cancelReason: "Mưa lớn, hỏng hàng" });
    expect(after.events.map((e) => `${e.fromStatus ?? "∅"}→${e.toStatus}:${e.actorRole}`)).toEqual([
      "∅→AWAITING_PAYMENT:BUYER", "AWAITING_PAYMENT→PAID:FARM", "PAID→CONFIRMED:FARM", "CONFIRMED→CANCELLED:FARM",
    ]);
    expect((await db.product.findUniqueOrThrow({ where: { id: a.product.id } })).stockMilli).toBe(5000);
  });
});
