// Search on each engine's own index (SQLite FTS5, PostgreSQL pg_trgm): diacritics optional,
// "đ" = "d", names starting with the query first, filters, sorting, and hostile queries harmless.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { SearchParamsSchema, searchCatalog } from "~/modules/catalog/search.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";

const search = (q: string, extra: Record<string, string> = {}) => searchCatalog(SearchParamsSchema.parse({ q, ...extra }));
const slugs = async (q: string, extra: Record<string, string> = {}) => (await search(q, extra)).products.map((p) => p.slug);

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [
    { code: "77004", name: "Xã Ngãi Giao", nameEn: "Ngai Giao" },
    { code: "77018", name: "Xã Long Hải", nameEn: "Long Hai" },
  ]);
  const fruit = await createCategory(db, { slug: "trai-cay", nameVi: "Trái cây" });
  const veg = await createCategory(db, { slug: "rau-cu", nameVi: "Rau củ" });
  const melon = await createCategory(db, { slug: "dua-hau", nameVi: "Dưa hấu", parentId: fruit.id });
  const a = await createFarm(db, { ownerId: (await createUser(db, { role: "FARMER" })).id, communeCode: "77004", provinceCode: "77", name: "Vườn Ba Tâm" });
  const b = await createFarm(db, { ownerId: (await createUser(db, { role: "FARMER" })).id, communeCode: "77018", provinceCode: "77", name: "Vườn Út Hà" });
  await db.certification.create({ data: { farmId: b.id, kind: "VIETGAP", number: "VG-1", issuer: "X", expiresAt: new Date(Date.now() + 1e10) } });
  await db.certification.create({ data: { farmId: a.id, kind: "VIETGAP", number: "VG-2", issuer: "X", expiresAt: new Date(Date.now() - 1e10) } }); // expired
  const p = (farmId: string, categoryId: string, slug: string, name: string, priceVnd: number, extra: Record<string, unknown> = {}) =>
    createProduct(db, { farmId, categoryId, slug, name, priceVnd, searchExtra: [], ...extra });
  await p(a.id, fruit.id, "dua-xiem", "Dừa xiêm xanh", 15_000);
  await p(b.id, melon.id, "dua-hau-long-an", "Dưa hấu Long An", 12_000);
  await p(a.id, veg.id, "dau-bap", "Đậu bắp", 25_000);
  await p(b.id, fruit.id, "sau-rieng-ri6", "Sầu riêng Ri6", 95_000, { stockMilli: 0 });
  await p(a.id, fruit.id, "kem-sau-rieng", "Kem sầu riêng", 40_000);
  await p(a.id, fruit.id, "sau-rieng-nhap", "Sầu riêng nháp", 1, { status: "DRAFT" });
});

describe(`search on ${process.env.TEST_DB_ENGINE}`, () => {
  it("finds words typed with or without diacritics; đ is d", async () => {
    expect((await slugs("dua")).sort()).toEqual(["dua-hau-long-an", "dua-xiem"]);
    expect((await slugs("dừa")).sort()).toEqual(["dua-hau-long-an", "dua-xiem"]); // typed with marks, folded the same way
    expect(await slugs("dau bap")).toEqual(["dau-bap"]);
    expect(await slugs("ĐẬU")).toEqual(["dau-bap"]);
    expect(await slugs("nhap")).toEqual([]); // drafts never show
  });

  it("ranks names spelled exactly as typed, diacritics included, above names that only fold alike", async () => {
    expect(await slugs("dừa")).toEqual(["dua-xiem", "dua-hau-long-an"]);
    expect(await slugs("dưa")).toEqual(["dua-hau-long-an", "dua-xiem"]);
    expect(await slugs("DƯA HẤU")).toEqual(["dua-hau-long-an"]);
    expect((await slugs("dua")).sort()).toEqual(["dua-hau-long-an", "dua-xiem"]); // no marks typed: both, no preference
  });

  it("ranks names that start with the query first", async () => {
    expect(await slugs("sau rieng")).toEqual(["sau-rieng-ri6", "kem-sau-rieng"]);
  });

  it("filters by category (with sub-categories), commune, valid certificate, price and stock; sorts by price", async () => {
    expect(await slugs("dua", { category: "trai-cay" })).toHaveLength(2); // Dưa hấu sits in a sub-category
    expect(await slugs("dua", { commune: "77018" })).toEqual(["dua-hau-long-an"]);
    expect((await slugs("sau rieng", { cert: "VIETGAP" }))).toEqual(["sau-rieng-ri6"]); // farm A's certificate expired
    expect(await slugs("sau rieng", { inStock: "1" })).toEqual(["kem-sau-rieng"]);
    expect(await slugs("dua", { min: "13000" })).toEqual(["dua-xiem"]);
    expect(await slugs("dua", { max: "13000" })).toEqual(["dua-hau-long-an"]);
    expect(await slugs("dua", { sort: "price_asc" })).toEqual(["dua-hau-long-an", "dua-xiem"]);
    expect(await slugs("dua", { sort: "price_desc" })).toEqual(["dua-xiem", "dua-hau-long-an"]);
    expect((await search("dua")).total).toBe(2);
  });

  it("treats hostile or odd queries as plain words", async () => {
    for (const q of ['" OR 1=1 --', "sau* OR NEAR(a b)", "'; DROP TABLE \"Product\"; --", "%_%", "\\", "🍉"]) {
      await expect(search(q)).resolves.toMatchObject({ total: expect.any(Number) });
    }
    expect(await db.product.count()).toBeGreaterThan(5);
    expect((await search('" OR 1=1 --')).total).toBe(0);
  });
});
