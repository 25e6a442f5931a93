// The demo province seed on the real engine: what it holds, that its images exist, that demo
// accounts log in, and that it is deterministic (a second run into a fresh SQLite file with the same
// "now" gives the same rows, which on the PostgreSQL project also proves both engines get the same
// data). The seed's clock is injected: the figures below are those of a demo first started at NOW.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, db, type Db } from "~/utils/db.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { DEMO_ACCOUNTS, DEMO_ONBOARDING, DEMO_PASSWORD, seedIfEmpty } from "../../prisma/seed";
import { onboardingFunnel } from "~/modules/onboarding/funnel.server";
import { SOLD_STATUSES } from "~/modules/analytics/sql.server";

const NOW = new Date("2026-11-20T03:00:00Z"); // 10:00 in Vietnam
import { migrateDeploy } from "../../scripts/migrate";
import { BankAccountSchema } from "~/modules/farms/schemas";

async function snapshot(client: Db) {
  const products = await client.product.findMany({
    select: { slug: true, name: true, priceVnd: true, stockMilli: true, stepMilli: true, status: true, unit: true, coverMediaId: true, searchText: true, farm: { select: { slug: true } }, category: { select: { slug: true } } },
    orderBy: { slug: "asc" },
  });
  const farms = await client.farm.findMany({
    select: { slug: true, name: true, story: true, communeCode: true, bankAccountNumber: true, certifications: { select: { kind: true, stars: true, number: true, expiresAt: true }, orderBy: { number: "asc" } } },
    orderBy: { slug: "asc" },
  });
  const orders = await client.farmOrder.groupBy({ by: ["status", "paymentMethod"], _count: { _all: true }, _sum: { subtotalVnd: true }, orderBy: [{ status: "asc" }, { paymentMethod: "asc" }] });
  return { products, farms, orders };
}

let second: Db;
let secondDir: string;

beforeAll(async () => {
  expect(await seedIfEmpty(db, { now: NOW })).toBe(true);
  expect(await seedIfEmpty(db, { now: NOW })).toBe(false); // only when empty

  secondDir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-seed-"));
  const file = path.join(secondDir, "second.db");
  migrateDeploy(`file:${file}`, { quiet: true });
  second = createDb(`file:${file}`);
  await seedIfEmpty(second, { now: NOW });
}, 180_000);

afterAll(async () => {
  await second?.$disconnect();
  fs.rmSync(secondDir, { recursive: true, force: true });
});

