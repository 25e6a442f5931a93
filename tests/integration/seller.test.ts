// Farm onboarding and product listing through the real route handlers: ownership enforced in the
// queries (even when another farm's id is posted), bad input refused with nothing stored, invites,
// certificates, QR stamps that decode back to the page.
import fs from "node:fs";
import jsQR from "jsqr";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { action as newFarmAction } from "~/routes/seller+/farms.new";
import { action as newProductAction } from "~/routes/seller+/products.new";
import { action as editProductAction, loader as editProductLoader } from "~/routes/seller+/products.$productId";
import { action as membersAction } from "~/routes/seller+/farms.$farmId.members";
import { action as certsAction } from "~/routes/seller+/farms.$farmId.certifications";
import { action as bankAction } from "~/routes/seller+/farms.$farmId.bank";
import { loader as qrLoader } from "~/routes/resources+/qr.$kind.$slug";
import { loader as farmPageLoader } from "~/routes/_store+/farms.$slug";
import { hashPassword } from "~/modules/auth/password.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { noisyJpeg, textFiles } from "../fakes/images";
import { call, cookieFrom, formRequest, getRequest, unwrap, BASE } from "./helpers";
import { action as loginAction } from "~/routes/_auth+/login";
import { action as signupAction } from "~/routes/_auth+/signup";
import { action as verifyAction } from "~/routes/_auth+/signup_.verify";
import { startCodeInbox } from "./codes";

const PASSWORD = "rau-sach-Ngai-Giao-7";
let categoryId: string;

async function farmer(phone: string) {
  const user = await createUser(db, { role: "FARMER", phone, email: null, passwordHash: await hashPassword(PASSWORD) });
  const res = (await call(loginAction as never, formRequest("/login", { identifier: phone, password: PASSWORD }), `10.0.0.${phone.slice(-2)}`)) as Response;
  return { user, cookie: cookieFrom(res) };
}

function multipart(path: string, fields: Record<string, string>, files: Record<string, Buffer[]>, cookie: string) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, list] of Object.entries(files)) for (const [i, b] of list.entries()) fd.append(k, new Blob([Uint8Array.from(b)], { type: "image/jpeg" }), `photo-${i}.jpg`);
  return new Request(BASE + path, { method: "POST", body: fd, headers: { Cookie: cookie } });
}

const productFields = { name: "Xoài cát Hòa Lộc", unit: "kg", price: "65.000", stock: "30", intent: "publish" };

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db, { slug: "trai-cay-test", nameVi: "Trái cây" })).id;
});

