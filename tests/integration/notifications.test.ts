// Notifications end to end, on each engine, against local fakes of the providers' real HTTP APIs
// (tests/fakes: Zalo ZNS + OAuth, eSMS, a Web Push service that decrypts and checks VAPID, a real
// SMTP server): who is told what, the fallback order, retries with the same id, claims, quiet
// hours, preferences, dead letters and the admin's retry, delivery receipts.
import { transitionFarmOrder } from "~/flows/orders.server";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { deliverDue, deliveriesSettled, resumeDelivering, retryNotification, stopDelivering, deliverSoon, MAX_ATTEMPTS, purgeOldNotifications } from "~/modules/notifications/deliver.server";
import { notify } from "~/modules/notifications/notify.server";
import { LIMITS } from "~/modules/auth/rate-limit.server";
import { adoptLegacyOutbox } from "~/modules/notifications/outbox.server";
import { savePreferences } from "~/modules/notifications/preferences.server";
import { renderNotification } from "~/modules/notifications/texts.server";
import { announceExpiringHolds } from "~/modules/orders/announce.server";
import { placeOrder } from "~/modules/orders/checkout.server";

import { applyBankTransfer } from "~/modules/payments/bank.server";
import { action as zaloWebhook } from "~/routes/resources+/webhooks.zalo";
import { loader as devMessagesLoader } from "~/routes/dev.messages";
import { action as adminAction, loader as adminLoader } from "~/routes/admin+/_index";
import { createCategory, createFarm, createProduct, createUser, ensureProvince, fakePhone } from "../factories";
import { esmsPhone, startMessagingFakes, zaloPhone, type MessagingFakes } from "../fakes/messaging";
import { FAKE_ZNS_TEMPLATE_IDS, FAKE_ZALO_ACCESS_TOKEN, signZaloEvent } from "../fakes/zns";
import { call, formRequest, getRequest, sessionCookieFor, unwrap } from "./helpers";

let fakes: MessagingFakes;
let categoryId: string;
const FAR_FUTURE = () => new Date(Date.now() + 365 * 24 * 3600_000);

beforeAll(async () => {
  // the tests drive deliveries themselves (deliverDue), except where one resumes the background
  await stopDelivering();
  fakes = await startMessagingFakes();
  fakes.useInThisProcess();
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
});
afterAll(async () => {
  fakes.forgetInThisProcess();
  await fakes.close();
});
beforeEach(() => {
  for (const f of [fakes.zalo, fakes.sms]) {
    f.setDown(false);
    f.setFailRate(0, "500");
  }
  fakes.push.setDown(false);
  fakes.push.setFailRate(0);
});

/** A farm whose owner has only a phone, a product, and a buyer (with an e-mail unless told). */
async function shop({ ownerPhone = fakePhone(), buyerEmail = `mua-${randomBytes(3).toString("hex")}@example.test`, buyerPhone = null as string | null, stockMilli = 50_000, ownerLocale = "vi" } = {}) {
  const owner = await createUser(db, { role: "FARMER", phone: ownerPhone, email: null, locale: ownerLocale });
  const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77", name: "Vườn Thư", slug: `vuon-thu-${randomBytes(4).toString("hex")}` });
  const product = await createProduct(db, { farmId: farm.id, categoryId, priceVnd: 20_000, stockMilli });
  const buyer = await createUser(db, { email: buyerEmail, phone: buyerPhone });
  return { owner, farm, product, buyer };
}

async function order(s: Awaited<ReturnType<typeof shop>>, quantityMilli = 1000) {
  const { cartId } = await ensureCart(getRequest("/"), s.buyer.id);
  await setCartLine({ cartId, productId: s.product.id, quantityMilli });
  const res = await placeOrder({
    userId: s.buyer.id, cartId, cardAvailable: false,
    input: { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Chị Mai", buyerPhone: "+84912000333", farms: [{ farmId: s.farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "VIETQR" }] },
  });
  if (!res.ok) throw new Error(res.error);
  const part = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } });
  return { ...res, part };
}

const zaloTo = (phone: string) => fakes.zalo.messages.filter((m) => m.phone === zaloPhone(phone));
const smsTo = (phone: string) => fakes.sms.messages.filter((m) => m.phone === esmsPhone(phone));

