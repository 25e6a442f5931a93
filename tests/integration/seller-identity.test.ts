// Seller identity (Law 122/2025/QH15, ADR 018) on the real engine: the eKYC adapter against a local
// fake that signs the way the contract says (approved, refused, provider down → retry, a forged
// answer not believed); an officer's in-person path; publishing blocked for an unverified seller
// from the law's date (and not before); checkout refuses such a farm; the product page names the
// verified seller.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as identityAction, loader as identityLoader } from "~/routes/account_.identity";
import { action as sellersAction } from "~/routes/department+/sellers";
import { createFarmProduct, setProductStatus } from "~/modules/catalog/products.server";
import { getProductPage } from "~/modules/catalog/catalog.server";
import { idNumberProblem, sellerIdentity } from "~/modules/identity/identity.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { placeOrder } from "~/modules/orders/checkout.server";
import { purgeCatalogCache } from "~/utils/cache.server";
import { db } from "~/utils/db.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { startFakeEkyc } from "../fakes/ekyc";
import { call, formRequest, getRequest, sessionCookieFor, unwrap } from "./helpers";

const CITIZEN = { idNumber: "077185001234", fullName: "Nguyễn Thị Ba", dateOfBirth: "1985-03-14" };
let ekyc: Awaited<ReturnType<typeof startFakeEkyc>>;
let categoryId: string;

async function unverifiedSeller() {
  const user = await createUser(db, { role: "FARMER", phone: `+8491${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}` });
  const farm = await createFarm(db, { ownerId: user.id, communeCode: "77020", provinceCode: "77", verified: false });
  return { user, farm, cookie: await sessionCookieFor(user.id) };
}
const check = (cookie: string, fields: Record<string, string>) => call(identityAction as never, formRequest("/account/identity", fields, cookie));
const productInput = (status: "ACTIVE" | "DRAFT") => ({ name: "Bưởi da xanh", categoryId, unit: "kg" as const, priceVnd: 60_000, soldByWeight: false, stepMilli: 1000, stockMilli: 10_000, seasonStartMonth: null, seasonEndMonth: null, description: "", status });

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
  ekyc = await startFakeEkyc([CITIZEN, { idNumber: "077190004321", fullName: "Trần Văn Tư", dateOfBirth: "1990-07-01" }]);
  Object.assign(process.env, ekyc.env);
});
afterAll(async () => {
  for (const k of Object.keys(ekyc.env)) delete process.env[k];
  delete process.env.IDENTITY_REQUIRED_FROM;
  await ekyc.close();
});

