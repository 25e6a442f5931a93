// Bad input gets a 4xx or the form back with a localised error, never a 500 (issue "Integrity",
// items 9 and 10): the 500s found by hand and by tests/integration/fuzz-forms.test.ts, each as a
// person (or a script) would meet it, and names that display as something else.
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { en } from "~/modules/i18n/locales/en";
import { vi } from "~/modules/i18n/locales/vi";
import { action as photosAction } from "~/routes/seller+/farms.$farmId.photos";
import { action as certsAction } from "~/routes/seller+/farms.$farmId.certifications";
import { action as editProductAction } from "~/routes/seller+/products.$productId";
import { action as newProductAction } from "~/routes/seller+/products.new";
import { action as newFarmAction } from "~/routes/seller+/farms.new";
import { action as cartAction } from "~/routes/_store+/cart";
import { action as localeAction } from "~/routes/resources+/locale";
import { action as pushAction } from "~/routes/resources+/push-subscriptions";
import { action as stripeWebhook } from "~/routes/resources+/webhooks.stripe";
import { action as buyerOrderAction } from "~/routes/orders.$orderId";
import { loader as searchLoader } from "~/routes/_store+/search";
import { createCategory, createFarm, createProduct, createUser, ensureProvince, fakePhone } from "../factories";
import { noisyJpeg } from "../fakes/images";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET } from "../fakes/stripe";
import { BASE, call, formRequest, getRequest, sessionCookieFor, unwrap } from "./helpers";

let categoryId: string;
let truncatedJpeg: Buffer;

function multipart(path: string, fields: Record<string, string>, files: Record<string, Buffer>, cookie: string) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, b] of Object.entries(files)) fd.append(k, new Blob([Uint8Array.from(b)], { type: "image/jpeg" }), `${k}.jpg`);
  return new Request(BASE + path, { method: "POST", body: fd, headers: { Cookie: cookie } });
}

async function owner() {
  const user = await createUser(db, { role: "FARMER", phone: fakePhone() });
  const farm = await createFarm(db, { ownerId: user.id, communeCode: "77020", provinceCode: "77" });
  return { user, farm, cookie: await sessionCookieFor(user.id) };
}

const counts = async () => ({
  media: await db.media.count(),
  farmImages: await db.farmImage.count(),
  certifications: await db.certification.count(),
  productImages: await db.productImage.count(),
});

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
  const jpeg = await noisyJpeg(640, 480);
  // the header is whole (so the quick check before decoding passes), the pixels are cut off
  truncatedJpeg = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
});

describe(`a truncated JPEG (${process.env.TEST_DB_ENGINE})`, () => {
  it("is said so on every form that takes photos, in both languages, and nothing is stored", async () => {
    expect(vi.errors.imageCorrupt).toBeTruthy();
    expect(en.errors.imageCorrupt).toBeTruthy();
    const { farm, cookie } = await owner();
    const product = await createProduct(db, { farmId: farm.id, categoryId });
    const before = await counts();

    for (const field of ["photos", "cover"]) {
      const res = unwrap(await call(photosAction as never, multipart(`/seller/farms/${farm.id}/photos`, {}, { [field]: truncatedJpeg }, cookie), undefined, { farmId: farm.id }));
      expect(res.status, field).toBe(400);
      expect(res.value.errors).toEqual(["imageCorrupt"]);
    }

    const cert = { kind: "VIETGAP", number: "VG-0042", issuer: "Sở Nông nghiệp" };
    const certRes = unwrap(await call(certsAction as never, multipart(`/seller/farms/${farm.id}/certifications`, cert, { photo: truncatedJpeg }, cookie), undefined, { farmId: farm.id }));
    expect(certRes.status).toBe(400);
    expect(certRes.value.photoErrors).toEqual(["imageCorrupt"]);
    expect(certRes.value.result.initialValue).toMatchObject(cert); // what was typed comes back

    const added = unwrap(await call(editProductAction as never, multipart(`/seller/products/${product.id}?op=photos-add`, {}, { photos: truncatedJpeg }, cookie), undefined, { productId: product.id }));
    expect(added.status).toBe(400);
    expect(added.value.photoErrors).toEqual(["imageCorrupt"]);

    expect(await counts()).toEqual(before);
    expect(await db.farm.findUniqueOrThrow({ where: { id: farm.id }, select: { coverMediaId: true } })).toEqual({ coverMediaId: null });
  });
});