// These tests place many orders for one buyer: the per-buyer hold limits (integrity.test.ts) are not
// what they test. Set for this file only (a worker runs several files in one process).
const HOLD_ENV = { HOLD_MAX_UNPAID_PARTS: "1000", HOLD_MAX_SHARE_OF_STOCK: "1", HOLD_MAX_EXPIRED_PER_DAY: "1000" };
beforeAll(() => void Object.assign(process.env, HOLD_ENV));
afterAll(() => {
  for (const k of Object.keys(HOLD_ENV)) delete process.env[k];
});

describe(`notifications (${process.env.TEST_DB_ENGINE})`, () => {
  it("tells a phone-only farmer of a new order on Zalo: the farm-order template, our delivery id as tracking_id, once", async () => {
    const s = await shop();
    const o = await order(s);
    await order(s).catch(() => {}); // another order: its own message
    const n = await db.notification.findFirstOrThrow({ where: { userId: s.owner.id, kind: "ORDER_NEW", link: `/seller/orders/${o.part.id}` } });
    expect(n).toMatchObject({ plan: "ZNS,SMS", status: "PENDING", phone: s.owner.phone, email: null });

    await deliverDue();
    await deliverDue(); // nothing twice
    const got = zaloTo(s.owner.phone!).filter((m) => m.templateData.order_code === o.number);
    expect(got).toHaveLength(1);
    const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { notificationId: n.id } });
    expect(got[0]).toMatchObject({ templateId: FAKE_ZNS_TEMPLATE_IDS.FARM_ORDER, trackingId: delivery.id });
    expect(got[0].templateData).toEqual({ farm_name: "Vườn Thư", order_code: o.number, customer_name: "Chị Mai", status: "Đơn mới, chờ thanh toán", amount: "20.000" });
    expect(got[0].rendered.length).toBeLessThanOrEqual(400);
    expect(delivery).toMatchObject({ channel: "ZNS", status: "SENT", attempts: 1, providerRef: got[0].msgId });
    expect(await db.notification.findUniqueOrThrow({ where: { id: n.id }, select: { status: true } })).toEqual({ status: "SENT" });
    // the buyer placed it themself: no message about that
    expect(await db.notification.count({ where: { userId: s.buyer.id, link: `/orders/${o.orderId}` } })).toBe(0);
  });

  it("falls back to SMS when ZNS answers that the number is not a Zalo user; the SMS has no diacritics and links to the order", async () => {
    const s = await shop();
    fakes.zalo.setNotZaloUser(zaloPhone(s.owner.phone!));
    const o = await order(s);
    const first = await deliverDue();
    expect(first).toMatchObject({ failedOver: 1 });
    await deliverDue();
    expect(zaloTo(s.owner.phone!)).toHaveLength(0);
    const sms = smsTo(s.owner.phone!);
    expect(sms).toHaveLength(1);
    expect(sms[0].content).toMatch(new RegExp(`^Vuon Thu co don moi ${o.number} \\(20\\.000 d, chuyen khoan VietQR\\)`));
    expect(sms[0].content).toContain(`/seller/orders/${o.part.id}`);
    expect(sms[0].content).toMatch(/^[\x20-\x7e]+$/);
    expect(sms[0].brandname).toBe("CHONONG");
    const rows = await db.notificationDelivery.findMany({ where: { notification: { userId: s.owner.id, kind: "ORDER_NEW" } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.channel, r.status])).toEqual([["ZNS", "FAILED"], ["SMS", "SENT"]]);
    expect(rows[0].lastError).toMatch(/-118/);
    expect(sms[0].requestId).toBe(rows[1].id);
  });

  it("falls back to SMS when Zalo's quota is spent or the template is refused", async () => {
    const a = await shop();
    fakes.zalo.setQuotaExceeded(true);
    const o1 = await order(a);
    await deliverDue();
    await deliverDue();
    fakes.zalo.setQuotaExceeded(false);
    expect(smsTo(a.owner.phone!).some((m) => m.content.includes(o1.number))).toBe(true);
    expect((await db.notificationDelivery.findFirstOrThrow({ where: { channel: "ZNS", notification: { link: `/seller/orders/${o1.part.id}`, userId: a.owner.id } } })).lastError).toMatch(/^ZNS -144/);

    // a template id Zalo does not know (not approved, or mistyped in ZALO_ZNS_TEMPLATES)
    const templates = process.env.ZALO_ZNS_TEMPLATES!;
    process.env.ZALO_ZNS_TEMPLATES = JSON.stringify({ ...JSON.parse(templates), FARM_ORDER: "999999" });
    try {
      const b = await shop();
      const o2 = await order(b);
      await deliverDue();
      await deliverDue();
      expect(smsTo(b.owner.phone!).some((m) => m.content.includes(o2.number))).toBe(true);
      expect((await db.notificationDelivery.findFirstOrThrow({ where: { channel: "ZNS", notification: { link: `/seller/orders/${o2.part.id}`, userId: b.owner.id } } })).lastError).toMatch(/^ZNS -109/);
    } finally {
      process.env.ZALO_ZNS_TEMPLATES = templates;
    }
  });

  it("with every provider down, retries with backoff and sends each message exactly once when they recover", async () => {
    const s = await shop();
    for (const f of [fakes.zalo, fakes.sms]) f.setDown("refuse");
    const o = await order(s);
    const n = await db.notification.findFirstOrThrow({ where: { userId: s.owner.id, kind: "ORDER_NEW", link: `/seller/orders/${o.part.id}` } });
    // three attempts while down (time moved past each backoff)
    for (let i = 0; i < MAX_ATTEMPTS - 2; i++) expect(await deliverDue({ now: FAR_FUTURE() })).toMatchObject({ retried: 1, sent: 0 });
    const waiting = await db.notificationDelivery.findFirstOrThrow({ where: { notificationId: n.id } });
    expect(waiting).toMatchObject({ channel: "ZNS", status: "PENDING", attempts: MAX_ATTEMPTS - 2 });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now()); // not due yet: backoff
    expect(await deliverDue()).toMatchObject({ claimed: 0 });
    for (const f of [fakes.zalo, fakes.sms]) f.setDown(false);
    await deliverDue({ now: FAR_FUTURE() });
    await deliverDue({ now: FAR_FUTURE() });
    expect(zaloTo(s.owner.phone!)).toHaveLength(1);
    expect(smsTo(s.owner.phone!)).toHaveLength(0);
    expect(zaloTo(s.owner.phone!)[0].trackingId).toBe(waiting.id); // the same id on every attempt
  });

  it("after a long ZNS outage moves on to SMS, and an SMS whose answer was lost is not sent twice (eSMS RequestId)", async () => {
    const s = await shop();
    fakes.zalo.setDown("500");
    const o = await order(s);
    for (let i = 0; i < MAX_ATTEMPTS; i++) await deliverDue({ now: FAR_FUTURE() });
    const zns = await db.notificationDelivery.findFirstOrThrow({ where: { channel: "ZNS", notification: { link: `/seller/orders/${o.part.id}`, userId: s.owner.id } } });
    expect(zns).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS });
    // the SMS gateway takes the message but the answer is lost: the retry carries the same RequestId
    fakes.sms.setFailRate(1, "accept-then-500");
    expect(await deliverDue({ now: FAR_FUTURE() })).toMatchObject({ retried: 1 });
    fakes.sms.setFailRate(0);
    expect(await deliverDue({ now: FAR_FUTURE() })).toMatchObject({ sent: 1 });
    expect(smsTo(s.owner.phone!)).toHaveLength(1);
    const sms = await db.notificationDelivery.findFirstOrThrow({ where: { channel: "SMS", notificationId: zns.notificationId } });
    expect(sms).toMatchObject({ status: "SENT", attempts: 2, providerRef: "already accepted (eSMS 124)" });
  });

  it("two processes delivering at once send each message once (claims)", async () => {
    const s = await shop();
    const orders = [];
    for (let i = 0; i < 8; i++) orders.push(await order(s));
    const reports = await Promise.all([deliverDue(), deliverDue(), deliverDue()]);
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(8);
    const codes = zaloTo(s.owner.phone!).map((m) => m.templateData.order_code).sort();
    expect(codes).toEqual(orders.map((o) => o.number).sort());
  });

  it("renews an expired Zalo access token once, keeps the rotated refresh token, and sends", async () => {
    const s = await shop();
    const refreshesBefore = fakes.zalo.refreshes;
    fakes.zalo.expireAccessToken();
    await order(s);
    await order(s);
    expect(await deliverDue()).toMatchObject({ sent: 2 });
    expect(fakes.zalo.refreshes).toBe(refreshesBefore + 1); // two sends, one renewal
    const stored = JSON.parse((await db.appSecret.findUniqueOrThrow({ where: { key: "zalo.oauth" } })).value) as { accessToken: string; refreshToken: string };
    expect(stored).toMatchObject({ accessToken: fakes.zalo.accessToken, refreshToken: fakes.zalo.refreshToken });
    expect(stored.accessToken).not.toBe(FAKE_ZALO_ACCESS_TOKEN);
  });

  it("marks a delivery received from Zalo's signed event, and a receipt for a send whose answer was lost stops its retry", async () => {
    const s = await shop();
    fakes.zalo.setFailRate(1, "accept-then-500");
    const o = await order(s);
    expect(await deliverDue()).toMatchObject({ retried: 1 });
    fakes.zalo.setFailRate(0);
    const accepted = zaloTo(s.owner.phone!).find((m) => m.templateData.order_code === o.number)!;
    const event = fakes.zalo.deliveryEvent(accepted);
    // a forged event changes nothing
    const forged = await call(zaloWebhook as never, new Request("http://localhost:3000/resources/webhooks/zalo", { method: "POST", body: event.payload, headers: { ...event.headers, "X-ZEvent-Signature": signZaloEvent(event.payload.replace(accepted.msgId, "x"), event.timestamp) } }));
    expect((forged as Response).status).toBe(400);
    const res = (await call(zaloWebhook as never, new Request("http://localhost:3000/resources/webhooks/zalo", { method: "POST", body: event.payload, headers: event.headers }))) as Response;
    expect(res.status).toBe(200);
    const d = await db.notificationDelivery.findFirstOrThrow({ where: { id: accepted.trackingId! } });
    expect(d.status).toBe("SENT");
    expect(d.deliveredAt).toBeInstanceOf(Date);
    expect(await deliverDue({ now: FAR_FUTURE() })).toMatchObject({ claimed: 0 }); // no retry: it arrived
    expect(zaloTo(s.owner.phone!).filter((m) => m.templateData.order_code === o.number)).toHaveLength(1);

    // Zalo sends one event per message: signed ones are never throttled, only forgeries count
    const post = (headers: Record<string, string>) => call(zaloWebhook as never, new Request("http://localhost:3000/resources/webhooks/zalo", { method: "POST", body: event.payload, headers }), "198.18.0.9");
    await db.rateLimit.create({ data: { key: "webhook:ip:198.18.0.9", hits: LIMITS.webhookPerIp.max - 1, windowStart: new Date() } });
    for (let i = 0; i < 5; i++) expect(((await post(event.headers)) as Response).status).toBe(200);
    expect(((await post({ ...event.headers, "X-ZEvent-Signature": "mac=" + "0".repeat(64) })) as Response).status).toBe(400); // the last one the address may make
    expect(((await post({ ...event.headers, "X-ZEvent-Signature": "mac=" + "0".repeat(64) })) as Response).status).toBe(429);
    expect(((await post(event.headers)) as Response).status).toBe(429); // an address over its limit is refused before reading
  });

  it("sends Web Push first to a subscribed farmer (VAPID-signed, encrypted, opening the order); a gone subscription is dropped and Zalo takes over", async () => {
    const s = await shop();
    const sub = fakes.push.subscribe();
    await db.pushSubscription.create({ data: { userId: s.owner.id, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth } });
    const o = await order(s);
    await deliverDue();
    const pushed = fakes.push.received.filter((r) => r.endpoint === sub.endpoint);
    expect(pushed).toHaveLength(1);
    const payload = JSON.parse(pushed[0].payload) as { title: string; body: string; url: string; tag: string };
    const d = await db.notificationDelivery.findFirstOrThrow({ where: { channel: "PUSH", notification: { userId: s.owner.id, link: `/seller/orders/${o.part.id}` } } });
    expect(payload).toEqual({ title: `Đơn mới ${o.number} — 20.000\u00a0₫`, body: expect.stringContaining("Vườn Thư có đơn mới"), url: `http://localhost:3000/seller/orders/${o.part.id}`, tag: d.id });
    expect(pushed[0]).toMatchObject({ topic: d.id, urgency: "high" });
    expect(zaloTo(s.owner.phone!)).toHaveLength(0);

    fakes.push.expire(sub.endpoint); // the browser dropped it
    const o2 = await order(s);
    await deliverDue();
    await deliverDue();
    expect(await db.pushSubscription.count({ where: { userId: s.owner.id } })).toBe(0);
    expect(zaloTo(s.owner.phone!).map((m) => m.templateData.order_code)).toEqual([o2.number]);
  });

  it("sends e-mail by SMTP to a buyer with only an e-mail: the order's status in their language, Message-ID from the delivery id", async () => {
    const received: Array<{ to: string; data: string }> = [];
    const smtp = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], onData(stream, session, cb) {
      let data = "";
      stream.on("data", (c) => (data += c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), data });
        cb();
      });
    } });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`;
    try {
      const s = await shop({ buyerEmail: "anna@example.test" });
      await db.user.update({ where: { id: s.buyer.id }, data: { locale: "en" } });
      const o = await order(s);
      await transitionFarmOrder({ farmOrderId: o.part.id, to: "PAID", actor: "FARM", userId: s.owner.id });
      await transitionFarmOrder({ farmOrderId: o.part.id, to: "PAID", actor: "FARM", userId: s.owner.id }); // double tap
      await deliverDue();
      const toBuyer = received.filter((r) => r.to === "anna@example.test");
      expect(toBuyer).toHaveLength(1);
      expect(toBuyer[0].data).toMatch(/^Subject: /m);
      expect(toBuyer[0].data).toContain(o.number);
      const d = await db.notificationDelivery.findFirstOrThrow({ where: { channel: "EMAIL", notification: { userId: s.buyer.id } } });
      expect(toBuyer[0].data).toContain(`Message-ID: <${d.id}@chonong.vn>`);
      const n = await db.notification.findFirstOrThrow({ where: { userId: s.buyer.id } });
      expect(await renderNotification(n)).toMatchObject({ title: `Order ${o.number} — Vườn Thư: Paid`, body: `The Vườn Thư part of your order (₫20,000) is now: Paid. Open: http://localhost:3000/orders/${o.orderId}` });
      // the farm confirmed the payment itself: it is not told about it
      expect(await db.notification.count({ where: { userId: s.owner.id, kind: "ORDER_PAID" } })).toBe(0);
    } finally {
      delete process.env.SMTP_URL;
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });

  it("tells the farm of money arriving by bank notification and of a transfer that does not match", async () => {
    const s = await shop();
    await db.farm.update({ where: { id: s.farm.id }, data: { bankBin: "970436", bankAccountNumber: "0071000123456", bankAccountName: "NGUYEN VAN A" } });
    const good = await order(s);
    const bad = await order(s);
    await applyBankTransfer({ id: `t-${randomBytes(4).toString("hex")}`, accountNumber: "0071000123456", amount: 20_000, content: `chuyen tien ${good.part.transferRef}` });
    await applyBankTransfer({ id: `t-${randomBytes(4).toString("hex")}`, accountNumber: "0071000123456", amount: 15_000, content: `${bad.part.transferRef}` });
    const kinds = await db.notification.findMany({ where: { userId: s.owner.id, kind: { in: ["ORDER_PAID", "TRANSFER_FLAGGED"] } }, select: { kind: true, link: true, params: true } });
    expect(kinds.map((k) => [k.kind, k.link])).toEqual(expect.arrayContaining([["ORDER_PAID", `/seller/orders/${good.part.id}`], ["TRANSFER_FLAGGED", `/seller/orders/${bad.part.id}`]]));
    const flagged = kinds.find((k) => k.kind === "TRANSFER_FLAGGED")!;
    expect((await renderNotification({ kind: flagged.kind, params: flagged.params, locale: "vi", link: flagged.link })).body).toContain(`Có khoản chuyển 15.000\u00a0₫ ghi mã ${bad.part.transferRef}, nhưng đơn ${bad.number} cần 20.000\u00a0₫`);
    // and the buyer hears the part is paid
    expect(await db.notification.count({ where: { userId: s.buyer.id, kind: "ORDER_STATUS", link: `/orders/${good.orderId}` } })).toBe(1);
  });

  it("warns farm and buyer 10 minutes before a hold ends, once, and the warning is dropped once the hold is over", async () => {
    const s = await shop({ buyerPhone: fakePhone() });
    const o = await order(s);
    const reservedUntil = o.part.reservedUntil!;
    const early = new Date(reservedUntil.getTime() - 15 * 60_000);
    expect(await announceExpiringHolds(early)).toBe(0);
    const nine = new Date(reservedUntil.getTime() - 9 * 60_000);
    const ofThisPart = { kind: "HOLD_EXPIRING", dedupeKey: { startsWith: `hold-expiring:${o.part.id}` } };
    expect(await db.notification.count({ where: ofThisPart })).toBe(0);
    expect(await announceExpiringHolds(nine)).toBeGreaterThanOrEqual(1); // (other tests' orders are due too)
    expect(await announceExpiringHolds(new Date(nine.getTime() + 60_000))).toBe(0); // once
    const warnings = await db.notification.findMany({ where: ofThisPart, orderBy: { userId: "asc" } });
    expect(warnings.map((w) => w.userId).sort()).toEqual([s.owner.id, s.buyer.id].sort());
    expect(warnings.every((w) => w.expiresAt?.getTime() === reservedUntil.getTime())).toBe(true);
    const buyerText = await renderNotification(warnings.find((w) => w.userId === s.buyer.id)!);
    expect(buyerText.title).toBe(`Đơn ${o.number}: còn 9 phút để thanh toán`);
    // nothing sent until after the hold: pointless then
    await db.notification.updateMany({ where: { id: { in: warnings.map((w) => w.id) } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    while ((await deliverDue()).claimed > 0);
    expect(await db.notification.findMany({ where: ofThisPart, select: { status: true } })).toEqual([{ status: "EXPIRED" }, { status: "EXPIRED" }]);
    expect(zaloTo(s.owner.phone!).filter((m) => m.templateData.order_code === o.number && m.templateData.status.startsWith("Sắp hết"))).toHaveLength(0);
  });

  it("tells the farm when a sale leaves a product with its last few units, once", async () => {
    const s = await shop({ stockMilli: 5000 });
    await order(s, 1000); // 4 left: above 3 steps
    expect(await db.notification.count({ where: { userId: s.owner.id, kind: "STOCK_LOW" } })).toBe(0);
    await order(s, 2000); // 2 left: running out
    await order(s, 1000); // 1 left: already told
    const low = await db.notification.findMany({ where: { userId: s.owner.id, kind: "STOCK_LOW" } });
    expect(low).toHaveLength(1);
    expect((await renderNotification(low[0])).body).toContain("chỉ còn 2 kg");
    await deliverDue();
    expect(zaloTo(s.owner.phone!).some((m) => m.templateId === FAKE_ZNS_TEMPLATE_IDS.STOCK_LOW && m.templateData.quantity === "2 kg")).toBe(true);
  });

  it("holds a message written in quiet hours until 06:00 Vietnam time; a code goes at once", async () => {
    const s = await shop();
    await db.user.update({ where: { id: s.owner.id }, data: { quietHours: true } });
    const night = new Date("2026-12-07T23:30:00+07:00");
    const id = await db.$transaction((tx) => notify(tx, { dedupeKey: `quiet-${randomBytes(4).toString("hex")}`, kind: "ORDER_STATUS", to: { userId: s.owner.id, audience: "BUYER" }, params: { number: "CN-TEST", farm: "Vườn", status: "SHIPPED", amountVnd: 1000 }, now: night }));
    const code = await db.$transaction((tx) => notify(tx, { dedupeKey: `quiet-code-${randomBytes(4).toString("hex")}`, kind: "CODE", to: { address: s.owner.phone!, userId: s.owner.id }, params: { code: "123456", minutes: 5 }, now: night }));
    const [n, c] = await Promise.all([db.notification.findUniqueOrThrow({ where: { id } }), db.notification.findUniqueOrThrow({ where: { id: code } })]);
    expect(n.notBefore).toEqual(new Date("2026-12-08T06:00:00+07:00"));
    expect(c.notBefore).toEqual(night);
    const d = await db.notificationDelivery.findFirstOrThrow({ where: { notificationId: id } });
    expect(d.nextAttemptAt).toEqual(new Date("2026-12-08T06:00:00+07:00"));
  });

  it("follows the person's choice of channels per topic", async () => {
    const s = await shop();
    await savePreferences({ userId: s.owner.id, choices: { NEW_ORDER: ["SMS"], PAYMENT: [] }, quietHours: false });
    const o = await order(s);
    const n = await db.notification.findFirstOrThrow({ where: { userId: s.owner.id, link: `/seller/orders/${o.part.id}` } });
    expect(n.plan).toBe("SMS");
    // nothing chosen for a topic: nothing sent
    // the account the order was placed with (this farm had none then: as if it had this one)
    await db.farmOrder.update({ where: { id: o.part.id }, data: { bankBin: "970436", bankAccountNumber: "0071000999999" } });
    await applyBankTransfer({ id: `t-${randomBytes(4).toString("hex")}`, accountNumber: "0071000999999", amount: 20_000, content: o.part.transferRef });
    expect(await db.notification.findFirstOrThrow({ where: { userId: s.owner.id, kind: "ORDER_PAID" } })).toMatchObject({ status: "NO_CHANNEL", plan: "" });
  });

  it("lists a message no channel could carry as a dead letter; the admin's retry sends it with the same ids", async () => {
    const s = await shop();
    fakes.zalo.setNotZaloUser(zaloPhone(s.owner.phone!));
    fakes.sms.setNoBalance(true);
    const o = await order(s);
    await deliverDue();
    await deliverDue();
    const n = await db.notification.findFirstOrThrow({ where: { userId: s.owner.id, link: `/seller/orders/${o.part.id}` }, include: { deliveries: true } });
    expect(n.status).toBe("DEAD");
    const before = n.deliveries.map((d) => d.id).sort();
    fakes.sms.setNoBalance(false); // the operator topped up
    // the admin page lists it, and its button puts it back in the queue
    const admin = await createUser(db, { role: "ADMIN" });
    const cookie = await sessionCookieFor(admin.id);
    const page = (await call(adminLoader as never, getRequest("/admin", cookie))) as { deadLetters: Array<{ id: string }> };
    expect(page.deadLetters.map((d) => d.id)).toContain(n.id);
    const buyerCookie = await sessionCookieFor(s.buyer.id);
    expect(((await call(adminAction as never, formRequest("/admin", { intent: "retryNotification", notificationId: n.id }, buyerCookie))) as Response).status).toBe(403);
    expect(unwrap(await call(adminAction as never, formRequest("/admin", { intent: "retryNotification", notificationId: n.id }, cookie))).value).toMatchObject({ retried: true });
    expect(await retryNotification({ notificationId: n.id })).toBe(false); // not dead any more
    await deliverDue();
    await deliverDue();
    const after = await db.notification.findUniqueOrThrow({ where: { id: n.id }, include: { deliveries: true } });
    expect(after.status).toBe("SENT");
    expect(after.deliveries.map((d) => d.id).sort()).toEqual(before);
    expect(smsTo(s.owner.phone!).map((m) => m.requestId)).toEqual([after.deliveries.find((d) => d.channel === "SMS")!.id]);
    fakes.zalo.setNotZaloUser(zaloPhone(s.owner.phone!), false);
  });

  it("keeps messages 90 days, then deletes them (unless one is still waiting)", async () => {
    const write = (createdAt: Date, kind: "ORDER_STATUS" | "CODE") => db.$transaction((tx) => notify(tx, { dedupeKey: `old-${randomBytes(4).toString("hex")}`, kind, to: { address: fakePhone() }, params: { code: "111111", number: "CN-OLD" }, now: createdAt }));
    const day = 24 * 3600_000;
    const old = await write(new Date(Date.now() - 91 * day), "CODE");
    const waiting = await write(new Date(Date.now() - 91 * day), "ORDER_STATUS");
    const recent = await write(new Date(Date.now() - 89 * day), "CODE");
    await db.notification.updateMany({ where: { id: { in: [old, recent] } }, data: { status: "SENT" } });
    await db.notification.update({ where: { id: waiting }, data: { status: "PENDING", notBefore: FAR_FUTURE() } });
    await db.notificationDelivery.updateMany({ where: { notificationId: waiting }, data: { nextAttemptAt: FAR_FUTURE() } });
    expect(await purgeOldNotifications()).toBeGreaterThanOrEqual(1);
    expect((await db.notification.findMany({ where: { id: { in: [old, waiting, recent] } }, select: { id: true } })).map((n) => n.id).sort()).toEqual([waiting, recent].sort());
    expect(await db.notificationDelivery.count({ where: { notificationId: old } })).toBe(0); // its rows with it
  });

  it("moves what the previous release wrote into OutboxMessage into notifications, once", async () => {
    const key = `old-${randomBytes(4).toString("hex")}`;
    const phone = fakePhone();
    // written in the day (an address without an account keeps quiet hours)
    await db.outboxMessage.create({ data: { dedupeKey: key, recipient: phone, subject: "Đơn mới", body: "Có đơn mới.", createdAt: new Date("2026-12-07T10:00:00+07:00") } });
    expect(await adoptLegacyOutbox()).toBe(1);
    expect(await adoptLegacyOutbox()).toBe(0);
    const n = await db.notification.findUniqueOrThrow({ where: { dedupeKey: `legacy:${key}` } });
    expect(n).toMatchObject({ kind: "LEGACY", plan: "SMS" });
    while ((await deliverDue()).claimed > 0);
    expect(smsTo(phone)[0].content).toBe("Co don moi.");
  });

  it("sends in the background after a commit, without the test calling deliverDue", async () => {
    resumeDelivering();
    try {
      const s = await shop();
      const o = await order(s);
      deliverSoon();
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !zaloTo(s.owner.phone!).some((m) => m.templateData.order_code === o.number)) await new Promise((r) => setTimeout(r, 20));
      expect(zaloTo(s.owner.phone!).filter((m) => m.templateData.order_code === o.number)).toHaveLength(1);
    } finally {
      await deliveriesSettled();
      await stopDelivering();
    }
  });

  it("under npm run dev shows what unconfigured channels would have sent on /dev/messages, codes included; anywhere else that page is a 404", async () => {
    const phone = fakePhone();
    const write = () => db.$transaction((tx) => notify(tx, { dedupeKey: `dev-${randomBytes(4).toString("hex")}`, kind: "CODE", to: { address: phone }, params: { code: "802417", minutes: 5 } }));
    fakes.forgetInThisProcess();
    process.env.NODE_ENV = "development";
    try {
      const id = await write();
      while ((await deliverDue()).claimed > 0);
      expect(await db.notificationDelivery.findFirstOrThrow({ where: { notificationId: id } })).toMatchObject({ channel: "ZNS", status: "SENT", providerRef: "dev" });
      const page = (await call(devMessagesLoader as never, getRequest("/dev/messages"))) as { messages: Array<{ id: string; body: string; to: string }> };
      expect(page.messages.find((m) => m.id === id)).toMatchObject({ to: phone, body: expect.stringContaining("802417") });
      expect(zaloTo(phone)).toHaveLength(0); // nothing left the machine
    } finally {
      process.env.NODE_ENV = "test";
      fakes.useInThisProcess();
    }
    expect(((await call(devMessagesLoader as never, getRequest("/dev/messages"))) as Response).status).toBe(404);
    // and in a configured test or production process a code is blanked once sent
    const id = await write();
    while ((await deliverDue()).claimed > 0);
    expect((await db.notification.findUniqueOrThrow({ where: { id } })).params).not.toContain("802417");
  });
});
