// "Download my data" (issue 16, ADR 019) on the real engine: the ZIP holds everything about the
// person — every table that refers to a user is either exported or named here as being about other
// people, so a new table cannot be forgotten — and nothing about anyone else; no secret leaves.
import fs from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as dataLoader } from "~/routes/account_.data";
import { exportUserData, userDataZip } from "~/modules/privacy/export.server";
import { db } from "~/utils/db.server";
import { createCategory, createFarm, createProduct, createSale, createUser, ensureProvince, verifyIdentity } from "../factories";
import { call, getRequest, sessionCookieFor } from "./helpers";

// Relations to User whose rows are about the person (exported), and those that record what the
// person did to other people's data (an officer's confirmations, a helper's households…): those
// belong to the others' exports, not this one.
const EXPORTED = ["sessions", "memberships", "cart", "orders", "farmAudit", "reports", "verificationCodes", "pushSubscriptions", "notificationPrefs", "helperCommunes", "household", "sellerIdentity"];
const ABOUT_OTHERS = ["helpedHouseholds"];

async function person(tag: string, phone: string) {
  const user = await createUser(db, { name: `Người ${tag}`, phone, email: `${tag.toLowerCase()}@example.test`, role: "FARMER" });
  const farm = await createFarm(db, { ownerId: user.id, communeCode: "77020", provinceCode: "77", name: `Vườn ${tag}` });
  await verifyIdentity(db, user.id);
  const other = await createFarm(db, { ownerId: (await createUser(db)).id, communeCode: "77020", provinceCode: "77", name: `Vườn Bán Cho ${tag}` });
  const categoryId = (await createCategory(db)).id;
  const product = await createProduct(db, { farmId: other.id, categoryId, name: `Xoài ${tag}` });
  const sale = await createSale(db, { farmId: other.id, createdAt: new Date(), buyerId: user.id, buyerName: `Người ${tag}`, buyerPhone: phone, address: `12 Đường ${tag}`, fulfilment: "DELIVERY", lines: [{ productId: product.id, productName: `Xoài ${tag}`, priceVnd: 40_000, quantityMilli: 2000 }] });
  await db.session.create({ data: { id: `sess-${tag}`, userId: user.id, expiresAt: new Date(Date.now() + 86_400_000), userAgent: `Phone ${tag}` } });
  await db.pushSubscription.create({ data: { userId: user.id, endpoint: `https://fcm.googleapis.com/fcm/send/${tag}`, p256dh: `p256-${tag}-secret`, auth: `auth-${tag}-secret` } });
  await db.notificationPreference.create({ data: { userId: user.id, topic: "NEW_ORDER", channels: "ZNS,SMS" } });
  await db.verificationCode.create({ data: { id: `code${tag.toLowerCase()}`.padEnd(26, "a").slice(0, 26), purpose: "PHONE_CHANGE", target: phone, userId: user.id, secretHash: `hash-${tag}-secret`, expiresAt: new Date() } });
  await db.notification.create({ data: { dedupeKey: `n-${tag}`, userId: user.id, kind: "ORDER_STATUS", plan: "SMS", notBefore: new Date(), link: `/orders/${tag}` } });
  await db.report.create({ data: { farmId: other.id, reporterId: user.id, reason: "OTHER", note: `Báo cáo của ${tag}` } });
  await db.farmAuditEntry.create({ data: { farmId: farm.id, actorId: user.id, action: "identity" } });
  await db.helperCommune.create({ data: { userId: user.id, communeCode: "77020" } });
  await db.household.create({ data: { phone, name: `Người ${tag}`, communeCode: "77020", source: "IMPORT", products: `Tiêu ${tag}`, userId: user.id } });
  const cart = await db.cart.create({ data: { id: `cart-${tag}`, userId: user.id } });
  await db.cartItem.create({ data: { cartId: cart.id, productId: product.id, quantityMilli: 1000 } });
  const order = await db.order.findUniqueOrThrow({ where: { id: sale.orderId }, select: { number: true } });
  return { user, tag, phone, orderNumber: order.number, farmName: farm.name };
}

let a: Awaited<ReturnType<typeof person>>;
let b: Awaited<ReturnType<typeof person>>;

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  a = await person("Anh", "+84912000111");
  b = await person("Binh", "+84912000222");
});

