// What an attack run and a code review broke (issue "Integrity"), each as the attacker or the
// unlucky user met it: a stale product form, staff redirecting payouts, holds renewed for ever, a
// price changed under the buyer, a suspended farm still selling, two products of one name at once,
// a cache filled with data not yet committed, order pages writing on GET, an over-long cookie.
import { getBuyerOrder, transitionFarmOrder } from "~/flows/orders.server";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { ensureCart, loadCart, setCartLine } from "~/modules/cart/cart.server";
import { holdLimits, placeOrder, priceToken } from "~/modules/orders/checkout.server";

for (const k of ["HOLD_MAX_MINUTES", "HOLD_MAX_SHARE_OF_STOCK", "HOLD_MAX_UNPAID_PARTS", "HOLD_MAX_EXPIRED_PER_DAY"]) delete process.env[k];
const HOLD_LIMITS = holdLimits(); // the defaults
import { listFarmOrders } from "~/modules/orders/orders.server";

import { applyBankTransfer } from "~/modules/payments/bank.server";
import { createFarmProduct } from "~/modules/catalog/products.server";
import { getProductPage } from "~/modules/catalog/catalog.server";
import { commitSessionCookie, createSession, renewedSessionCookie, SESSION_LENGTH_MS, validateSessionToken } from "~/modules/auth/session.server";
import { action as editProductAction, loader as editProductLoader } from "~/routes/seller+/products.$productId";
import { action as bankAction } from "~/routes/seller+/farms.$farmId.bank";
import { action as profileAction } from "~/routes/seller+/farms.$farmId.profile";
import { action as membersAction } from "~/routes/seller+/farms.$farmId.members";
import { action as farmOrderAction } from "~/routes/seller+/orders.$farmOrderId";
import { action as checkoutAction } from "~/routes/_store+/checkout";
import { loader as activityLoader } from "~/routes/seller+/farms.$farmId_.activity";
import { listVietQrBanks } from "~/modules/payments/banks.server";
import { readFlash } from "~/utils/flash.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince, fakePhone } from "../factories";
import { call, formRequest, getRequest, sessionCookieFor, unwrap } from "./helpers";

const engine = process.env.TEST_DB_ENGINE;
let categoryId: string;
const bankBin = listVietQrBanks()[0].bin;
const key = () => randomBytes(16).toString("hex");

async function farmWithTeam(stockMilli = 17_000, priceVnd = 50_000) {
  const owner = await createUser(db, { role: "FARMER", phone: fakePhone() });
  const manager = await createUser(db, { role: "FARMER", phone: fakePhone() });
  const staff = await createUser(db, { role: "FARMER", phone: fakePhone() });
  const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
  await db.farm.update({ where: { id: farm.id }, data: { bankBin, bankAccountNumber: "0071000123456", bankAccountName: "NGUYEN VAN A" } });
  await db.farmMember.createMany({ data: [{ farmId: farm.id, userId: manager.id, role: "MANAGER" }, { farmId: farm.id, userId: staff.id, role: "STAFF" }] });
  const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli, priceVnd });
  return { owner, manager, staff, farm: { ...farm, id: farm.id }, product };
}

async function buy(productId: string, quantityMilli: number, farmId: string, buyer?: { id: string }) {
  const who = buyer ?? (await createUser(db));
  const { cartId } = await ensureCart(getRequest("/"), who.id);
  const r = await setCartLine({ cartId, productId, quantityMilli });
  if (!r.ok) throw new Error(r.error);
  const res = await placeOrder({
    userId: who.id, cartId, cardAvailable: false,
    input: { idempotencyKey: key(), buyerName: "Chị Mai", buyerPhone: "+84912345678", farms: [{ farmId, fulfilment: "PICKUP", address: "", paymentMethod: "VIETQR" }] },
  });
  return { buyer: who, cartId, res };
}

const productForm = (stock: string, extra: Record<string, string> = {}) => ({ name: "Bưởi da xanh", categoryId, unit: "kg", price: "50.000", stock, description: "", intent: "publish", ...extra });

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
});