describe(`search (${process.env.TEST_DB_ENGINE})`, () => {
  it("searches a query over 100 characters by its first 100, and says so", async () => {
    const { farm } = await owner();
    const product = await createProduct(db, { farmId: farm.id, categoryId, name: "Bưởi da xanh Bến Tre" });
    const q = `bưởi${" ".repeat(96)}không-có-đâu`; // the words past the 100th character are dropped
    const page = (await call(searchLoader as never, getRequest(`/search?${new URLSearchParams({ q })}`))) as { params: { q: string }; shortened: boolean; products: Array<{ slug: string }> };
    expect(page.params.q).toHaveLength(100);
    expect(page.shortened).toBe(true);
    expect(page.products.map((p) => p.slug)).toContain(product.slug);
    expect(vi.search.shortened).toContain("{{max}}");

    const huge = (await call(searchLoader as never, getRequest(`/search?q=${"sầu riêng ".repeat(800)}`))) as { params: { q: string }; shortened: boolean };
    expect(huge.params.q).toHaveLength(100);
    const short = (await call(searchLoader as never, getRequest("/search?q=buoi"))) as { shortened: boolean };
    expect(short.shortened).toBe(false);
    // never half an emoji
    const emoji = (await call(searchLoader as never, getRequest(`/search?${new URLSearchParams({ q: `${"a".repeat(99)}😀😀` })}`))) as { params: { q: string } };
    expect(emoji.params.q).toBe("a".repeat(99));
  });
});

describe(`names that display as something else (${process.env.TEST_DB_ENGINE})`, () => {
  it("are stored without bidi controls or zero-width characters; Vietnamese is kept as typed", async () => {
    const user = await createUser(db, { role: "FARMER", phone: fakePhone() });
    const cookie = await sessionCookieFor(user.id);
    // "Vườn Út Hà" then an override that shows what follows reversed, and invisible padding
    const fields = { name: "Vườn Út Hà\u202E\u200B ảhT\u202C", communeCode: "77020", phone: "0931 000 777", story: "Vườn\u2066 nhà\r\nba đời\uFEFF", addressLine: "Ấp\u200D 3" };
    const res = (await call(newFarmAction as never, formRequest("/seller/farms/new", fields, cookie))) as Response;
    expect(res.status).toBe(302);
    const farm = await db.farm.findFirstOrThrow({ where: { members: { some: { userId: user.id } } } });
    expect(farm).toMatchObject({ name: "Vườn Út Hà ảhT", story: "Vườn nhà\nba đời", addressLine: "Ấp 3" });

    const invisible = unwrap(await call(newFarmAction as never, formRequest("/seller/farms/new", { ...fields, name: "\u200B\u202E\u200B" }, cookie)));
    expect(invisible.status).toBe(400);
    expect(invisible.value.result.error.name).toEqual(["required"]);

    const product = (await call(
      newProductAction as never,
      multipart("/seller/products/new", { name: "Xoài\u200F cát\u2060 Hòa Lộc", categoryId, unit: "kg", price: "65.000", stock: "30", farmId: farm.id, description: "\u202Bngọt" }, {}, cookie),
    )) as Response;
    expect(product.status).toBe(302);
    expect(await db.product.findFirstOrThrow({ where: { farmId: farm.id }, select: { name: true, description: true } })).toEqual({ name: "Xoài cát Hòa Lộc", description: "ngọt" });
  });
});

