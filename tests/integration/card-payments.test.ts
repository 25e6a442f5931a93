// Card payments with the real Stripe SDK against a local fake of Stripe's API; webhooks signed
// with the SDK's own helper and delivered to our webhook route: happy path, 10× replay, out of
// order, bad signature, expiry releasing stock, refund after a cancellation.
import { recordFinalWeights, transitionFarmOrder } from "~/flows/orders.server";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { renderNotification } from "~/modules/notifications/texts.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { placeOrder } from "~/modules/orders/checkout.server";

import { startCardPayment } from "~/modules/payments/card.server";
import { cardPaymentsAvailable } from "~/modules/payments/availability.server";
import { action as devCardAction, loader as devCardLoader } from "~/routes/dev.card.$ref";
import { listPendingRefunds, markTransferRefunded, retryOwedCardRefunds } from "~/modules/payments/refunds.server";

import { action as adminAction, loader as adminLoader } from "~/routes/admin+/_index";
import { action as farmOrderAction, loader as farmOrderLoader } from "~/routes/seller+/orders.$farmOrderId";
import { action as webhookAction } from "~/routes/resources+/webhooks.stripe";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET, startFakeStripe } from "../fakes/stripe";
import { call, formRequest, getRequest, sessionCookieFor, unwrap } from "./helpers";

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
async function cardOrder({ soldByWeight = false } = {}) {
  const mk = async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    return { owner, farm, product: await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 10_000, priceVnd: 40_000, soldByWeight, unit: soldByWeight ? "kg" : "hop" }) };
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

  it("fulfils a payment made on a page that a newer session replaced, and flags a second payment", async () => {
    const o = await cardOrder();
    // "pay again" before the first payment's webhook arrived: a second session, the part now points at it
    const again = await startCardPayment({ orderId: o.orderId, userId: o.buyer.id, origin: "http://localhost:3000" });
    expect(again.ok).toBe(true);
    const newer = [...stripe.sessions.values()].filter((s) => s.client_reference_id === o.orderId).at(-1)!;
    expect(newer.id).not.toBe(o.session.id);
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id } })).paymentRef).toBe(newer.id);

    // the buyer had paid the first page: that payment counts
    expect((await deliver(stripe.completed(o.session))).body.outcome).toBe("paid 1 of 1");
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { status: true, paymentIntent: true, paidVnd: true } })).toEqual({ status: "PAID", paymentIntent: o.session.payment_intent, paidVnd: 80_000 });
    // the newer page expiring unpaid changes nothing
    expect((await deliver(stripe.expired(newer))).body.outcome).toBe("released 0");
    // paying the newer page too is a second payment: flagged in the farm's timeline, the part paid once
    expect((await deliver(stripe.completed(newer))).body.outcome).toBe("flagged: paid twice (1 of 1)");
    const events = await db.orderEvent.findMany({ where: { farmOrderId: o.part.id }, select: { toStatus: true, systemNote: true }, orderBy: { createdAt: "asc" } });
    expect(events.filter((e) => e.toStatus === "PAID")).toHaveLength(2); // the payment, and the flag beside it
    expect(events.filter((e) => e.toStatus === "PAID").map((e) => JSON.parse(e.systemNote!))).toEqual([
      { key: "cardPaid" },
      { key: "cardPaidTwice", first: o.session.payment_intent, second: newer.payment_intent },
    ]);
    expect(await stock(o.a.product.id)).toBe(8000);
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
    expect(stripe.refunds.at(-1)).toEqual({ payment_intent: o.session.payment_intent, amount: 80_000, idempotencyKey: `refund-${o.part.id}-80000` });
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id } })).paymentStatus).toBe("REFUND_PENDING");
    expect(await stock(o.a.product.id)).toBe(10_000);
    await deliver(stripe.refunded(o.session.payment_intent, 80_000));
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id } })).paymentStatus).toBe("REFUNDED");
  });

  it("asks for the refund of a payment that arrived after expiry, once, from the retry job", async () => {
    const o = await cardOrder();
    await deliver(stripe.expired(o.session));
    await deliver(stripe.completed(o.session));
    const before = stripe.refunds.length;
    expect(await retryOwedCardRefunds()).toBeGreaterThanOrEqual(1);
    expect(await retryOwedCardRefunds()).toBe(0); // asked already: nothing owed any more
    const mine = stripe.refunds.slice(before).filter((r) => r.payment_intent === o.session.payment_intent);
    expect(mine).toEqual([{ payment_intent: o.session.payment_intent, amount: 80_000, idempotencyKey: `refund-${o.part.id}-80000` }]);
    await deliver(stripe.refunded(o.session.payment_intent, 80_000));
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { paymentStatus: true, refundedVnd: true } })).toEqual({ paymentStatus: "REFUNDED", refundedVnd: 80_000 });
  });

  it("keeps a cancellation when the provider is down, and the retry job asks for the refund later", async () => {
    const o = await cardOrder();
    await deliver(stripe.completed(o.session));
    stripe.failNextRequest();
    expect(await transitionFarmOrder({ farmOrderId: o.part.id, to: "CANCELLED", actor: "FARM", userId: o.a.owner.id, reason: "Sâu bệnh" })).toEqual({ ok: true });
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { status: true, paymentStatus: true, refundRequestedVnd: true } })).toEqual({ status: "CANCELLED", paymentStatus: "REFUND_PENDING", refundRequestedVnd: 0 });
    const pending = await listPendingRefunds();
    expect(pending.find((p) => p.id === o.part.id)).toMatchObject({ owedVnd: 80_000, awaitingVnd: 0 });
    await retryOwedCardRefunds();
    expect(stripe.refunds.filter((r) => r.payment_intent === o.session.payment_intent)).toHaveLength(1);
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { refundRequestedVnd: true } })).toEqual({ refundRequestedVnd: 80_000 });
  });

  it("recalculates a sold-by-weight part from the final weight and refunds the difference by card", async () => {
    const o = await cardOrder({ soldByWeight: true });
    const line = await db.orderLine.findFirstOrThrow({ where: { farmOrderId: o.part.id } });
    // not before the money is in, not by another farm
    expect(await recordFinalWeights({ farmOrderId: o.part.id, userId: o.a.owner.id, weights: { [line.id]: 1800 } })).toEqual({ ok: false, error: "notWeighable" });
    await deliver(stripe.completed(o.session));
    expect(await recordFinalWeights({ farmOrderId: o.part.id, userId: o.b.owner.id, weights: { [line.id]: 1800 } })).toEqual({ ok: false, error: "notYours" });
    expect(await recordFinalWeights({ farmOrderId: o.part.id, userId: o.a.owner.id, weights: { [line.id]: 2001 } })).toMatchObject({ ok: false, error: "weightAboveOrdered" });
    expect(await recordFinalWeights({ farmOrderId: o.part.id, userId: o.a.owner.id, weights: {} })).toMatchObject({ ok: false, error: "weightInvalid" });

    expect(await recordFinalWeights({ farmOrderId: o.part.id, userId: o.a.owner.id, weights: { [line.id]: 1800 } })).toEqual({ ok: true, refundVnd: 8000, subtotalVnd: 72_000 });
    expect(await recordFinalWeights({ farmOrderId: o.part.id, userId: o.a.owner.id, weights: { [line.id]: 1500 } })).toEqual({ ok: false, error: "alreadyWeighed" });
    expect(await db.orderLine.findUniqueOrThrow({ where: { id: line.id }, select: { quantityMilli: true, orderedMilli: true, lineTotalVnd: true } })).toEqual({ quantityMilli: 1800, orderedMilli: 2000, lineTotalVnd: 72_000 });
    expect(await stock(o.a.product.id)).toBe(8200); // the 0.2 kg not packed is back on the shelf
    const order = await db.order.findUniqueOrThrow({ where: { id: o.orderId }, select: { totalVnd: true } });
    expect(order.totalVnd).toBe(72_000 + 40_000);
    expect(stripe.refunds.at(-1)).toEqual({ payment_intent: o.session.payment_intent, amount: 8000, idempotencyKey: `refund-${o.part.id}-8000` });
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { paymentStatus: true, paidVnd: true, refundRequestedVnd: true } })).toEqual({ paymentStatus: "REFUND_PENDING", paidVnd: 80_000, refundRequestedVnd: 8000 });

    await deliver(stripe.refunded(o.session.payment_intent, 8000));
    await deliver(stripe.refunded(o.session.payment_intent, 3000)); // an older, smaller total arriving late
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { paymentStatus: true, refundedVnd: true } })).toEqual({ paymentStatus: "PARTLY_REFUNDED", refundedVnd: 8000 });
    // the buyer is told once, with the new amount
    const buyerMsgs = await db.notification.findMany({ where: { kind: "ORDER_WEIGHED", link: `/orders/${o.orderId}` } });
    expect(buyerMsgs).toHaveLength(1);
    expect((await renderNotification(buyerMsgs[0])).title).toContain("72.000");
    // later cancelling refunds only what is left
    expect(await transitionFarmOrder({ farmOrderId: o.part.id, to: "CANCELLED", actor: "FARM", userId: o.a.owner.id, reason: "Khách không nhận" })).toEqual({ ok: true });
    expect(stripe.refunds.at(-1)).toEqual({ payment_intent: o.session.payment_intent, amount: 72_000, idempotencyKey: `refund-${o.part.id}-80000` });
  });

  it("lets the farm weigh through its order page, refusing bad input with a clear error", async () => {
    const o = await cardOrder({ soldByWeight: true });
    await deliver(stripe.completed(o.session));
    const line = await db.orderLine.findFirstOrThrow({ where: { farmOrderId: o.part.id } });
    const farmer = await sessionCookieFor(o.a.owner.id);
    const other = await sessionCookieFor(o.b.owner.id);
    const path = `/seller/orders/${o.part.id}`;
    const post = (fields: Record<string, string>, cookie: string) => call(farmOrderAction as never, formRequest(path, fields, cookie), undefined, { farmOrderId: o.part.id });
    expect(unwrap(await post({ intent: "weigh", [`w.${line.id}`]: "-1" }, farmer))).toEqual({ status: 400, value: { error: "weightInvalid" } });
    expect(unwrap(await post({ intent: "weigh", [`w.${line.id}`]: "1000000000" }, farmer))).toEqual({ status: 400, value: { error: "weightAboveOrdered" } });
    expect(unwrap(await post({ intent: "weigh", [`w.${line.id}`]: "1,9" }, other)).status).toBe(404);
    const page = (await call(farmOrderLoader as never, getRequest(path, farmer), undefined, { farmOrderId: o.part.id })) as { canWeigh: boolean };
    expect(page.canWeigh).toBe(true);
    const ok = (await post({ intent: "weigh", [`w.${line.id}`]: "1,9" }, farmer)) as Response;
    expect(ok.status).toBe(302);
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: o.part.id }, select: { subtotalVnd: true } })).toEqual({ subtotalVnd: 76_000 });
    const after = (await call(farmOrderLoader as never, getRequest(path, farmer), undefined, { farmOrderId: o.part.id })) as { canWeigh: boolean; awaitingVnd: number };
    expect(after).toMatchObject({ canWeigh: false, awaitingVnd: 4000 });
  });

  it("a bank-transfer part weighed lighter: the farm sends the difference back and says so once", async () => {
    const o = await cardOrder({ soldByWeight: true });
    const partB = await db.farmOrder.findFirstOrThrow({ where: { orderId: o.orderId, farmId: o.b.farm.id } });
    const lineB = await db.orderLine.findFirstOrThrow({ where: { farmOrderId: partB.id } });
    expect(await transitionFarmOrder({ farmOrderId: partB.id, to: "PAID", actor: "FARM", userId: o.b.owner.id })).toEqual({ ok: true });
    expect(await recordFinalWeights({ farmOrderId: partB.id, userId: o.b.owner.id, weights: { [lineB.id]: 750 } })).toEqual({ ok: true, refundVnd: 10_000, subtotalVnd: 30_000 });
    expect(await markTransferRefunded({ farmOrderId: partB.id, userId: o.a.owner.id })).toEqual({ ok: false, error: "notYours" });
    expect(await markTransferRefunded({ farmOrderId: partB.id, userId: o.b.owner.id })).toEqual({ ok: true, amountVnd: 10_000 });
    expect(await markTransferRefunded({ farmOrderId: partB.id, userId: o.b.owner.id })).toEqual({ ok: false, error: "nothingOwed" });
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: partB.id }, select: { paymentStatus: true, refundedVnd: true, subtotalVnd: true } })).toEqual({ paymentStatus: "PARTLY_REFUNDED", refundedVnd: 10_000, subtotalVnd: 30_000 });
  });

  it("the admin sees a refund the provider refused and retries it; nobody else may", async () => {
    const o = await cardOrder();
    await deliver(stripe.completed(o.session));
    stripe.failNextRequest();
    await transitionFarmOrder({ farmOrderId: o.part.id, to: "CANCELLED", actor: "BUYER", userId: o.buyer.id });
    const admin = await sessionCookieFor((await createUser(db, { role: "ADMIN" })).id);
    const page = (await call(adminLoader as never, getRequest("/admin", admin))) as { refunds: Array<{ id: string; owedVnd: number }> };
    expect(page.refunds.find((r) => r.id === o.part.id)).toMatchObject({ owedVnd: 80_000 });
    const retry = (cookie: string) => call(adminAction as never, formRequest("/admin", { intent: "retryRefund", farmOrderId: o.part.id }, cookie));
    for (const cookie of [await sessionCookieFor(o.buyer.id), await sessionCookieFor(o.a.owner.id)]) expect(((await retry(cookie)) as Response).status).toBe(403);
    expect(stripe.refunds.filter((r) => r.payment_intent === o.session.payment_intent)).toHaveLength(0);
    expect(unwrap(await retry(admin))).toEqual({ status: 200, value: { refundedVnd: 80_000, farmOrderId: o.part.id } });
    expect(unwrap(await retry(admin))).toEqual({ status: 409, value: { error: "nothingOwed", farmOrderId: o.part.id } });
    expect(stripe.refunds.filter((r) => r.payment_intent === o.session.payment_intent)).toHaveLength(1);
  });

  it("development only: without Stripe keys a simulated card page pays through the same path; never in production", async () => {
    const saved = { ...process.env };
    for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
    try {
      (process.env as Record<string, string>).NODE_ENV = "development";
      expect(cardPaymentsAvailable()).toBe(true);
      const owner = await createUser(db, { role: "FARMER" });
      const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
      const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 5000, priceVnd: 30_000 });
      const buyer = await createUser(db);
      const { cartId } = await ensureCart(getRequest("/"), buyer.id);
      await setCartLine({ cartId, productId: product.id, quantityMilli: 2000 });
      const placed = await placeOrder({ userId: buyer.id, cartId, cardAvailable: cardPaymentsAvailable(), input: { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Chị Lan", buyerPhone: "+84912000222", farms: [{ farmId: farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "CARD" }] } });
      if (!placed.ok) throw new Error(placed.error);
      const card = await startCardPayment({ orderId: placed.orderId, userId: buyer.id, origin: "http://localhost:3000" });
      if (!card.ok) throw new Error(card.error);
      const ref = card.url.match(/^\/dev\/card\/(sim_[a-f0-9]{16})$/)![1];
      const buyerCookie = await sessionCookieFor(buyer.id);
      const stranger = await sessionCookieFor((await createUser(db)).id);
      expect(((await call(devCardLoader as never, getRequest(card.url, stranger), undefined, { ref })) as Response).status).toBe(404);
      const res = (await call(devCardAction as never, formRequest(card.url, { outcome: "pay" }, buyerCookie), undefined, { ref })) as Response;
      expect(res.headers.get("Location")).toBe(`/orders/${placed.orderId}?card=return`);
      const part = await db.farmOrder.findFirstOrThrow({ where: { orderId: placed.orderId }, select: { id: true, status: true, paidVnd: true } });
      expect(part).toMatchObject({ status: "PAID", paidVnd: 60_000 });
      // a refund through the simulator confirms itself
      await transitionFarmOrder({ farmOrderId: part.id, to: "CANCELLED", actor: "BUYER", userId: buyer.id });
      await expect.poll(async () => (await db.farmOrder.findUniqueOrThrow({ where: { id: part.id } })).paymentStatus, { timeout: 5000 }).toBe("REFUNDED");

      (process.env as Record<string, string>).NODE_ENV = "production";
      expect(cardPaymentsAvailable()).toBe(false);
      expect(((await call(devCardLoader as never, getRequest(card.url, buyerCookie), undefined, { ref })) as Response).status).toBe(404);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