describe(`integrity on ${engine}`, () => {
  it("a stale product form never overwrites stock: the difference from what the form showed is applied", async () => {
    const { owner, farm, product } = await farmWithTeam(17_000);
    const cookie = await sessionCookieFor(owner.id);
    const params = { productId: product.id };
    // the farmer opens the form: it carries the stock it showed (17)
    const page = (await call(editProductLoader as never, getRequest(`/seller/products/${product.id}`, cookie), undefined, params)) as { product: { stockMilli: number } };
    const seen = String(page.product.stockMilli);
    expect(seen).toBe("17000");
    // a buyer takes 5 meanwhile
    expect((await buy(product.id, 5000, farm.id)).res.ok).toBe(true);
    // the farmer saves the unchanged form: still 12, not 17
    const saved = (await call(editProductAction as never, formRequest(`/seller/products/${product.id}`, { ...productForm("17"), stockSeen: seen }, cookie), undefined, params)) as Response;
    expect(saved.status).toBe(302);
    // the farmer is told: 5 sold meanwhile, now 12 (a one-time message)
    const flash = saved.headers.getSetCookie().find((c) => c.startsWith("cn_flash="))!.split(";")[0];
    expect((await readFlash(getRequest("/", flash))).flash).toEqual({ key: "stockSoldMeanwhile", values: { amount: "5", now: "12" } });
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(12_000);
    // the farmer adds 3 on a form loaded at 12 while another 2 sell: 12 − 2 + 3 = 13
    expect((await buy(product.id, 2000, farm.id)).res.ok).toBe(true);
    await call(editProductAction as never, formRequest(`/seller/products/${product.id}`, { ...productForm("15"), stockSeen: "12000" }, cookie), undefined, params);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(13_000);
    // lowering by more than is left is refused with the current figure; nothing changes
    const tooLow = unwrap(await call(editProductAction as never, formRequest(`/seller/products/${product.id}`, { ...productForm("0"), stockSeen: "20000" }, cookie), undefined, params));
    expect(tooLow.status).toBe(409);
    expect(tooLow.value.currentStockMilli).toBe(13_000);
    expect(tooLow.value.result.error.stock).toEqual(["stockChanged"]);
    // a form without the figure (an old page) may not change the stock blindly
    const blind = unwrap(await call(editProductAction as never, formRequest(`/seller/products/${product.id}`, productForm("30"), cookie), undefined, params));
    expect(blind.status).toBe(409);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(13_000);
  });

  it("staff change stock alone, as a difference; they cannot change prices", async () => {
    const { staff, farm, product } = await farmWithTeam(10_000);
    const cookie = await sessionCookieFor(staff.id);
    const params = { productId: product.id };
    expect((await buy(product.id, 4000, farm.id)).res.ok).toBe(true); // 6 left; staff's page said 10
    const res = (await call(editProductAction as never, formRequest(`/seller/products/${product.id}?op=stock`, { stock: "15", stockSeen: "10000" }, cookie), undefined, params)) as Response;
    expect(res.status).toBe(302);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(11_000);
    const price = unwrap(await call(editProductAction as never, formRequest(`/seller/products/${product.id}`, { ...productForm("11", { price: "1.000" }), stockSeen: "11000" }, cookie), undefined, params));
    expect(price.status).toBe(404);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).priceVnd).toBe(50_000);
    // staff of another farm change nothing here, even by posting this product's id
    const other = await farmWithTeam();
    const foreign = (await call(editProductAction as never, formRequest(`/seller/products/${product.id}?op=stock`, { stock: "0", stockSeen: "11000" }, await sessionCookieFor(other.staff.id)), undefined, params)) as Response;
    expect(foreign.status).toBe(404);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(11_000);
  });

  it("only the owner changes the bank account, members and identity; each change is recorded and told to the owner", async () => {
    const { owner, manager, staff, farm } = await farmWithTeam();
    const bank = (cookie: string, accountNumber: string) =>
      call(bankAction as never, formRequest(`/seller/farms/${farm.id}/bank`, { bankBin, bankAccountNumber: accountNumber, bankAccountName: "KE GIAN" }, cookie), undefined, { farmId: farm.id });
    for (const who of [staff, manager]) {
      const cookie = await sessionCookieFor(who.id);
      expect(((await bank(cookie, "999988887777")) as Response).status).toBe(403);
      // the farm's identity: name, web address, phone
      const profile = await call(profileAction as never, formRequest(`/seller/farms/${farm.id}/profile`, { name: "Vườn Của Tôi", slug: `cuop-${key().slice(0, 6)}`, communeCode: "77020", phone: "0999888777", story: "", addressLine: "" }, cookie), undefined, { farmId: farm.id });
      expect(unwrap(profile).status).toBe(403);
      const invite = (await call(membersAction as never, formRequest(`/seller/farms/${farm.id}/members`, { identifier: "0912000111", role: "MANAGER" }, cookie), undefined, { farmId: farm.id })) as unknown;
      expect(unwrap(invite).status).toBe(403);
    }
    const unchanged = await db.farm.findUniqueOrThrow({ where: { id: farm.id } });
    expect(unchanged).toMatchObject({ bankAccountNumber: "0071000123456", name: farm.name, slug: farm.slug });
    expect(await db.farmAuditEntry.count({ where: { farmId: farm.id } })).toBe(0);

    // a manager edits the story (the identity fields sent as they are)
    const managerCookie = await sessionCookieFor(manager.id);
    const story = (await call(profileAction as never, formRequest(`/seller/farms/${farm.id}/profile`, { name: unchanged.name, slug: unchanged.slug, communeCode: "77020", phone: unchanged.phone.replace("+84", "0"), story: "Bưởi ngọt", addressLine: "", offersPickup: "on", offersDelivery: "on" }, managerCookie), undefined, { farmId: farm.id })) as Response;
    expect(story.status).toBe(302);
    expect((await db.farm.findUniqueOrThrow({ where: { id: farm.id } })).story).toBe("Bưởi ngọt");

    // an order placed now shows the current account; then the owner changes it
    const product2 = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 5000 });
    const { res } = await buy(product2.id, 1000, farm.id);
    if (!res.ok) throw new Error(res.error);
    const ownerCookie = await sessionCookieFor(owner.id);
    expect(((await bank(ownerCookie, "555566667777")) as Response).status).toBe(302);
    const entry = await db.farmAuditEntry.findFirstOrThrow({ where: { farmId: farm.id, action: "bank" } });
    expect(entry.actorId).toBe(owner.id);
    expect(JSON.parse(entry.oldValue)).toMatchObject({ bankAccountNumber: "0071000123456" });
    expect(JSON.parse(entry.newValue)).toMatchObject({ bankAccountNumber: "555566667777", bankAccountName: "KE GIAN" });
    const notice = await db.notification.findFirstOrThrow({ where: { userId: owner.id, kind: "SECURITY" } });
    expect(JSON.parse(notice.params)).toMatchObject({ event: "farmBankChanged", target: "•••7777" });
    expect(notice.link).toBe(`/seller/farms/${farm.id}/activity`);
    // the owner's change log shows it; a manager cannot open it
    const log = (await call(activityLoader as never, getRequest(`/seller/farms/${farm.id}/activity`, ownerCookie), undefined, { farmId: farm.id })) as { changes: Array<{ action: string; actor: string }> };
    expect(log.changes[0]).toMatchObject({ action: "bank", actor: owner.name });
    expect(((await call(activityLoader as never, getRequest(`/seller/farms/${farm.id}/activity`, managerCookie), undefined, { farmId: farm.id })) as Response).status).toBe(404);

    // the earlier order keeps its account: its VietQR and the bank's notification
    const part = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } });
    expect(part.bankAccountNumber).toBe("0071000123456");
    const order = await getBuyerOrder({ userId: (await db.order.findUniqueOrThrow({ where: { id: res.orderId } })).buyerId!, orderId: res.orderId });
    expect(order!.farmOrders[0].vietQr!.accountNumber).toBe("0071000123456");
    expect(await applyBankTransfer({ id: key(), accountNumber: "555566667777", amount: part.subtotalVnd, content: part.transferRef })).toMatch(/another account/);
    expect(await applyBankTransfer({ id: key(), accountNumber: "0071000123456", amount: part.subtotalVnd, content: part.transferRef })).toMatch(/^paid/);
  });

  it("staff move orders along but do not move money: no 'transfer received', no cancelling a paid part", async () => {
    const { staff, manager, farm, product } = await farmWithTeam();
    const { res } = await buy(product.id, 1000, farm.id);
    if (!res.ok) throw new Error(res.error);
    const part = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } });
    const post = async (userId: string, fields: Record<string, string>) =>
      call(farmOrderAction as never, formRequest(`/seller/orders/${part.id}`, fields, await sessionCookieFor(userId)), undefined, { farmOrderId: part.id });
    expect(unwrap(await post(staff.id, { to: "PAID" })).status).toBe(403);
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: part.id } })).status).toBe("AWAITING_PAYMENT");
    expect(((await post(manager.id, { to: "PAID" })) as Response).status).toBe(302);
    expect(unwrap(await post(staff.id, { to: "CANCELLED", reason: "Hết hàng rồi" })).status).toBe(403);
    expect(((await post(staff.id, { to: "CONFIRMED" })) as Response).status).toBe(302);
    expect(await transitionFarmOrder({ farmOrderId: part.id, to: "CANCELLED", actor: "FARM", userId: staff.id, reason: "Hết hàng rồi" })).toEqual({ ok: false, error: "notAllowed" });
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: part.id } })).status).toBe("CONFIRMED");
  });

  it("a buyer cannot hold stock for ever: no renewal past the cap, one hold per product, a few parts at once, none after repeated expiries", async () => {
    const { farm, product } = await farmWithTeam(100_000);
    // a first hold may be large (a buyer may buy much; 30 minutes to pay)
    const first = await buy(product.id, 40_000, farm.id);
    if (!first.res.ok) throw new Error(first.res.error);
    // the same buyer again, the same product, while the first is unpaid: 40 + 20 > half of 100
    const again = await buy(product.id, 20_000, farm.id, first.buyer);
    expect(again.res).toMatchObject({ ok: false, error: "alreadyHeld" });
    await db.cartItem.deleteMany({ where: { cartId: again.cartId } });
    // a small second order of it is fine: 40 + 5 ≤ half of 100
    const small = await buy(product.id, 5_000, farm.id, first.buyer);
    expect(small.res.ok).toBe(true);
    // many farms at once
    const others = await Promise.all(Array.from({ length: HOLD_LIMITS.maxUnpaidParts }, () => farmWithTeam(10_000)));
    const { cartId } = await ensureCart(getRequest("/"), first.buyer.id);
    await db.cartItem.deleteMany({ where: { cartId } }); // the refused line above stayed in the cart
    for (const o of others) await setCartLine({ cartId, productId: o.product.id, quantityMilli: 1000 });
    await db.farmOrder.updateMany({ where: { orderId: small.res.ok ? small.res.orderId : "" }, data: { status: "CANCELLED", reservedUntil: null } });
    const many = await placeOrder({
      userId: first.buyer.id, cartId, cardAvailable: false,
      input: { idempotencyKey: key(), buyerName: "A", buyerPhone: "+84912345678", farms: others.map((o) => ({ farmId: o.farm.id, fulfilment: "PICKUP" as const, address: "", paymentMethod: "VIETQR" as const })) },
    });
    expect(many).toMatchObject({ ok: false, error: "holdLimit" });
    // nothing was taken by the refused checkouts
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(55_000);
    for (const o of others) expect((await db.product.findUniqueOrThrow({ where: { id: o.product.id } })).stockMilli).toBe(10_000);

    // after maxExpiredPerDay parts expired unpaid today, no new hold today
    const late = await createUser(db);
    await db.farmOrder.updateMany({ where: { orderId: first.res.orderId }, data: { status: "EXPIRED", reservedUntil: null } });
    for (let i = 1; i < HOLD_LIMITS.maxExpiredPerDay; i++) {
      const o = await buy((await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 5000 })).id, 1000, farm.id, late);
      if (!o.res.ok) throw new Error(o.res.error);
      await db.farmOrder.updateMany({ where: { orderId: o.res.orderId }, data: { status: "EXPIRED", reservedUntil: null } });
    }
    const o = await buy((await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 5000 })).id, 1000, farm.id, late);
    if (!o.res.ok) throw new Error(o.res.error);
    await db.farmOrder.updateMany({ where: { orderId: o.res.orderId }, data: { status: "EXPIRED", reservedUntil: null } });
    const refused = await buy((await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 5000 })).id, 1000, farm.id, late);
    expect(refused.res).toMatchObject({ ok: false, error: "tooManyExpired" });
  });

  it("starting a card payment again and again does not keep the stock past the cap", async () => {
    const { startCardPayment } = await import("~/modules/payments/card.server");
    const { startFakeStripe, FAKE_KEY, FAKE_WEBHOOK_SECRET } = await import("../fakes/stripe");
    const stripe = await startFakeStripe();
    Object.assign(process.env, { STRIPE_SECRET_KEY: FAKE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.apiBase });
    try {
      const { farm, product } = await farmWithTeam(10_000);
      const buyer = await createUser(db);
      const { cartId } = await ensureCart(getRequest("/"), buyer.id);
      await setCartLine({ cartId, productId: product.id, quantityMilli: 1000 });
      const res = await placeOrder({ userId: buyer.id, cartId, cardAvailable: true, input: { idempotencyKey: key(), buyerName: "A", buyerPhone: "+84912345678", farms: [{ farmId: farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "CARD" }] } });
      if (!res.ok) throw new Error(res.error);
      // placed 50 minutes ago: a new payment page would hold it 31 more minutes, but the cap is 60
      const placedAt = new Date(Date.now() - 50 * 60_000);
      await db.farmOrder.updateMany({ where: { orderId: res.orderId }, data: { createdAt: placedAt, reservedUntil: new Date(Date.now() + 60_000) } });
      for (let i = 0; i < 3; i++) expect((await startCardPayment({ orderId: res.orderId, userId: buyer.id, origin: "http://localhost:3000" })).ok).toBe(true);
      const part = await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } });
      expect(part.reservedUntil!.getTime()).toBe(placedAt.getTime() + HOLD_LIMITS.maxMinutes * 60_000);
    } finally {
      for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
      await stripe.close();
    }
  });

  it("a price changed after the buyer's last look is not charged: the checkout shows the new total and asks again", async () => {
    const { farm, product } = await farmWithTeam(10_000, 50_000);
    const buyer = await createUser(db);
    const cookie = await sessionCookieFor(buyer.id);
    const { cartId } = await ensureCart(getRequest("/"), buyer.id);
    await setCartLine({ cartId, productId: product.id, quantityMilli: 2000 });
    const seen = priceToken((await loadCart(cartId)).groups.flatMap((g) => g.lines));
    await db.product.update({ where: { id: product.id }, data: { priceVnd: 65_000 } }); // the farm raises the price
    const fields = (token: string) => ({ idempotencyKey: key(), seenPrices: token, buyerName: "Chị Mai", buyerPhone: "0912345678", "farms[0].farmId": farm.id, "farms[0].fulfilment": "PICKUP", "farms[0].address": "", "farms[0].paymentMethod": "VIETQR" });
    const refused = unwrap(await call(checkoutAction as never, formRequest("/checkout", fields(seen), cookie)));
    expect(refused.status).toBe(409);
    expect(refused.value.result.error[""]).toEqual(["pricesChanged"]);
    expect(await db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(10_000);
    // the page shown again carries the new prices; confirming it places the order at them
    const now = priceToken((await loadCart(cartId)).groups.flatMap((g) => g.lines));
    expect(now).not.toBe(seen);
    const placed = (await call(checkoutAction as never, formRequest("/checkout", fields(now), cookie))) as Response;
    expect(placed.status).toBe(302);
    expect((await db.order.findFirstOrThrow({ where: { buyerId: buyer.id } })).totalVnd).toBe(130_000);
  });

  it("a suspended farm sells nothing, even from a cart filled before", async () => {
    const { farm, product } = await farmWithTeam(10_000);
    const buyer = await createUser(db);
    const { cartId } = await ensureCart(getRequest("/"), buyer.id);
    await setCartLine({ cartId, productId: product.id, quantityMilli: 1000 });
    await db.farm.update({ where: { id: farm.id }, data: { status: "SUSPENDED" } });
    const res = await placeOrder({ userId: buyer.id, cartId, cardAvailable: false, input: { idempotencyKey: key(), buyerName: "A", buyerPhone: "+84912345678", farms: [{ farmId: farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "VIETQR" }] } });
    expect(res).toMatchObject({ ok: false, error: "farmUnavailable" });
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(10_000);
  });

  it("two products of the same name saved at the same moment both get a slug", async () => {
    const { owner, farm } = await farmWithTeam();
    const input = { name: "Mít Thái siêu sớm", categoryId, unit: "kg" as const, priceVnd: 30_000, soldByWeight: false, stepMilli: 1000, stockMilli: 5000, seasonStartMonth: null, seasonEndMonth: null, description: "", status: "DRAFT" as const };
    const results = await Promise.all(Array.from({ length: 4 }, () => createFarmProduct({ userId: owner.id, farmId: farm.id, input, photos: [] })));
    expect(results.every((r) => r.ok)).toBe(true);
    const slugs = results.map((r) => (r.ok ? r.slug : ""));
    expect(new Set(slugs).size).toBe(4);
  });

  it.runIf(engine === "postgresql")("a catalog read during a transaction is not cached past its commit", async () => {
    const { owner, product } = await farmWithTeam();
    process.env.CATALOG_CACHE_MS = "60000";
    try {
      const slug = product.slug;
      await getProductPage({ slug });
      await db.$transaction(async (tx) => {
        await tx.product.update({ where: { id: product.id }, data: { name: "Tên mới" } });
        // another request reads (another connection: the old, committed row) while this is open
        expect((await getProductPage({ slug }))?.name).not.toBe("Tên mới");
      });
      expect((await getProductPage({ slug }))?.name).toBe("Tên mới");
      void owner;
    } finally {
      delete process.env.CATALOG_CACHE_MS;
    }
  });

  it("order pages only read: an ended hold reads as expired, housekeeping writes it", async () => {
    const { owner, farm, product } = await farmWithTeam(10_000);
    const { buyer, res } = await buy(product.id, 1000, farm.id);
    if (!res.ok) throw new Error(res.error);
    await db.farmOrder.updateMany({ where: { orderId: res.orderId }, data: { reservedUntil: new Date(Date.now() - 1000) } });
    const order = await getBuyerOrder({ userId: buyer.id, orderId: res.orderId });
    expect(order!.farmOrders[0].status).toBe("EXPIRED");
    expect(order!.farmOrders[0].vietQr).toBeNull();
    expect((await listFarmOrders({ userId: owner.id }))[0].status).toBe("EXPIRED");
    // nothing written by reading
    expect((await db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } })).status).toBe("AWAITING_PAYMENT");
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockMilli).toBe(9_000);
  });

  it("the session cookie lives as long as the session, and a renewed session extends it", async () => {
    const user = await createUser(db);
    const { token } = await createSession({ userId: user.id });
    const header = await commitSessionCookie(token);
    expect(header).toContain(`Max-Age=${Math.round(SESSION_LENGTH_MS / 1000)}`);
    const request = getRequest("/", header.split(";")[0]);
    expect(await renewedSessionCookie(request)).toBeNull();
    // past half its life: the server renews it, and the response carries the cookie again
    await validateSessionToken(token, new Date(Date.now() + SESSION_LENGTH_MS * 0.6));
    const renewed = await renewedSessionCookie(request);
    expect(renewed).toContain(`Max-Age=${Math.round(SESSION_LENGTH_MS / 1000)}`);
    expect(await renewedSessionCookie(request)).toBeNull(); // once
  });
});