describe(`bodies no page sends (${process.env.TEST_DB_ENGINE})`, () => {
  it("answers 415 for a body that is not a form and 400 for a broken one", async () => {
    const { cookie } = await owner();
    const json = (await call(cartAction as never, new Request(`${BASE}/cart`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"intent":"add"}' }))) as Response;
    expect(json.status).toBe(415);
    const broken = (await call(newFarmAction as never, new Request(`${BASE}/seller/farms/new`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=XyZ" }, body: '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nVườn' }))) as Response;
    expect(broken.status).toBe(400);
    const upload = (await call(newProductAction as never, new Request(`${BASE}/seller/products/new`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "multipart/form-data" }, body: "x" }))) as Response;
    expect(upload.status).toBe(400);
    // a field name the multipart parser chokes on
    const fd = new FormData();
    fd.append("<img src=x onerror=alert(1)>", "x");
    expect(((await call(newProductAction as never, new Request(`${BASE}/seller/products/new`, { method: "POST", headers: { Cookie: cookie }, body: fd }))) as Response).status).toBe(400);
  });

  it("takes a NUL in an id as a wrong id (PostgreSQL cannot even compare one)", async () => {
    const buyer = await createUser(db, { phone: fakePhone() });
    const cookie = await sessionCookieFor(buyer.id);
    const res = await call(cartAction as never, formRequest("/cart", { intent: "add", productId: "cm\u0000x", quantity: "1" }, cookie));
    expect(unwrap(res).status).toBe(400);
    const order = (await call(buyerOrderAction as never, formRequest("/orders/x", { farmOrderId: "\u0000" }, cookie), undefined, { orderId: "x" })) as unknown;
    expect(unwrap(order).status).toBe(404);
  });

  it("redirects to a Vietnamese address percent-encoded, and refuses control characters", async () => {
    const res = (await call(localeAction as never, formRequest("/resources/locale", { lng: "en", redirectTo: "/search?q=sầu riêng" }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/search?q=s%E1%BA%A7u ri%C3%AAng");
    const control = (await call(localeAction as never, formRequest("/resources/locale", { lng: "en", redirectTo: "/\u001b[2Jx" }))) as Response;
    expect(control.headers.get("Location")).toBe("/");
    const nul = (await call(localeAction as never, formRequest("/resources/locale", { lng: "en", redirectTo: "/\u0000x" }))) as Response;
    expect(nul.headers.get("Location")).toBe("/x"); // NUL dropped by readForm
    const order = (await call(buyerOrderAction as never, formRequest("/orders/x", { farmOrderId: "nope" }, await sessionCookieFor((await createUser(db)).id)), undefined, { orderId: "\u200B" })) as unknown;
    expect(unwrap(order).status).toBe(404);
  });

  it("keeps JSON escapes of lone surrogates and NULs out of the database", async () => {
    const user = await createUser(db, { phone: fakePhone() });
    const cookie = await sessionCookieFor(user.id);
    const post = (body: string) => call(pushAction as never, new Request(`${BASE}/resources/push-subscriptions`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/json" }, body }));
    const out = (await post('{"action":"unsubscribe","endpoint":"https://fcm.googleapis.com/fcm/send/\\ud800\\u0000"}')) as Response;
    expect(out.status).toBe(200);
    const sub = (await post('{"action":"subscribe","subscription":{"endpoint":"https://fcm.googleapis.com/fcm/send/a\\udc00","keys":{"p256dh":"AAAA","auth":"BBBB"}}}')) as Response;
    expect(sub.status).toBeLessThan(500);
  });

  it("refuses a signed Stripe event whose fields are not Stripe's (400, not a 500)", async () => {
    Object.assign(process.env, { STRIPE_SECRET_KEY: FAKE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET });
    try {
      for (const payload of ['{"id":"evt_1","type":0}', '{"id":7,"type":"checkout.session.completed","data":{"object":{"id":"cs_1","payment_status":"paid","amount_total":"lots"}}}', '{"id":"evt_2","type":"checkout.session.expired"}']) {
        const signature = new Stripe(FAKE_KEY).webhooks.generateTestHeaderString({ payload, secret: FAKE_WEBHOOK_SECRET });
        const res = (await call(stripeWebhook as never, new Request(`${BASE}/resources/webhooks/stripe`, { method: "POST", headers: { "Stripe-Signature": signature, "Content-Type": "application/json" }, body: payload }), "192.0.2.200")) as Response;
        expect(res.status, payload).toBe(400);
      }
    } finally {
      for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]) delete process.env[k];
    }
  });
});
