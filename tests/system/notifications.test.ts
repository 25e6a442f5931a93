// The production server (`node server.js`) with its senders pointed at the fakes of Zalo ZNS, eSMS
// and a Web Push service: a buyer's checkout over HTTP, and the phone-only farmer's phone gets the
// new order within seconds — on Zalo; by SMS when the number has no Zalo; and, with every provider
// down, once they recover, exactly once (ADR 014).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { ensureCart, setCartLine, loadCart } from "~/modules/cart/cart.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince, fakePhone } from "../factories";
import { esmsPhone, startMessagingFakes, zaloPhone, type MessagingFakes } from "../fakes/messaging";
import { getRequest, sessionCookieFor } from "../integration/helpers";
import { checkoutForm, type Buyer } from "./shop";
import { priceToken } from "~/modules/orders/checkout.server";
import { engine, freePort, postForm, sleep, startServer, type AppServer } from "./server";

let fakes: MessagingFakes;
let server: AppServer;
let categoryId: string;

beforeAll(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  fakes = await startMessagingFakes({ zaloCallbackUrl: `${url}/resources/webhooks/zalo` });
  server = await startServer({ port, housekeepingMs: 1000, env: { ...fakes.env, NOTIFY_RETRY_BASE_MS: "300" } });
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
}, 120_000);
afterAll(async () => {
  await fakes?.close();
});

let n = 0;
/** A farm whose owner has only a phone, and a logged-in buyer with one of its products in the cart. */
async function farmAndBuyer() {
  const phone = fakePhone();
  const owner = await createUser(db, { role: "FARMER", phone, email: null });
  const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
  await db.farm.update({ where: { id: farm.id }, data: { bankBin: "970436", bankAccountNumber: "0071000123456", bankAccountName: "NGUYEN VAN A" } });
  const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 10_000, priceVnd: 35_000 });
  const user = await createUser(db);
  const { cartId } = await ensureCart(getRequest("/"), user.id);
  await setCartLine({ cartId, productId: product.id, quantityMilli: 1000 });
  const i = ++n;
  const seenPrices = priceToken((await loadCart(cartId)).groups.flatMap((g) => g.lines));
  const buyer: Buyer = { userId: user.id, cookie: await sessionCookieFor(user.id), ip: `10.9.0.${i}`, key: randomBytes(16).toString("hex"), seenPrices, lines: [{ farmId: farm.id, productId: product.id, quantityMilli: 1000, paymentMethod: "VIETQR" }] };
  return { phone, buyer };
}

async function checkout(buyer: Buyer): Promise<{ number: string; at: number }> {
  const res = await postForm(server, "/checkout", checkoutForm(buyer), { cookie: buyer.cookie, ip: buyer.ip, origin: server.url });
  const at = Date.now();
  expect(res.status, res.body.slice(0, 300)).toBe(302);
  const orderId = /^\/orders\/([^/?]+)/.exec(res.headers.location ?? "")![1];
  return { number: (await db.order.findUniqueOrThrow({ where: { id: orderId } })).number, at };
}

async function waitFor<T>(what: () => T | undefined, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v !== undefined || Date.now() > deadline) return v;
    await sleep(25);
  }
}

describe(`order messages from the running server (${engine})`, () => {
  it("a phone-only farmer gets the new order on Zalo within seconds of the buyer's checkout, and Zalo's receipt comes back", async () => {
    const { phone, buyer } = await farmAndBuyer();
    const { number, at } = await checkout(buyer);
    const got = await waitFor(() => fakes.zalo.messages.find((m) => m.phone === zaloPhone(phone) && m.templateData.order_code === number), 5000);
    expect(got, server.output()).toBeDefined();
    expect(got!.at - at).toBeLessThan(3000);
    // Zalo's signed delivery event reached the server and was recorded against our delivery
    for (let i = 0; i < 100 && !(await db.notificationDelivery.findFirst({ where: { id: got!.trackingId!, deliveredAt: { not: null } } })); i++) await sleep(50);
    expect(await db.notificationDelivery.findFirst({ where: { id: got!.trackingId! }, select: { status: true, deliveredAt: true } })).toMatchObject({ status: "SENT", deliveredAt: expect.any(Date) });
  });

  it("reaches a number that has no Zalo by SMS", async () => {
    const { phone, buyer } = await farmAndBuyer();
    fakes.zalo.setNotZaloUser(zaloPhone(phone));
    const { number } = await checkout(buyer);
    const sms = await waitFor(() => fakes.sms.messages.find((m) => m.phone === esmsPhone(phone) && m.content.includes(number)), 5000);
    expect(sms, server.output()).toBeDefined();
    expect(fakes.zalo.messages.filter((m) => m.phone === zaloPhone(phone))).toHaveLength(0);
  });

  it("with every provider down, sends once they recover, exactly once", async () => {
    const { phone, buyer } = await farmAndBuyer();
    fakes.zalo.setDown("refuse");
    fakes.sms.setDown("refuse");
    const { number } = await checkout(buyer);
    await sleep(1500);
    const callsWhileDown = fakes.zalo.calls;
    expect(fakes.zalo.messages.filter((m) => m.templateData.order_code === number)).toHaveLength(0);
    fakes.zalo.setDown(false);
    fakes.sms.setDown(false);
    const got = await waitFor(() => fakes.zalo.messages.find((m) => m.templateData.order_code === number), 10_000);
    expect(got, server.output()).toBeDefined();
    expect(callsWhileDown).toBeGreaterThan(0); // it was tried while down, and retried after
    await sleep(2000); // any late retry or fallback would show now
    const all = [...fakes.zalo.messages.filter((m) => m.templateData.order_code === number), ...fakes.sms.messages.filter((m) => m.phone === esmsPhone(phone) && m.content.includes(number))];
    expect(all).toHaveLength(1);
  });
});