describe(`moderation on ${engine}`, () => {
  it("a buyer reports a listing; an admin hides it with a reason the farm sees, suspends the farm, lifts both — each step recorded and told", async () => {
    const { fileReport, hideProduct, restoreProduct, suspendFarm, restoreFarm, listOpenReports } = await import("~/modules/moderation/moderation.server");
    const { setProductStatus } = await import("~/modules/catalog/products.server");
    const { owner, farm, product } = await farmWithTeam(10_000);
    const admin = await createUser(db, { role: "ADMIN" });
    const buyer = await createUser(db);
    expect(await fileReport({ reporterId: buyer.id, target: { kind: "product", slug: product.slug }, reason: "FAKE", note: "Ảnh lấy trên mạng" })).toMatchObject({ ok: true });
    // the same person again while it is open: one report
    await fileReport({ reporterId: buyer.id, target: { kind: "product", slug: product.slug }, reason: "FAKE", note: "" });
    expect((await listOpenReports()).filter((r) => r.product?.id === product.id)).toHaveLength(1);

    expect(await hideProduct({ adminId: admin.id, productId: product.id, reason: "" })).toEqual({ ok: false, error: "moderationReasonRequired" });
    expect(await hideProduct({ adminId: admin.id, productId: product.id, reason: "Ảnh không phải của vườn" })).toEqual({ ok: true });
    expect(await db.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({ status: "HIDDEN", moderationNote: "Ảnh không phải của vườn" });
    expect(await getProductPage({ slug: product.slug })).toBeNull();
    expect((await listOpenReports()).filter((r) => r.product?.id === product.id)).toHaveLength(0);
    // the farm cannot publish it again by itself
    expect(await setProductStatus({ userId: owner.id, productId: product.id, status: "ACTIVE" })).toBe(false);
    const { stockMilli } = await db.product.findUniqueOrThrow({ where: { id: product.id } });
    const edit = (await call(editProductAction as never, formRequest(`/seller/products/${product.id}`, { ...productForm("10"), stockSeen: String(stockMilli) }, await sessionCookieFor(owner.id)), undefined, { productId: product.id })) as Response;
    expect(edit.status).toBe(302);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).status).toBe("HIDDEN"); // saving "publish" keeps it hidden
    const notice = await db.notification.findFirstOrThrow({ where: { userId: owner.id, kind: "SECURITY" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(notice.params)).toMatchObject({ event: "productHidden", reason: "Ảnh không phải của vườn" });
    expect(await restoreProduct({ adminId: admin.id, productId: product.id })).toEqual({ ok: true });
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).status).toBe("DRAFT");

    expect(await suspendFarm({ adminId: admin.id, farmId: farm.id, reason: "Nhiều báo cáo hàng giả" })).toEqual({ ok: true });
    expect(await db.farm.findUniqueOrThrow({ where: { id: farm.id } })).toMatchObject({ status: "SUSPENDED", moderationNote: "Nhiều báo cáo hàng giả" });
    expect(await restoreFarm({ adminId: admin.id, farmId: farm.id })).toEqual({ ok: true });
    const steps = await db.farmAuditEntry.findMany({ where: { farmId: farm.id }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true } });
    expect(steps).toEqual(["product.hide", "product.restore", "farm.suspend", "farm.restore"].map((action) => ({ action, actorId: admin.id })));
  });
});