describe(`download my data on ${process.env.TEST_DB_ENGINE}`, () => {
  it("every relation of a user to its rows is exported or named as being about others", () => {
    const model = /model User \{([\s\S]*?)\n\}/.exec(fs.readFileSync("prisma/models.prisma", "utf8"))![1];
    const SCALARS = ["String", "Int", "Boolean", "DateTime", "Float", "Json", "BigInt", "Decimal", "Bytes"];
    const relations = [...model.matchAll(/^\s+(\w+)\s+([A-Z]\w*)(?:\[\]|\?)?(?:\s|$)/gm)].filter((m) => !SCALARS.includes(m[2])).map((m) => m[1]);
    expect(relations.sort()).toEqual([...EXPORTED, ...ABOUT_OTHERS].sort());
  });

  it("holds everything about the person, as many rows as the database has", async () => {
    const data = (await exportUserData(a.user.id))!;
    const id = a.user.id;
    const count = {
      sessions: await db.session.count({ where: { userId: id } }),
      codesSent: await db.verificationCode.count({ where: { userId: id } }),
      messages: await db.notification.count({ where: { userId: id } }),
      orders: await db.order.count({ where: { buyerId: id } }),
      farms: await db.farmMember.count({ where: { userId: id } }),
      changesYouMade: await db.farmAuditEntry.count({ where: { actorId: id } }),
      reportsYouFiled: await db.report.count({ where: { reporterId: id } }),
      pushDevices: await db.pushSubscription.count({ where: { userId: id } }),
      notificationChoices: await db.notificationPreference.count({ where: { userId: id } }),
      helperCommunes: await db.helperCommune.count({ where: { userId: id } }),
      cart: await db.cartItem.count({ where: { cart: { userId: id } } }),
    };
    for (const [section, n] of Object.entries(count)) expect([section, (data[section as keyof typeof data] as unknown[]).length]).toEqual([section, n]);
    expect(data.account).toMatchObject({ name: "Người Anh", phone: "+84912000111", email: "anh@example.test" });
    expect(data.orders[0]).toMatchObject({ number: a.orderNumber, parts: [expect.objectContaining({ address: "12 Đường Anh", lines: [expect.objectContaining({ product: "Xoài Anh", quantity: 2 })] })] });
    expect(data.household).toMatchObject({ products: "Tiêu Anh" });
    expect(data.sellerIdentity).toMatchObject({ status: "VERIFIED", idNumber: "••••••••0000" });
  });

  it("as a ZIP of JSON and CSV with nothing about anyone else and no secret", async () => {
    const res = (await call(dataLoader as never, getRequest("/account/data", await sessionCookieFor(a.user.id)))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="cho-nong-du-lieu-cua-toi-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["du-lieu-cua-toi.json", "account.csv", "orders.csv", "sessions.csv"]));
    const all = Object.values(files).map((f) => strFromU8(f)).join("\n");
    expect(JSON.parse(strFromU8(files["du-lieu-cua-toi.json"])).account.phone).toBe(a.phone);
    expect([...files["account.csv"].subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM: Excel reads Vietnamese
    for (const mine of [a.phone, "anh@example.test", a.orderNumber, "Báo cáo của Anh", "Phone Anh", a.farmName]) expect(all).toContain(mine);
    for (const theirs of [b.phone, "binh@example.test", b.orderNumber, "Người Binh", "Báo cáo của Binh", "Phone Binh", b.farmName, "Tiêu Binh"]) expect(all).not.toContain(theirs);
    for (const secret of ["p256-Anh-secret", "auth-Anh-secret", "hash-Anh-secret", "sess-Anh", "passwordHash", a.user.id]) expect(all).not.toContain(secret);
  });

  it("only to oneself, a few times an hour", async () => {
    expect(((await call(dataLoader as never, getRequest("/account/data"))) as Response).status).toBe(302); // to log in
    const cookie = await sessionCookieFor(b.user.id);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(((await call(dataLoader as never, getRequest("/account/data", cookie))) as Response).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(userDataZip((await exportUserData(b.user.id))!).length).toBeGreaterThan(500);
  });
});
