// The data layer on the real engine of this project (SQLite file or PostgreSQL): create, read and
// update users, farms and products through the app's own modules, ownership in the queries.
import { beforeAll, describe, expect, it } from "vitest";
import { db, hotExecute, hotRead, Prisma } from "~/utils/db.server";
import { createFarm as openFarm, getFarmPage, listMyFarms, updateFarmProfile } from "~/modules/farms/farms.server";
import {
  getProductPage,
  listInSeasonProducts,
} from "~/modules/catalog/catalog.server";
import { SearchParamsSchema, searchCatalog } from "~/modules/catalog/search.server";
import { createFarmProduct, updateFarmProduct } from "~/modules/catalog/products.server";

const searchProducts = ({ q }: { q: string }) => searchCatalog(SearchParamsSchema.parse({ q }));
import { createCategory, createFarm, createProduct, createUser, ensureProvince, fakePhone } from "../factories";

const PROVINCE = { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "Ba Ria - Vung Tau" };
const COMMUNE = { code: "77004", name: "Xã Ngãi Giao", nameEn: "Ngai Giao Commune" };

beforeAll(async () => {
  await ensureProvince(db, PROVINCE, [COMMUNE]);
});

/**
 * Another request's transaction, open: it has renamed the user (not committed) and waits; `rollBack`
 * makes it throw, and `failed` then resolves to "rolled back".
 */
async function openTransaction(userId: string, uncommittedName: string) {
  let rollBack!: () => void;
  const holding = new Promise<void>((r) => (rollBack = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const failed = db
    .$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { name: uncommittedName } });
      entered();
      await holding;
      throw new Error("business rule: roll back");
    })
    .catch(() => "rolled back");
  await inside;
  return { rollBack, failed };
}