describe(`observable caches on ${engine}`, () => {
  it("counts each request's catalog hits and misses for Server-Timing and /admin, and a purge empties it", async () => {
    const { withRequestLog, serverTiming, cacheTotals } = await import("~/utils/cache-stats.server");
    const { purgeCatalogCache } = await import("~/utils/cache.server");
    const { product } = await farmWithTeam();
    process.env.CATALOG_CACHE_MS = "60000";
    try {
      const before = cacheTotals().find((c) => c.name === "catalog")!;
      const { log } = await withRequestLog(async () => {
        await getProductPage({ slug: product.slug });
        await getProductPage({ slug: product.slug });
      });
      expect(log.catalog).toMatchObject({ hits: 1, misses: 1 });
      expect(serverTiming(log)).toMatch(/^catalog;dur=\d+\.\d;desc="1 hit 1 miss"$/);
      const after = cacheTotals().find((c) => c.name === "catalog")!;
      expect(after.hits - before.hits).toBe(1);
      expect(after.misses - before.misses).toBe(1);
      purgeCatalogCache();
      const again = await withRequestLog(() => getProductPage({ slug: product.slug }));
      expect(again.log.catalog).toMatchObject({ hits: 0, misses: 1 });
      // a sale (stock alone) keeps the cache; a price change drops it
      await db.product.updateMany({ where: { id: product.id }, data: { stockMilli: { decrement: 1000 } } });
      expect((await withRequestLog(() => getProductPage({ slug: product.slug }))).log.catalog).toMatchObject({ hits: 1, misses: 0 });
      await db.product.update({ where: { id: product.id }, data: { priceVnd: 51_000 } });
      const repriced = await withRequestLog(() => getProductPage({ slug: product.slug }));
      expect(repriced.log.catalog).toMatchObject({ hits: 0, misses: 1 });
      expect(repriced.result?.priceVnd).toBe(51_000);
    } finally {
      delete process.env.CATALOG_CACHE_MS;
    }
  });
});
