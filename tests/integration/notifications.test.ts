// Notifications: written with the change they announce, one per event however often the event is
// retried, and delivered by SMTP (a real local SMTP server) when SMTP_URL is set.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { deliverOutbox, deliverSoon, resetMailer } from "~/modules/notifications/outbox.server";
import { startHousekeeping } from "~/modules/jobs/housekeeping.server";
import { placeOrder } from "~/modules/orders/checkout.server";
import { transitionFarmOrder } from "~/modules/orders/orders.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { getRequest } from "./helpers";

const received: Array<{ to: string; data: string }> = [];
let smtp: SMTPServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      let data = "";
      stream.on("data", (c) => (data += c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), data });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetMailer();
  await new Promise<void>((r) => smtp.close(() => r()));
});

describe(`notifications (${process.env.TEST_DB_ENGINE})`, () => {
  it("writes one message per event, never duplicated by retries, and sends e-mail by SMTP", async () => {
    const owner = await createUser(db, { role: "FARMER", email: "vuon@example.test" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77", name: "Vườn Thư" });
    const product = await createProduct(db, { farmId: farm.id, categoryId: (await createCategory(db)).id, priceVnd: 20_000 });
    const buyer = await createUser(db, { email: "mua@example.test" });
    const { cartId } = await ensureCart(getRequest("/"), buyer.id);
    await setCartLine({ cartId, productId: product.id, quantityMilli: 1000 });
    const key = randomBytes(16).toString("hex");
    const input = { idempotencyKey: key, buyerName: "Mua", buyerPhone: "+84912000333", farms: [{ farmId: farm.id, fulfilment: "PICKUP" as const, address: "", paymentMethod: "VIETQR" as const }] };
    const res = await placeOrder({ userId: buyer.id, cartId, input, cardAvailable: false });
    await placeOrder({ userId: buyer.id, cartId, input, cardAvailable: false }); // resubmitted
    const fo = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.ok ? res.orderId : "" } });
    await transitionFarmOrder({ farmOrderId: fo.id, to: "PAID", actor: "FARM", userId: owner.id });
    await transitionFarmOrder({ farmOrderId: fo.id, to: "PAID", actor: "FARM", userId: owner.id }); // double tap

    const messages = await db.outboxMessage.findMany({ where: { dedupeKey: { contains: fo.id } }, orderBy: { dedupeKey: "asc" } });
    expect(messages.map((m) => [m.recipient, m.dedupeKey.split(":").slice(2).join(":")])).toEqual([
      ["mua@example.test", "AWAITING_PAYMENT:buyer"],
      ["vuon@example.test", "AWAITING_PAYMENT:farm:vuon@example.test"],
      ["mua@example.test", "PAID:buyer"],
      ["vuon@example.test", "PAID:farm:vuon@example.test"],
    ]);

    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`;
    resetMailer();
    const first = await deliverOutbox();
    expect(first.failed).toBe(0);
    expect(first.sent).toBeGreaterThanOrEqual(4);
    expect(await deliverOutbox()).toEqual({ sent: 0, failed: 0 }); // nothing twice
    const toBuyer = received.filter((r) => r.to === "mua@example.test");
    expect(toBuyer.length).toBe(2);
    expect(await db.outboxMessage.count({ where: { dedupeKey: { contains: fo.id }, sentAt: null } })).toBe(0);
    // both Vietnamese accounts: told in Vietnamese
    expect(messages.map((m) => m.subject)).toEqual([
      `Đơn ${res.ok ? res.number : ""} — Vườn Thư: Chờ thanh toán`,
      `Đơn mới ${res.ok ? res.number : ""} — 20.000\u00a0₫`,
      `Đơn ${res.ok ? res.number : ""} — Vườn Thư: Đã thanh toán`,
      `Đã thanh toán ${res.ok ? res.number : ""} — 20.000\u00a0₫`,
    ]);
  });

  it("lets a shutting-down process finish the e-mail a request started sending before it closes the database", async () => {
    // an SMTP server that takes its time
    const slow = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], onData(stream, _session, cb) {
      stream.resume();
      stream.on("end", () => setTimeout(cb, 300));
    } });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    try {
      process.env.SMTP_URL = `smtp://127.0.0.1:${(slow.server.address() as AddressInfo).port}?ignoreTLS=true`;
      resetMailer();
      const m = await db.outboxMessage.create({ data: { dedupeKey: `shutdown-${randomBytes(4).toString("hex")}`, recipient: "cho@example.test", subject: "s", body: "b" } });
      deliverSoon(); // as after a committed change
      for (const intervalMs of [0, 60_000]) await startHousekeeping({ intervalMs }).stop(); // server.js's shutdown, with the timer off or on
      expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: m.id } })).sentAt).toBeInstanceOf(Date);
    } finally {
      delete process.env.SMTP_URL;
      resetMailer();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });

  it("writes each message in its recipient's language: an English-speaking buyer, a Vietnamese farm", async () => {
    // no SMTP here: nothing is delivered in the background while the file's database goes away
    delete process.env.SMTP_URL;
    resetMailer();
    const owner = await createUser(db, { role: "FARMER", email: "vuon-en@example.test", locale: "vi" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77", name: "Vườn Sen" });
    const product = await createProduct(db, { farmId: farm.id, categoryId: (await createCategory(db)).id, priceVnd: 45_000 });
    const buyer = await createUser(db, { email: "buyer-en@example.test", locale: "en" });
    const { cartId } = await ensureCart(getRequest("/"), buyer.id);
    await setCartLine({ cartId, productId: product.id, quantityMilli: 2000 });
    const input = { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Anna", buyerPhone: "+84912000444", farms: [{ farmId: farm.id, fulfilment: "PICKUP" as const, address: "", paymentMethod: "VIETQR" as const }] };
    const res = await placeOrder({ userId: buyer.id, cartId, input, cardAvailable: false });
    if (!res.ok) throw new Error("order not placed");
    const fo = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } });
    const byRecipient = Object.fromEntries((await db.outboxMessage.findMany({ where: { dedupeKey: { contains: fo.id } } })).map((m) => [m.recipient, m]));
    expect(byRecipient["buyer-en@example.test"]).toMatchObject({
      subject: `Order ${res.number} — Vườn Sen: Awaiting payment`,
      body: "The Vườn Sen part of your order (₫90,000) is now: Awaiting payment.",
    });
    expect(byRecipient["vuon-en@example.test"]).toMatchObject({ subject: `Đơn mới ${res.number} — 90.000\u00a0₫` });
    expect(byRecipient["vuon-en@example.test"].body).toContain("Mở Chợ Nông › Đơn hàng của vườn");
  });
});