describe(`data layer on ${process.env.TEST_DB_ENGINE}`, () => {
  it("creates, reads and updates a user; phone and email are unique", async () => {
    const user = await createUser(db, { name: "Nguyễn Thị Hoa", phone: "+84912345678", email: "hoa@example.test" });
    const read = await db.user.findUnique({ where: { phone: "+84912345678" } });
    expect(read).toMatchObject({ id: user.id, name: "Nguyễn Thị Hoa", role: "BUYER", locale: "vi" });
    expect(read?.createdAt).toBeInstanceOf(Date);

    await db.user.update({ where: { id: user.id }, data: { name: "Nguyễn Thị Hoà", locale: "en" } });
    expect(await db.user.findUnique({ where: { id: user.id }, select: { name: true, locale: true } })).toEqual({
      name: "Nguyễn Thị Hoà",
      locale: "en",
    });

    const dup = await createUser(db, { phone: "+84912345678" }).catch((e) => e);
    expect(dup).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(dup.code).toBe("P2002");
  });

  it("opens a farm with its owner, folds the slug, and reads the brand page", async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await openFarm({
      ownerId: owner.id,
      profile: { name: "Vườn Sầu Riêng Út Hà", story: "<b>Vườn</b> nhà tôi", communeCode: COMMUNE.code, provinceCode: PROVINCE.code, phone: "+84903000001" },
    });
    expect(farm.slug).toBe("vuon-sau-rieng-ut-ha");
    const second = await openFarm({
      ownerId: owner.id,
      profile: { name: "Vườn sầu riêng Út Hà", communeCode: COMMUNE.code, provinceCode: PROVINCE.code, phone: "+84903000001" },
    });
    expect(second.slug).toBe("vuon-sau-rieng-ut-ha-2");

    await db.certification.createMany({
      data: [
        { farmId: farm.id, kind: "VIETGAP", number: "VG-1", issuer: "X", expiresAt: new Date(Date.now() + 86_400_000) },
        { farmId: farm.id, kind: "OCOP", stars: 4, number: "OCOP-1", issuer: "Y", expiresAt: new Date(Date.now() - 86_400_000) },
      ],
    });
    const page = await getFarmPage({ slug: "vuon-sau-rieng-ut-ha" });
    expect(page).toMatchObject({ name: "Vườn Sầu Riêng Út Hà", story: "<b>Vườn</b> nhà tôi", commune: { name: "Xã Ngãi Giao" } });
    expect(page?.certifications.map((c) => [c.kind, c.valid])).toEqual([
      ["OCOP", false],
      ["VIETGAP", true],
    ]);
    expect((await listMyFarms({ userId: owner.id })).map((f) => f.slug).sort()).toEqual(["vuon-sau-rieng-ut-ha", "vuon-sau-rieng-ut-ha-2"]);
  });

  it("lets only a member update a farm: ownership is part of the query", async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const stranger = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: COMMUNE.code, provinceCode: PROVINCE.code, name: "Vườn Ba Tâm" });

    expect(await updateFarmProfile({ farmId: farm.id, userId: stranger.id, changes: { name: "Bị chiếm" } })).toEqual({ ok: false, error: "notYours" });
    expect((await db.farm.findUnique({ where: { id: farm.id } }))?.name).toBe("Vườn Ba Tâm");

    expect(await updateFarmProfile({ farmId: farm.id, userId: owner.id, changes: { story: "Mới" } })).toEqual({ ok: true });
    expect((await db.farm.findUnique({ where: { id: farm.id } }))?.story).toBe("Mới");
  });

  it("lists, reads, searches and updates products; a stranger cannot change price or stock", async () => {
    const owner = await createUser(db, { role: "FARMER", phone: fakePhone() }); // a verified number: the farm may sell
    const stranger = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: COMMUNE.code, provinceCode: PROVINCE.code, name: "Vườn Tư Lành" });
    const fruit = await createCategory(db, { nameVi: "Trái cây", nameEn: "Fruit" });

    const input = { name: "Sầu riêng Ri6", categoryId: fruit.id, unit: "kg" as const, priceVnd: 95_000, soldByWeight: true, stepMilli: 500, stockMilli: 40_500, status: "ACTIVE" as const, seasonStartMonth: 11, seasonEndMonth: 2, description: "" };
    expect(await createFarmProduct({ farmId: farm.id, userId: stranger.id, input: { ...input, name: "Giả" }, photos: [] })).toEqual({ ok: false, error: "notYours" });
    const created = await createFarmProduct({ farmId: farm.id, userId: owner.id, input, photos: [] });
    expect(created.ok && created.slug).toBe("sau-rieng-ri6");

    const page = await getProductPage({ slug: "sau-rieng-ri6" });
    expect(page).toMatchObject({ name: "Sầu riêng Ri6", priceVnd: 95_000, stockMilli: 40_500, stepMilli: 500, soldByWeight: true, farm: { name: "Vườn Tư Lành" } });
    // the page is cached, its stock is not: an order takes stock in plain SQL (no catalog-cache bump)
    await db.$executeRaw`UPDATE "Product" SET "stockMilli" = "stockMilli" - 500 WHERE "id" = ${page!.id}`;
    expect(await getProductPage({ slug: "sau-rieng-ri6" })).toMatchObject({ name: "Sầu riêng Ri6", stockMilli: 40_000 });

    // search without diacritics, and "đ"/"d", over name, category and farm
    expect((await searchProducts({ q: "sau rieng" })).products.map((p) => p.slug)).toEqual(["sau-rieng-ri6"]);
    expect((await searchProducts({ q: "SẦU RIÊNG tư lành" })).total).toBe(1);
    expect((await searchProducts({ q: "trai cay" })).total).toBe(1);
    expect((await searchProducts({ q: "xoài" })).total).toBe(0);

    // a season over the new year (Nov–Feb) is in season in January, not in June
    expect((await listInSeasonProducts({ month: 1 })).map((p) => p.slug)).toContain("sau-rieng-ri6");
    expect((await listInSeasonProducts({ month: 6 })).map((p) => p.slug)).not.toContain("sau-rieng-ri6");

    const id = (await db.product.findUniqueOrThrow({ where: { slug: "sau-rieng-ri6" } })).id;
    expect(await updateFarmProduct({ productId: id, userId: stranger.id, input: { ...input, priceVnd: 1, stockMilli: 0 } })).toEqual({ ok: false, error: "notYours" });
    const seen = (await db.product.findUniqueOrThrow({ where: { id }, select: { stockMilli: true } })).stockMilli;
    expect(await updateFarmProduct({ productId: id, userId: owner.id, input: { ...input, priceVnd: 89_000, stockMilli: 12_000 }, stockSeenMilli: seen })).toMatchObject({ ok: true });
    expect(await db.product.findUnique({ where: { id }, select: { priceVnd: true, stockMilli: true } })).toEqual({ priceVnd: 89_000, stockMilli: 12_000 });
  });

  it("hides drafts and archived products from the storefront", async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: COMMUNE.code, provinceCode: PROVINCE.code });
    const cat = await createCategory(db);
    await createProduct(db, { farmId: farm.id, categoryId: cat.id, name: "Mít nháp", slug: "mit-nhap", status: "DRAFT" });
    await createProduct(db, { farmId: farm.id, categoryId: cat.id, name: "Mít cũ", slug: "mit-cu", status: "ARCHIVED" });
    expect(await getProductPage({ slug: "mit-nhap" })).toBeNull();
    expect(await getProductPage({ slug: "mit-cu" })).toBeNull();
    expect((await searchProducts({ q: "mit" })).total).toBe(0);
  });

  it("reads hot rows with plain SQL (hotRead): sees each committed write at once, values as parameters, cannot write", async () => {
    const user = await createUser(db, { name: "Lê Văn Tám" });
    const read = () => hotRead<{ name: string }>`SELECT "name" FROM "User" WHERE "id" = ${user.id}`;
    expect(await read()).toEqual([{ name: "Lê Văn Tám" }]);
    await db.user.update({ where: { id: user.id }, data: { name: "Lê Văn Tám'); DROP TABLE \"User\"; --" } });
    expect(await read()).toEqual([{ name: "Lê Văn Tám'); DROP TABLE \"User\"; --" }]);
    await db.$transaction(async (tx) => tx.user.update({ where: { id: user.id }, data: { name: "Tám" } }));
    expect(await read()).toEqual([{ name: "Tám" }]);
    expect(await hotRead`SELECT "id" FROM "User" WHERE "id" = ${"' OR 1=1 --"}`).toEqual([]);
    await expect(hotRead`UPDATE "User" SET "name" = 'x' WHERE "id" = ${user.id} RETURNING "id"`).rejects.toThrow();
    expect(await read()).toEqual([{ name: "Tám" }]);
  });

  it("writes with plain SQL (hotExecute): values as parameters, dates as Prisma keeps them, the rows it changed, after any open transaction", async () => {
    const user = await createUser(db, { name: "Đỗ Thị Chín" });
    const at = new Date("2026-11-24T10:20:30.456Z");
    const id = `c-${user.id}`;
    const evil = "x'); DELETE FROM \"User\"; --";
    expect(await hotExecute`INSERT INTO "Cart" ("id", "userId", "createdAt", "updatedAt") VALUES (${id}, ${user.id}, ${at}, ${at})`).toBe(1);
    expect(await db.cart.findUnique({ where: { id }, select: { userId: true, createdAt: true, updatedAt: true } })).toEqual({ userId: user.id, createdAt: at, updatedAt: at });
    expect(await hotExecute`UPDATE "User" SET "name" = ${evil} WHERE "id" = ${user.id}`).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(evil);
    expect(await hotExecute`UPDATE "User" SET "name" = 'x' WHERE "id" = ${"nobody"}`).toBe(0);
    await expect(hotExecute`SELECT 1 WHERE ${1} = 1`).rejects.toThrow(/INSERT, UPDATE or DELETE/);

    // while another request's transaction is open, the write waits for it and survives its rollback
    const { rollBack, failed } = await openTransaction(user.id, "trong giao dịch");
    const write = hotExecute`UPDATE "Cart" SET "updatedAt" = ${new Date(0)} WHERE "id" = ${id}`;
    setTimeout(rollBack, 50);
    expect(await failed).toBe("rolled back");
    expect(await write).toBe(1);
    expect(await db.cart.findUnique({ where: { id }, select: { updatedAt: true } })).toEqual({ updatedAt: new Date(0) });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(evil);

    // after a disconnect (graceful shutdown, tests) it reconnects like any Prisma query
    await db.$disconnect();
    expect(await hotExecute`UPDATE "Cart" SET "updatedAt" = ${at} WHERE "id" = ${id}`).toBe(1);
    expect(await db.cart.findUnique({ where: { id }, select: { updatedAt: true } })).toEqual({ updatedAt: at });
  });

  it("rolls a failed transaction back completely", async () => {
    const before = await db.user.count();
    const err = await db
      .$transaction(async (tx) => {
        await tx.user.create({ data: { name: "A", email: "tx-a@example.test", passwordHash: "!" } });
        await tx.user.create({ data: { name: "B", email: "tx-a@example.test", passwordHash: "!" } });
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(await db.user.count()).toBe(before);
  });

  // On SQLite the app has one connection, and an interactive transaction keeps it from BEGIN to
  // ROLLBACK across awaits: another request's query used to run inside it (patches/@prisma+adapter-better-sqlite3).
  it("keeps another request's write out of an open transaction: the write survives the transaction's rollback, and no one reads its uncommitted rows", async () => {
    const user = await createUser(db, { name: "Trần Văn Bảy" });
    const { rollBack, failed } = await openTransaction(user.id, "chưa lưu");
    // meanwhile, other requests: a read and a write outside the transaction
    const read = db.user.findUnique({ where: { id: user.id }, select: { name: true } });
    const write = createUser(db, { name: "Khách mới" });
    const outcome = await Promise.race([Promise.all([read, write]).then(() => "done"), new Promise((r) => setTimeout(r, 150, "waiting"))]);
    rollBack();
    expect(await failed).toBe("rolled back");
    const [seen, other] = await Promise.all([read, write]);
    expect(seen).toEqual({ name: "Trần Văn Bảy" }); // never the uncommitted "chưa lưu"
    expect(await db.user.findUnique({ where: { id: other.id }, select: { name: true } })).toEqual({ name: "Khách mới" });
    expect(await db.user.findUnique({ where: { id: user.id }, select: { name: true } })).toEqual({ name: "Trần Văn Bảy" });
    // SQLite: they waited for the transaction; PostgreSQL: they ran on another connection at once
    expect(outcome).toBe(process.env.TEST_DB_ENGINE === "sqlite" ? "waiting" : "done");
  });

  it.runIf(process.env.TEST_DB_ENGINE === "sqlite")("frees the connection when a transaction cannot begin (the database stayed locked past the busy timeout)", async () => {
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const { default: Database } = await import("better-sqlite3");
    const { PrismaClient } = await import("../../generated/sqlite/client");
    const file = (await hotRead<{ file: string }>`SELECT "file" FROM pragma_database_list WHERE "name" = 'main'`)[0].file;
    const impatient = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 50 }) });
    const locker = new Database(file, { timeout: 50 });
    try {
      locker.prepare("BEGIN IMMEDIATE").run(); // another process holds the write lock
      const blocked = await impatient.$transaction(async (tx) => tx.user.count()).catch((e: Error) => e);
      expect(blocked).toBeInstanceOf(Error);
      locker.prepare("ROLLBACK").run();
      // before the patch the failed BEGIN kept the adapter's mutex: this waited for ever
      const next = await Promise.race([impatient.$transaction(async (tx) => tx.user.count()), new Promise((r) => setTimeout(r, 3000, "stuck"))]);
      expect(typeof next).toBe("number");
      expect(await Promise.race([impatient.user.count(), new Promise((r) => setTimeout(r, 3000, "stuck"))])).toBe(next);
    } finally {
      locker.close();
      await impatient.$disconnect();
    }
  });
});