describe(`seed on ${process.env.TEST_DB_ENGINE}`, () => {
  it("makes a believable province: 40+ farms with stories and certificates, 300+ products", async () => {
    const farms = await db.farm.findMany({ select: { story: true, communeCode: true, coverMediaId: true, _count: { select: { products: true, certifications: true, members: { where: { role: "OWNER" } } } } } });
    expect(farms.length).toBeGreaterThanOrEqual(40);
    expect(farms.every((f) => f.story.length > 40 && f._count.members === 1 && f._count.products >= 2 && f.coverMediaId)).toBe(true);
    expect(new Set(farms.map((f) => f.communeCode)).size).toBeGreaterThanOrEqual(10);
    expect(await db.product.count()).toBeGreaterThanOrEqual(300);
    expect(await db.product.count({ where: { status: "ACTIVE" } })).toBeGreaterThanOrEqual(280);

    const cats = (await db.category.findMany({ where: { products: { some: {} } }, select: { slug: true } })).map((c) => c.slug);
    for (const c of ["trai-cay", "rau-an-la", "gao", "hai-san", "ca-phe", "ho-tieu", "hat-dieu", "mat-ong"]) expect(cats).toContain(c);

    const ocop = await db.certification.findMany({ where: { kind: "OCOP" }, select: { stars: true } });
    expect(ocop.length).toBeGreaterThan(5);
    expect(ocop.every((c) => c.stars! >= 3 && c.stars! <= 5)).toBe(true);
    expect(await db.certification.count({ where: { kind: "VIETGAP", expiresAt: { lt: NOW } } })).toBeGreaterThan(0);
    expect(await db.adminUnit.count({ where: { level: "COMMUNE", parentCode: "77" } })).toBe(20);
    // every seeded bank account is one the farm's own form would accept
    const banks = await db.farm.findMany({ select: { bankBin: true, bankAccountNumber: true, bankAccountName: true } });
    for (const b of banks) expect(BankAccountSchema.safeParse(b).success).toBe(true);
  });

  it("creates one demo account per role, with the documented password", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const u = await db.user.findUniqueOrThrow({ where: { email: a.email } });
      expect(u).toMatchObject({ role: a.role, phone: a.phone });
      expect(await verifyPassword(u.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
    const farmer = await db.user.findUniqueOrThrow({ where: { email: "farmer@chonong.vn" }, select: { memberships: true } });
    expect(farmer.memberships).toHaveLength(1);
  });

  it("stores real processed images for every product and farm", async () => {
    const media = await db.media.findMany();
    expect(media.length).toBeGreaterThan(40);
    for (const m of media) {
      const variants = JSON.parse(m.variants) as Array<{ key: string; width: number; format: string }>;
      const webp = variants.filter((v) => v.format === "webp").map((v) => v.width);
      expect(webp.length).toBeGreaterThanOrEqual(2);
      expect(webp).toEqual([...webp].sort((a, b) => a - b));
      expect(variants.filter((v) => v.format === "avif").map((v) => v.width)).toEqual(webp);
      for (const v of variants) {
        const bytes = fs.readFileSync(path.join(process.env.MEDIA_DIR!, v.key));
        if (v.format === "webp") expect(bytes.subarray(8, 12).toString("ascii")).toBe("WEBP");
        else expect(bytes.subarray(4, 12).toString("ascii")).toBe("ftypavif");
      }
    }
    expect(await db.product.count({ where: { coverMediaId: null } })).toBe(0);
  });

  it("has 18 months of past orders, all in a final state, peaking before Tết", async () => {
    const statuses = await db.farmOrder.groupBy({ by: ["status"], _count: { _all: true } });
    const count = Object.fromEntries(statuses.map((s) => [s.status, s._count._all]));
    expect(count.DELIVERED).toBeGreaterThan(10_000);
    expect(Object.keys(count).sort()).toEqual(["CANCELLED", "DELIVERED", "EXPIRED"]); // nothing holds stock or awaits anyone
    const first = await db.farmOrder.findFirstOrThrow({ orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    expect(first.createdAt.getTime()).toBeLessThan(new Date("2025-07-01").getTime());
    // it ends at the first start: orders that morning, none after
    expect(await db.farmOrder.count({ where: { createdAt: { gte: NOW } } })).toBe(0);
    expect(await db.farmOrder.count({ where: { createdAt: { gte: new Date("2026-11-19T17:00:00Z") } } })).toBeGreaterThan(0);
    const sales = async (from: string, to: string) =>
      (await db.farmOrder.aggregate({ where: { status: "DELIVERED", createdAt: { gte: new Date(from), lt: new Date(to) } }, _sum: { subtotalVnd: true } }))._sum.subtotalVnd ?? 0;
    // the three weeks before Tết 2026 (17 February) against the three weeks from Tết
    expect(await sales("2026-01-26T17:00:00Z", "2026-02-16T17:00:00Z")).toBeGreaterThan(2 * (await sales("2026-02-16T17:00:00Z", "2026-03-09T17:00:00Z")));
    // the demo buyer's account has no made-up history
    expect(await db.order.count({ where: { buyer: { email: "buyer@chonong.vn" } } })).toBe(0);
    // the timelines' system notes are message keys, shown in the reader's language; no English text
    const notes = await db.orderEvent.groupBy({ by: ["actorRole", "toStatus", "systemNote"], where: { actorRole: { in: ["SYSTEM", "PAYMENT"] } } });
    expect(notes.map((n) => [n.actorRole, n.toStatus, n.systemNote]).sort()).toEqual([
      ["PAYMENT", "PAID", '{"key":"cardPaid"}'],
      ["SYSTEM", "EXPIRED", '{"key":"reservationExpired"}'],
    ]);
    expect(await db.orderEvent.count({ where: { note: { not: "" }, toStatus: { not: "CANCELLED" } } })).toBe(0);
  });

  it("has the digital teams' work, and the onboarding funnel counts it as the rows say", async () => {
    const funnel = await onboardingFunnel({ provinceCode: "77", now: NOW });
    const { imported, stuck } = DEMO_ONBOARDING;
    // assisted: up to DEMO_ONBOARDING.assisted farms of the helper's communes, as many as the seed placed there
    const assisted = await db.household.count({ where: { source: "ASSISTED" } });
    expect(assisted).toBeGreaterThanOrEqual(DEMO_ONBOARDING.assistingNow);
    expect(assisted).toBeLessThanOrEqual(DEMO_ONBOARDING.assisted);
    // what the seed made, counted from its rows (not from the funnel's code)
    const farms = (await db.household.findMany({ where: { farmId: { not: null } }, select: { farmId: true } })).map((h) => h.farmId!);
    const withProduct = await db.farm.count({ where: { id: { in: farms }, products: { some: { status: { not: "DRAFT" } } } } });
    const sold = await db.farm.count({ where: { id: { in: farms }, farmOrders: { some: { status: { in: [...SOLD_STATUSES] } } } } });
    const active = await db.farm.count({ where: { id: { in: farms }, farmOrders: { some: { status: { in: [...SOLD_STATUSES] }, createdAt: { gte: new Date(NOW.getTime() - 30 * 86_400_000) } } } } });
    expect(farms).toHaveLength(assisted);
    expect(funnel.total.counts).toEqual({ invited: assisted + imported, confirmed: assisted, farm: assisted, product: withProduct, sale: sold, active });
    expect(funnel.total.stuck).toBe(stuck);
    expect(funnel.total.households).toBe(await db.household.count());
    // communes add up to the province; the targets to its 7,000
    for (const step of ["invited", "confirmed", "farm"] as const) expect(funnel.byCommune.reduce((s, c) => s + (c.counts[step] ?? 0), 0)).toBe(funnel.total.counts[step]);
    expect(funnel.targetsSet).toBe(7000);
    // the demo helper: its households, and three farms it assists now
    const helper = await db.user.findUniqueOrThrow({ where: { email: "helper@chonong.vn" }, select: { id: true, role: true, _count: { select: { memberships: true, helperCommunes: true } } } });
    expect(helper).toMatchObject({ role: "HELPER", _count: { memberships: DEMO_ONBOARDING.assistingNow, helperCommunes: 2 } });
    expect(funnel.byHelper.find((h) => h.key === helper.id)?.households).toBe(assisted);
  });

  it("is deterministic: a second run gives the same rows", async () => {
    expect(await snapshot(second)).toEqual(await snapshot(db));
  });
});
