// Card payments with the real Stripe SDK against a local fake of Stripe's API; webhooks signed
// with the SDK's own helper and delivered to our webhook route: happy path, 10× replay, out of
// order, bad signature, expiry releasing stock, refund after a cancellation.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { placeOrder } from "~/modules/orders/checkout.server";
import { transitionFarmOrder } from "~/modules/orders/orders.server";
import { startCardPayment } from "~/modules/payments/card.server";
import { action as webhookAction } from "~/routes/resources+/webhooks.stripe";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET, startFakeStripe } from "../fakes/stripe";
import { getRequest } from "./helpers";

let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let categoryId: string;

beforeAll(async () => {
  stripe = await startFakeStripe();
  Object.assign(process.env, { STRIPE_SECRET_KEY: FAKE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.apiBase });
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
});
afterAll(async () => {
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
  await stripe.close();
});

/** A buyer's order with a CARD part for farm A (2 × 40,000) and a VIETQR part for farm B. */
async function cardOrder() {
  const mk = async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    return { owner, farm, product: await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 10_000, priceVnd: 40_000 }) };
  };
  const a = await mk(), b = await mk();
  const buyer = await createUser(db);
  const { cartId } = await ensureCart(getRequest("/"), buyer.id);
  await setCartLine({ cartId, productId: a.product.id, quantityMilli: 2000 });
  await setCartLine({ cartId, productId: b.product.id, quantityMilli: 1000 });
  const res = await placeOrder({
    userId: buyer.id, cartId, cardAvailable: true,
    input: { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Anh Bình", buyerPhone: "+84912000111", farms: [
      { farmId: a.farm.id, fulfilment: "DELIVERY", address: "1 Nguyễn Du, Vũng Tàu", paymentMethod: "CARD" },
      { farmId: b.farm.id, fulfilment: "DELIVERY", address: "1 Nguyễn Du, Vũng Tàu", paymentMethod: "VIETQR" },
    ] },
  });
  if (!res.ok) throw new Error(res.error);
  const card = await startCardPayment({ orderId: res.orderId, userId: buyer.id, origin: "http://localhost:3000" });
  if (!card.ok) throw new Error(card.error);
  const session = [...stripe.sessions.values()].find((s) => s.client_reference_id === res.orderId)!;
  const part = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId, farmId: a.farm.id } });
  return { a, b, buyer, orderId: res.orderId, session, part, url: card.url };
}

async function deliver(w: { payload: string; signature: string }) {
  const res = (await webhookAction({
    request: new Request("http://localhost:3000/resources/webhooks/stripe", { method: "POST", body: w.payload, headers: { "Stripe-Signature": w.signature, "Content-Type": "application/json" } }),
    context: {},
    params: {},
  } as never)) as Response;
  return { status: res.status, body: res.status === 200 ? await res.json() : await res.text() };
}

const stock = async (id: string) => (await db.product.findUniqueOrThrow({ where: { id }, select: { stockMilli: true } })).stockMilli;

describe(`card payments through Stripe (${process.env.TEST_DB_ENGINE})`, () => {
  it("creates a VND Checkout Session for the card part only, and fulfils from the verified webhook", async () => {
    const o = await cardOrder();
    expect(o.url).toMatch(/\/pay\/cs_test_/);
    expect(o.session.amount_total).toBe(80_000); // whole đồng, the card part only
    expect(o.part.paymentRef).toBe(o.session.id);

    const res = await deliver(stripe.completed(o.session));
    expect(res).toEqual({ status: 200, body: { received: true, outcome: "paid 1 of 1" } });
    const paid = await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, include: { events: true } });
    expect(paid).toMatchObject({ status: "PAID", paymentStatus: "PAID", paymentIntent: o.session.payment_intent });
    expect(paid.events.map((e) => `${e.toStatus}:${e.actorRole}`)).toEqual(["AWAITING_PAYMENT:BUYER", "PAID:PAYMENT"]);
    const other = await db.farmOrder.findFirstOrThrow({ where: { orderId: o.orderId, farmId: o.b.farm.id } });
    expect(other.status).toBe("AWAITING_PAYMENT"); // the VietQR part is untouched
  });

  it("changes nothing twice when the same event is replayed 10 times", async () => {
    const o = await cardOrder();
    const w = stripe.completed(o.session);
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push((await deliver(w)).body.outcome);
    expect(outcomes).toEqual(["paid 1 of 1", ...Array(9).fill("duplicate")]);
    expect(await db.orderEvent.count({ where: { farmOrderId: o.part.id, toStatus: "PAID" } })).toBe(1);
    expect(await db.paymentEvent.count({ where: { id: `STRIPE:${w.id}` } })).toBe(1);
  });

  it("handles events out of order: expired after paid does not release paid stock", async () => {
    const o = await cardOrder();
    expect(await stock(o.a.product.id)).toBe(8000);
    await deliver(stripe.completed(o.session));
    expect((await deliver(stripe.expired(o.session))).body.outcome).toBe("released 0");
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { status: true } })).toEqual({ status: "PAID" });
    expect(await stock(o.a.product.id)).toBe(8000);
  });

  it("releases stock when the session expires unpaid; a payment arriving afterwards is marked for refund", async () => {
    const o = await cardOrder();
    expect((await deliver(stripe.expired(o.session))).body.outcome).toBe("released 1");
    expect(await stock(o.a.product.id)).toBe(10_000);
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { status: true, paymentStatus: true } })).toEqual({ status: "EXPIRED", paymentStatus: "EXPIRED" });
    await deliver(stripe.completed(o.session)); // late
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { status: true, paymentStatus: true } })).toEqual({ status: "EXPIRED", paymentStatus: "REFUND_PENDING" });
    expect(await stock(o.a.product.id)).toBe(10_000);
  });

  it("refuses a bad signature with 400 and changes nothing", async () => {
    const o = await cardOrder();
    const w = stripe.completed(o.session);
    const tampered = w.payload.replace('"amount_total":80000', '"amount_total":1');
    expect((await deliver({ payload: tampered, signature: w.signature })).status).toBe(400);
    expect((await deliver({ payload: w.payload, signature: "t=1,v1=deadbeef" })).status).toBe(400);
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { status: true } })).toEqual({ status: "AWAITING_PAYMENT" });
    expect(await db.paymentEvent.count({ where: { id: `STRIPE:${w.id}` } })).toBe(0);
  });

  it("flags a paid amount that does not match the order instead of accepting it", async () => {
    const o = await cardOrder();
    expect((await deliver(stripe.completed(o.session, 1000))).body.outcome).toBe("flagged: amount 1000 ≠ 80000");
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { status: true } })).toEqual({ status: "AWAITING_PAYMENT" });
  });

  it("refunds a paid card part the farm cancels; charge.refunded completes it", async () => {
    const o = await cardOrder();
    await deliver(stripe.completed(o.session));
    expect(await transitionFarmOrder({ farmOrderId: o.part.id, to: "CANCELLED", actor: "FARM", userId: o.a.owner.id, reason: "Hết hàng do mưa" })).toEqual({ ok: true });
    expect(stripe.refunds.at(-1)).toEqual({ payment_intent: o.session.payment_intent, amount: 80_000, idempotencyKey: `refund-${o.part.id}` });
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id } })).paymentStatus).toBe("REFUND_PENDING");
    expect(await stock(o.a.product.id)).toBe(10_000);
    await deliver(stripe.refunded(o.session.payment_intent, 80_000));
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id } })).paymentStatus).toBe("REFUNDED");
  });
});