describe(`seller identity on ${process.env.TEST_DB_ENGINE}`, () => {
  it("reads the ID number's own structure: 12 digits, a province, the century and year of birth", () => {
    expect(idNumberProblem("077185001234", "1985-03-14")).toBeNull();
    expect(idNumberProblem("079305001234", "2005-01-01")).toBeNull(); // a woman born in 2005
    expect(idNumberProblem("07718500123", "1985-03-14")).toBe("idNumberFormat");
    expect(idNumberProblem("999185001234", "1985-03-14")).toBe("idNumberFormat"); // no province 999
    expect(idNumberProblem("077186001234", "1985-03-14")).toBe("idNumberMismatch"); // year 86 ≠ 85
    expect(idNumberProblem("077285001234", "1985-03-14")).toBe("idNumberMismatch"); // 2 = born in the 2000s
  });

  it("verifies online through the provider: refused, then approved; the number itself is not kept", async () => {
    const { user, cookie } = await unverifiedSeller();
    const refused = unwrap(await check(cookie, { ...CITIZEN, fullName: "Nguyễn Thị Bốn" }));
    expect(refused.status).toBe(400);
    expect(await sellerIdentity(user.id)).toMatchObject({ status: "REFUSED", last4: "1234" });
    const ok = (await check(cookie, { ...CITIZEN, idNumber: "0771 8500 1234" })) as Response;
    expect(ok.status).toBe(302);
    expect(await sellerIdentity(user.id)).toMatchObject({ status: "VERIFIED", method: "EKYC", fullName: "Nguyễn Thị Ba", last4: "1234" });
    const row = await db.sellerIdentity.findUniqueOrThrow({ where: { userId: user.id } });
    expect(JSON.stringify(row)).not.toContain(CITIZEN.idNumber);
    expect(row.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    // the same person's number cannot be another account's identity
    const other = await unverifiedSeller();
    expect(unwrap(await check(other.cookie, CITIZEN)).status).toBe(409);
  });

  it("retries a busy provider once, says 'try later' when it stays busy, and believes no unsigned answer", async () => {
    const { user, cookie } = await unverifiedSeller();
    const citizen = { idNumber: "077190004321", fullName: "Trần Văn Tư", dateOfBirth: "1990-07-01" };
    ekyc.state.down = 2; // both attempts of this check
    const busy = unwrap(await check(cookie, citizen));
    expect(busy.status).toBe(503);
    expect(await sellerIdentity(user.id)).toEqual({ status: "NONE" });
    ekyc.state.unsigned = true; // an answer without the provider's signature: not believed
    expect(unwrap(await check(cookie, citizen)).status).toBe(503);
    expect(await sellerIdentity(user.id)).toEqual({ status: "NONE" });
    ekyc.state.unsigned = false;
    ekyc.state.down = 1; // busy once: the retry gets through
    expect(((await check(cookie, citizen)) as Response).status).toBe(302);
    expect(await sellerIdentity(user.id)).toMatchObject({ status: "VERIFIED" });
  });

  it("an officer verifies a household in person; a farmer cannot", async () => {
    const { user } = await unverifiedSeller();
    const officer = await sessionCookieFor((await createUser(db, { role: "OFFICER" })).id);
    const fields = { userId: user.id, fullName: "Lê Văn Năm", idNumber: "077170009999", dateOfBirth: "1970-12-31", note: "Đã xem thẻ căn cước tại UBND xã" };
    const farmer = await sessionCookieFor((await createUser(db, { role: "FARMER" })).id);
    expect(((await call(sellersAction as never, formRequest("/department/sellers", fields, farmer))) as Response).status).toBe(403);
    expect(((await call(sellersAction as never, formRequest("/department/sellers", fields, officer))) as Response).status).toBe(302);
    expect(await sellerIdentity(user.id)).toMatchObject({ status: "VERIFIED", method: "IN_PERSON", fullName: "Lê Văn Năm", last4: "9999" });
    // a buyer is nobody's seller: no identity is recorded for an account that owns no farm
    const buyer = await createUser(db);
    const notSeller = unwrap(await call(sellersAction as never, formRequest("/department/sellers", { ...fields, userId: buyer.id, idNumber: "077170008888" }, officer)));
    expect(notSeller.status).toBe(404);
    expect(await sellerIdentity(buyer.id)).toEqual({ status: "NONE" });
  });

  it("from the law's date an unverified seller prepares but does not publish or sell; before it, does", async () => {
    const { user, farm, cookie } = await unverifiedSeller();
    process.env.IDENTITY_REQUIRED_FROM = "2099-01-01";
    const before = await createFarmProduct({ userId: user.id, farmId: farm.id, input: productInput("ACTIVE"), photos: [] });
    expect(before).toMatchObject({ ok: true, publishBlocked: false });
    process.env.IDENTITY_REQUIRED_FROM = "2026-07-01";
    const after = await createFarmProduct({ userId: user.id, farmId: farm.id, input: productInput("ACTIVE"), photos: [] });
    expect(after).toMatchObject({ ok: true, publishBlocked: "identity" });
    const draftId = after.ok ? after.productId : "";
    expect((await db.product.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFT");
    expect(await setProductStatus({ userId: user.id, productId: draftId, status: "ACTIVE" })).toBe(false);
    // the page says why and where to go
    expect(await call(identityLoader as never, getRequest("/account/identity", cookie))).toMatchObject({ identity: { status: "NONE" }, requiredNow: true, online: true });
    // a listing published before the date is not sold after it
    const listed = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 10_000 });
    const buyer = await createUser(db);
    const { cartId } = await ensureCart(getRequest("/"), buyer.id);
    await setCartLine({ cartId, productId: listed.id, quantityMilli: 1000 });
    const order = await placeOrder({ userId: buyer.id, cartId, cardAvailable: false, input: { idempotencyKey: crypto.randomUUID(), buyerName: "Khách", buyerPhone: "+84912345678", farms: [{ farmId: farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "VIETQR" }] } });
    expect(order).toMatchObject({ ok: false, error: "farmUnavailable" });
    // verified: it publishes and sells, and its pages name the verified seller
    ekyc.state.down = 0;
    expect(unwrap(await check(cookie, { idNumber: "077185001234", fullName: "Nguyễn Thị Ba", dateOfBirth: "1985-03-14" })).status).toBe(409); // someone else's number
    const officer = await sessionCookieFor((await createUser(db, { role: "OFFICER" })).id);
    await call(sellersAction as never, formRequest("/department/sellers", { userId: user.id, fullName: "Phạm Thị Sáu", idNumber: "077180005555", dateOfBirth: "1980-05-05" }, officer));
    expect(await setProductStatus({ userId: user.id, productId: draftId, status: "ACTIVE" })).toBe(true);
    purgeCatalogCache();
    const page = await getProductPage({ slug: listed.slug });
    expect(page?.farm.seller).toBe("Phạm Thị Sáu");
    const again = await placeOrder({ userId: buyer.id, cartId, cardAvailable: false, input: { idempotencyKey: crypto.randomUUID(), buyerName: "Khách", buyerPhone: "+84912345678", farms: [{ farmId: farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "VIETQR" }] } });
    expect(again.ok).toBe(true);
  });
});