describe(`seller routes (${process.env.TEST_DB_ENGINE})`, () => {
  it("opens a farm: slug proposed from the folded name, a taken slug refused, markup kept as text", async () => {
    const { cookie } = await farmer("+84931000001");
    const fields = { name: "Vườn Sầu Riêng Út Hà", communeCode: "77020", phone: "0931 000 001", story: "<img src=x onerror=alert(1)>Vườn nhà", offersPickup: "on" };
    const res = (await call(newFarmAction as never, formRequest("/seller/farms/new", fields, cookie))) as Response;
    expect(res.status).toBe(302);
    const farm = await db.farm.findUniqueOrThrow({ where: { slug: "vuon-sau-rieng-ut-ha" } });
    expect(farm).toMatchObject({ phone: "+84931000001", story: "<img src=x onerror=alert(1)>Vườn nhà", offersPickup: true, offersDelivery: false });
    expect(res.headers.get("Location")).toBe(`/seller/farms/${farm.id}/photos`);

    const taken = unwrap(await call(newFarmAction as never, formRequest("/seller/farms/new", { ...fields, slug: "vuon-sau-rieng-ut-ha" }, cookie)));
    expect(taken.status).toBe(400);
    expect(taken.value.result.error.slug).toEqual(["slugTaken"]);
    const badPhone = unwrap(await call(newFarmAction as never, formRequest("/seller/farms/new", { ...fields, phone: "12345" }, cookie)));
    expect(badPhone.value.result.error.phone).toEqual(["phoneInvalid"]);
    expect(await db.farm.count({ where: { members: { some: { user: { phone: "+84931000001" } } } } })).toBe(1);

    // the public page carries the story as data; React renders it as text
    const page = (await call(farmPageLoader as never, getRequest("/farms/vuon-sau-rieng-ut-ha"), undefined, { slug: "vuon-sau-rieng-ut-ha" })) as any;
    expect(page.farm.story).toBe("<img src=x onerror=alert(1)>Vườn nhà");
  });

  it("lists a product with photos; a stranger cannot list into, read or edit that farm, even by posting its ids", async () => {
    const owner = await farmer("+84931000002");
    const stranger = await farmer("+84931000003");
    const farm = await createFarm(db, { ownerId: owner.user.id, communeCode: "77020", provinceCode: "77" });

    const res = (await call(newProductAction as never, multipart("/seller/products/new", { ...productFields, categoryId, farmId: farm.id }, { photos: [await noisyJpeg(900, 600), await noisyJpeg(640, 640)] }, owner.cookie))) as Response;
    expect(res.status).toBe(302);
    const product = await db.product.findFirstOrThrow({ where: { farmId: farm.id }, include: { images: { orderBy: { position: "asc" } } } });
    expect(product).toMatchObject({ priceVnd: 65000, stockMilli: 30000, status: "ACTIVE", slug: "xoai-cat-hoa-loc" });
    expect(product.images).toHaveLength(2);
    expect(product.coverMediaId).toBe(product.images[0].mediaId);

    // stranger posts the owner's farm id
    const before = await db.product.count();
    const forged = unwrap(await call(newProductAction as never, multipart("/seller/products/new", { ...productFields, categoryId, farmId: farm.id }, {}, stranger.cookie)));
    expect(forged.status).toBe(403);
    expect(await db.product.count()).toBe(before);

    // stranger opens or edits the owner's product by id
    const params = { productId: product.id };
    expect(((await call(editProductLoader as never, getRequest(`/seller/products/${product.id}`, stranger.cookie), undefined, params)) as Response).status).toBe(404);
    const edit = await call(editProductAction as never, formRequest(`/seller/products/${product.id}`, { ...productFields, categoryId, price: "1.000" }, stranger.cookie), undefined, params);
    expect(unwrap(edit).status).toBe(404);
    const archive = (await call(editProductAction as never, formRequest(`/seller/products/${product.id}?op=archive`, {}, stranger.cookie), undefined, params)) as Response;
    expect(archive.status).toBe(404);
    const del = (await call(editProductAction as never, formRequest(`/seller/products/${product.id}?op=photo-delete`, { mediaId: product.images[0].mediaId }, stranger.cookie), undefined, params)) as Response;
    expect(del.status).toBe(404);
    expect(await db.product.findUniqueOrThrow({ where: { id: product.id }, select: { priceVnd: true, status: true, _count: { select: { images: true } } } })).toEqual({ priceVnd: 65000, status: "ACTIVE", _count: { images: 2 } });

    // the owner can: reorder (second photo becomes cover), then archive
    const cover = (await call(editProductAction as never, formRequest(`/seller/products/${product.id}?op=photo-cover`, { mediaId: product.images[1].mediaId }, owner.cookie), undefined, params)) as Response;
    expect(cover.status).toBe(302);
    const after = await db.product.findUniqueOrThrow({ where: { id: product.id }, include: { images: { orderBy: { position: "asc" } } } });
    expect(after.coverMediaId).toBe(product.images[1].mediaId);
    expect(after.images.map((i) => i.mediaId)).toEqual([product.images[1].mediaId, product.images[0].mediaId]);
    await call(editProductAction as never, formRequest(`/seller/products/${product.id}?op=archive`, {}, owner.cookie), undefined, params);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).status).toBe("ARCHIVED");
  });

  it("refuses a bad photo or a bad field with a clear error, storing neither a product nor a file", async () => {
    const owner = await farmer("+84931000004");
    const farm = await createFarm(db, { ownerId: owner.user.id, communeCode: "77020", provinceCode: "77" });
    const files = () => (fs.existsSync(process.env.MEDIA_DIR!) ? (fs.readdirSync(process.env.MEDIA_DIR!, { recursive: true }) as string[]).length : 0);
    const before = { products: await db.product.count(), media: await db.media.count(), files: files() };

    const bad = unwrap(await call(newProductAction as never, multipart("/seller/products/new", { ...productFields, categoryId, farmId: farm.id }, { photos: [await noisyJpeg(300, 300), textFiles.html] }, owner.cookie)));
    expect(bad.status).toBe(400);
    expect(bad.value.photoErrors).toEqual(["imageNotAnImage"]);
    expect(bad.value.result.initialValue.name).toBe("Xoài cát Hòa Lộc"); // what was typed comes back

    const badPrice = unwrap(await call(newProductAction as never, multipart("/seller/products/new", { ...productFields, categoryId, farmId: farm.id, price: "-1000" }, { photos: [await noisyJpeg(300, 300)] }, owner.cookie)));
    expect(badPrice.value.result.error.price).toEqual(["priceNegative"]);
    const huge = Buffer.alloc(16 * 1024 * 1024, 0xff); // over the 15 MB cap: drained, not kept, and said so
    const tooBig = unwrap(await call(newProductAction as never, multipart("/seller/products/new", { ...productFields, categoryId, farmId: farm.id }, { photos: [huge] }, owner.cookie)));
    expect(tooBig.value.photoErrors).toEqual(["imageTooLarge"]);
    expect(tooBig.value.result.initialValue.price).toBe("65.000");

    const badStock = unwrap(await call(newProductAction as never, multipart("/seller/products/new", { ...productFields, categoryId, farmId: farm.id, stock: "nhiều lắm" }, {}, owner.cookie)));
    expect(badStock.value.result.error.stock).toEqual(["stockInvalid"]);

    expect({ products: await db.product.count(), media: await db.media.count(), files: files() }).toEqual(before);
  });

  it("saves a bank account only for a VietQR bank, and keeps certificates with their validity", async () => {
    const owner = await farmer("+84931000005");
    const farm = await createFarm(db, { ownerId: owner.user.id, communeCode: "77020", provinceCode: "77" });
    const params = { farmId: farm.id };
    const unknown = unwrap(await call(bankAction as never, formRequest(`/x`, { bankBin: "123456", bankAccountNumber: "0071000123456", bankAccountName: "NGUYEN VAN A" }, owner.cookie), undefined, params));
    expect(unknown.value.result.error.bankBin).toEqual(["bankRequired"]);
    await call(bankAction as never, formRequest(`/x`, { bankBin: "970436", bankAccountNumber: "0071000123456", bankAccountName: "nguyen van a" }, owner.cookie), undefined, params);
    expect(await db.farm.findUniqueOrThrow({ where: { id: farm.id }, select: { bankBin: true, bankAccountName: true } })).toEqual({ bankBin: "970436", bankAccountName: "NGUYEN VAN A" });

    const cert = (fields: Record<string, string>) => call(certsAction as never, multipart(`/x`, fields, {}, owner.cookie), undefined, params);
    expect(unwrap(await cert({ kind: "OCOP", number: "OCOP-1", issuer: "UBND tỉnh" })).value.result.error.stars).toEqual(["starsInvalid"]);
    await cert({ kind: "OCOP", stars: "4", number: "OCOP-1", issuer: "UBND tỉnh", expiresAt: "2020-01-31" });
    await cert({ kind: "VIETGAP", number: "VG-9", issuer: "Trung tâm", expiresAt: "2099-12-31" });
    const page = (await call(farmPageLoader as never, getRequest(`/farms/${farm.slug}`), undefined, { slug: farm.slug })) as any;
    expect(page.farm.certifications.map((c: any) => [c.kind, c.stars, c.valid])).toEqual([["OCOP", 4, false], ["VIETGAP", null, true]]);
  });

  it("lets the owner invite staff by phone; the invite applies when that person signs up and proves the number", async () => {
    const owner = await farmer("+84931000006");
    const staffOfOther = await farmer("+84931000007");
    const farm = await createFarm(db, { ownerId: owner.user.id, communeCode: "77020", provinceCode: "77" });
    const params = { farmId: farm.id };
    // not a member: cannot invite
    const denied = await call(membersAction as never, formRequest(`/x`, { identifier: "0988 777 666" }, staffOfOther.cookie), undefined, params);
    expect(unwrap(denied).status).toBe(403);

    await call(membersAction as never, formRequest(`/x`, { identifier: "0988 777 666" }, owner.cookie), undefined, params);
    expect(await db.farmInvite.count({ where: { farmId: farm.id, identifier: "+84988777666" } })).toBe(1);

    const inbox = await startCodeInbox();
    try {
      const started = (await call(signupAction as never, formRequest("/signup", { name: "Cháu Tư", identifier: "0988777666", password: PASSWORD, role: "BUYER" }))) as Response;
      const verifyUrl = started.headers.get("Location")!;
      expect(await db.farmMember.count({ where: { farmId: farm.id, role: "STAFF" } })).toBe(0); // not before the code
      const id = new URL(verifyUrl, BASE).searchParams.get("id")!;
      const res = (await call(verifyAction as never, formRequest(verifyUrl, { id, code: await inbox.codeFor("+84988777666") }))) as Response;
      expect(res.status).toBe(302);
    } finally {
      await inbox.close();
    }
    const staff = await db.user.findUniqueOrThrow({ where: { phone: "+84988777666" }, include: { memberships: true } });
    expect(staff.role).toBe("FARMER");
    expect(staff.memberships.map((m) => [m.farmId, m.role])).toEqual([[farm.id, "STAFF"]]);
    expect(await db.farmInvite.count({ where: { farmId: farm.id } })).toBe(0);
  });

  it("serves QR stamps that decode back to the page's address", async () => {
    const owner = await farmer("+84931000008");
    const farm = await createFarm(db, { ownerId: owner.user.id, communeCode: "77020", provinceCode: "77", slug: "vuon-qr-thu" });
    await createProduct(db, { farmId: farm.id, categoryId, slug: "mit-qr-thu" });
    for (const [kind, slug, path] of [["farm", "vuon-qr-thu", "/farms/vuon-qr-thu"], ["product", "mit-qr-thu", "/products/mit-qr-thu"]]) {
      const png = (await call(qrLoader as never, getRequest(`/resources/qr/${kind}/${slug}.png`), undefined, { kind, slug: `${slug}.png` })) as Response;
      expect(png.headers.get("Content-Type")).toBe("image/png");
      const { data, info } = await sharp(Buffer.from(await png.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(`http://localhost:3000${path}`);
      const svg = (await call(qrLoader as never, getRequest(`/x`), undefined, { kind, slug: `${slug}.svg` })) as Response;
      expect(await svg.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
    const missing = (await call(qrLoader as never, getRequest(`/x`), undefined, { kind: "farm", slug: "khong-co.png" })) as Response;
    expect(missing.status).toBe(404);
  });
});
