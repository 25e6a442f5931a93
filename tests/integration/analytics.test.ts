// Dashboards on the real engine: figures equal to the ones worked out by hand below, bucketed on
// Asia/Ho_Chi_Minh's clock (orders a second either side of local midnight, Sunday/Monday and the
// end of the period), the forecaster's weekly history, ownership (another farm's id is 404, the
// CSV too), no personal data in the department's loader data, and small cells hidden.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { hashPassword } from "~/modules/auth/password.server";
import { departmentDashboard } from "~/modules/analytics/department.server";
import { farmSalesDashboard, weeklyUnitsByProduct } from "~/modules/analytics/farm.server";
import { resolvePeriod } from "~/modules/analytics/schemas";
import { loader as salesLoader } from "~/routes/seller+/farms.$farmId_.sales";
import { loader as salesCsvLoader } from "~/routes/resources+/exports.farms.$farmId.sales[.csv]";
import { loader as departmentLoader } from "~/routes/department+/_index";
import { loader as departmentCsvLoader } from "~/routes/resources+/exports.department.$table";
import { action as loginAction } from "~/routes/_auth+/login";
import { createCategory, createFarm, createProduct, createSale, createUser, ensureProvince } from "../factories";
import { call, cookieFrom, formRequest, getRequest } from "./helpers";

const PASSWORD = "bang-theo-doi-2026";
const at = (iso: string) => new Date(iso);
let ipCounter = 10;

async function account(role: string, phone: string) {
  const user = await createUser(db, { role, phone, email: null, passwordHash: await hashPassword(PASSWORD) });
  const res = (await call(loginAction as never, formRequest("/login", { identifier: phone, password: PASSWORD }), `10.9.0.${ipCounter++}`)) as Response;
  return { user, cookie: cookieFrom(res) };
}

// Private data that must never reach the department's pages.
const SECRET = { buyerName: "Nguyễn Bí Mật", buyerPhone: "+84987654321", address: "99 Đường Riêng Tư, Xã Kín" };

let owner: Awaited<ReturnType<typeof account>>;
let otherOwner: Awaited<ReturnType<typeof account>>;
let officer: Awaited<ReturnType<typeof account>>;
let buyer: Awaited<ReturnType<typeof account>>;
let f1: { id: string };
let p1: { id: string };
let p2: { id: string };
const farms: Array<{ id: string }> = [];

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [
    { code: "77001", name: "Phường A", nameEn: "A" },
    { code: "77002", name: "Xã B", nameEn: "B" },
    { code: "77003", name: "Xã C", nameEn: "C" },
    { code: "77004", name: "Xã D", nameEn: "D" },
  ]);
  const fruit = await createCategory(db, { slug: "trai-cay", nameVi: "Trái cây", nameEn: "Fruit" });
  const mango = await createCategory(db, { slug: "xoai", nameVi: "Xoài", nameEn: "Mango", parentId: fruit.id });
  const veg = await createCategory(db, { slug: "rau-cu", nameVi: "Rau củ", nameEn: "Vegetables", sortOrder: 1 });
  [owner, otherOwner, officer, buyer] = [
    await account("FARMER", "+84941000001"),
    await account("FARMER", "+84941000002"),
    await account("OFFICER", "+84941000003"),
    await account("BUYER", "+84941000004"),
  ];
  const created = at("2025-01-01T00:00:00Z");
  // communes: A has F1–F3, B has F4–F6, C has F7, D has two farms that sell nothing
  const plan = [
    ["77001", owner.user.id], ["77001", otherOwner.user.id], ["77001"], ["77002"], ["77002"], ["77002"], ["77003"], ["77004"], ["77004"],
  ] as const;
  for (const [i, [commune, ownerId]] of plan.entries()) {
    const farm = await createFarm(db, { ownerId: ownerId ?? (await createUser(db, { role: "FARMER" })).id, communeCode: commune, provinceCode: "77", name: `Vườn số ${i + 1}`, createdAt: created });
    farms.push(farm);
  }
  f1 = farms[0];
  p1 = await createProduct(db, { farmId: f1.id, categoryId: mango.id, name: "Xoài cát", unit: "kg", priceVnd: 50_000, stockMilli: 10_000 });
  p2 = await createProduct(db, { farmId: f1.id, categoryId: veg.id, name: "Rau muống", unit: "bo", priceVnd: 10_000, stockMilli: 0 });
  const [x, y, z, w] = [await createUser(db), await createUser(db), await createUser(db), await createUser(db)];
  const sale = (createdAt: string, buyerId: string, lines: Array<[typeof p1, number, number]>, more: Record<string, string> = {}) =>
    createSale(db, { farmId: f1.id, createdAt: at(createdAt), buyerId, lines: lines.map(([p, priceVnd, quantityMilli]) => ({ productId: p.id, productName: p === p1 ? "Xoài cát" : "Rau muống", unit: p === p1 ? "kg" : "bo", priceVnd, quantityMilli })), ...more });

  // F1, around the period 2026-03-02 (Mon) … 2026-03-15 (Sun); local time = UTC+7
  await sale("2026-03-01T16:59:59Z", x.id, [[p1, 50_000, 2000]]); // Sun 1 Mar 23:59:59 local: previous period
  await sale("2026-03-01T17:00:00Z", x.id, [[p1, 50_000, 1500], [p2, 10_000, 3000]], { paymentMethod: "CARD" }); // Mon 2 Mar 00:00 local
  await sale("2026-03-08T16:30:00Z", y.id, [[p2, 10_000, 5000]], { status: "CONFIRMED" }); // Sun 8 Mar 23:30: week of 2 Mar
  await sale("2026-03-08T17:30:00Z", z.id, [[p1, 50_000, 1000]]); // Mon 9 Mar 00:30: week of 9 Mar
  await sale("2026-03-10T03:00:00Z", y.id, [[p1, 50_000, 4000]], { status: "CANCELLED" }); // not a sale
  await sale("2026-03-11T03:00:00Z", w.id, [[p1, 50_000, 4000]], { status: "AWAITING_PAYMENT" }); // not (yet) a sale
  await sale("2026-03-15T16:59:00Z", y.id, [[p2, 10_000, 2000]], { paymentMethod: "CARD" }); // Sun 15 Mar 23:59: last minute of the period
  await sale("2026-03-15T17:00:00Z", w.id, [[p1, 50_000, 1000]]); // Mon 16 Mar 00:00: after the period

  // April 2026, province-wide: one order per farm (F4 also sells vegetables), buyers' private data on every order
  const province = farms.slice(0, 7);
  for (const [i, farm] of province.entries()) {
    const product = i === 0 ? p1 : await createProduct(db, { farmId: farm.id, categoryId: mango.id, name: "Xoài cát", unit: "kg", priceVnd: 100_000 });
    const lines = [{ productId: product.id, productName: "Xoài cát", unit: "kg", priceVnd: 100_000, quantityMilli: (i + 1) * 1000 }];
    if (i === 3) {
      lines[0].quantityMilli = 3000;
      const greens = await createProduct(db, { farmId: farm.id, categoryId: veg.id, name: "Rau muống", unit: "bo", priceVnd: 10_000 });
      lines.push({ productId: greens.id, productName: "Rau muống", unit: "bo", priceVnd: 10_000, quantityMilli: 10_000 });
    }
    await createSale(db, { farmId: farm.id, createdAt: at(`2026-04-${String(10 + i).padStart(2, "0")}T03:00:00Z`), ...SECRET, fulfilment: "DELIVERY", paymentMethod: i % 2 ? "CARD" : "VIETQR", lines });
  }
  // certificates: F1–F3 hold a valid VietGAP, F4 an expired one, F5 an OCOP
  for (const farm of farms.slice(0, 3)) await db.certification.create({ data: { farmId: farm.id, kind: "VIETGAP", number: "VG-1", issuer: "TT", issuedAt: at("2025-01-01T00:00:00Z"), expiresAt: at("2027-01-01T00:00:00Z") } });
  await db.certification.create({ data: { farmId: farms[3].id, kind: "VIETGAP", number: "VG-2", issuer: "TT", issuedAt: at("2024-01-01T00:00:00Z"), expiresAt: at("2026-01-01T00:00:00Z") } });
  await db.certification.create({ data: { farmId: farms[4].id, kind: "OCOP", stars: 4, number: "OCOP-1", issuer: "UBND", issuedAt: at("2025-01-01T00:00:00Z"), expiresAt: null } });
});

const NOW = at("2026-03-18T05:00:00Z"); // Wednesday 18 March, noon local

describe(`farm sales dashboard (${process.env.TEST_DB_ENGINE})`, () => {
  it("adds up the farm's sales per local day, with the previous period and its changes", async () => {
    const d = (await farmSalesDashboard({ userId: owner.user.id, farmId: f1.id, period: { from: "2026-03-02", to: "2026-03-15", by: "day" }, now: NOW }))!;
    expect(d.previous).toEqual({ from: "2026-02-16", to: "2026-03-01" });
    expect(d.kpis.revenue).toEqual({ current: 225_000, previous: 100_000, deltaPercent: 125 });
    expect(d.kpis.orders).toEqual({ current: 4, previous: 1, deltaPercent: 300 });
    expect(d.kpis.averageOrderValue).toEqual({ current: 56_250, previous: 100_000, deltaPercent: -43.75 });
    expect(d.kpis.units).toEqual([
      { unit: "bo", current: 10_000, previous: 0, deltaPercent: null },
      { unit: "kg", current: 2500, previous: 2000, deltaPercent: 25 },
    ]);
    expect(d.kpis.buyers).toMatchObject({ current: 3, previous: 1 });
    expect(d.kpis.repeatBuyers).toMatchObject({ current: 2, previous: 0 }); // x (bought before), y (twice in the period)
    expect(d.payment).toEqual([
      { method: "VIETQR", revenue: 100_000, orders: 2, share: 100_000 / 225_000 },
      { method: "CARD", revenue: 125_000, orders: 2, share: 125_000 / 225_000 },
    ]);
    expect(d.series).toHaveLength(14);
    const nonZero = d.series.filter((r) => r.revenue || r.previousRevenue).map((r) => [r.bucket, r.revenue, r.orders, r.previousBucket, r.previousRevenue]);
    expect(nonZero).toEqual([
      ["2026-03-02", 105_000, 1, "2026-02-16", 0],
      ["2026-03-08", 50_000, 1, "2026-02-22", 0],
      ["2026-03-09", 50_000, 1, "2026-02-23", 0],
      ["2026-03-15", 20_000, 1, "2026-03-01", 100_000],
    ]);
    expect(d.topProducts).toEqual([
      { productId: p1.id, name: "Xoài cát", unit: "kg", quantityMilli: 2500, revenue: 125_000, orders: 2 },
      { productId: p2.id, name: "Rau muống", unit: "bo", quantityMilli: 10_000, revenue: 100_000, orders: 3 },
    ]);
  });

  it("buckets by Monday-first local weeks", async () => {
    const d = (await farmSalesDashboard({ userId: owner.user.id, farmId: f1.id, period: { from: "2026-03-02", to: "2026-03-15", by: "week" }, now: NOW }))!;
    expect(d.series.map((r) => [r.bucket, r.revenue, r.orders, r.previousBucket, r.previousRevenue])).toEqual([
      ["2026-03-02", 155_000, 2, "2026-02-16", 0],
      ["2026-03-09", 70_000, 2, "2026-02-23", 100_000],
    ]);
  });

  it("gives days of cover at the pace of the last 28 days, what runs out first first", async () => {
    const d = (await farmSalesDashboard({ userId: owner.user.id, farmId: f1.id, period: { from: "2026-03-02", to: "2026-03-15", by: "day" }, now: NOW }))!;
    // Rau muống: out of stock; Xoài cát: 10 kg left, 5.5 kg sold in the 28 days to now (2 + 1.5 + 1 + 1)
    expect(d.stock.map((s) => [s.name, s.stockMilli, s.daysOfCover, s.low])).toEqual([
      ["Rau muống", 0, 0, true],
      ["Xoài cát", 10_000, Math.floor((10_000 / (5500 / 28)) * 10) / 10, false],
    ]);
    expect(d.stock[1].runsOutOn).toBe("2026-05-07"); // 18 March + 50 days
  });

  it("gives the forecaster one number per complete local week, oldest first, zeros included", async () => {
    const w = await weeklyUnitsByProduct({ farmId: f1.id, weeks: 4, now: NOW });
    expect(w.weekStarts).toEqual(["2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"]);
    expect(w.products).toEqual([
      { productId: p2.id, name: "Rau muống", unit: "bo", status: "ACTIVE", units: [0, 0, 8, 2] },
      { productId: p1.id, name: "Xoài cát", unit: "kg", status: "ACTIVE", units: [0, 2, 1.5, 1] },
    ]);
    const withCurrent = await weeklyUnitsByProduct({ farmId: f1.id, weeks: 1, now: NOW, includeCurrentWeek: true });
    expect(withCurrent.weekStarts).toEqual(["2026-03-09", "2026-03-16"]);
    expect(withCurrent.products.find((p) => p.productId === p1.id)!.units).toEqual([1, 1]);
    expect(await weeklyUnitsByProduct({ farmId: f1.id, weeks: 4, now: NOW, userId: otherOwner.user.id })).toEqual({ weekStarts: w.weekStarts, products: [] });
  });

  it("shows a farm only to its members: another farm's id is 404, on the page and in the CSV", async () => {
    expect(await farmSalesDashboard({ userId: otherOwner.user.id, farmId: f1.id, period: resolvePeriod({}), now: NOW })).toBeNull();
    const page = (await call(salesLoader as never, getRequest(`/seller/farms/${f1.id}/sales`, otherOwner.cookie), undefined, { farmId: f1.id })) as Response;
    expect(page.status).toBe(404);
    const csv = (await call(salesCsvLoader as never, getRequest(`/resources/exports/farms/${f1.id}/sales.csv?from=2026-03-02&to=2026-03-15`, otherOwner.cookie), undefined, { farmId: f1.id })) as Response;
    expect(csv.status).toBe(404);
    const own = (await call(salesLoader as never, getRequest(`/seller/farms/${f1.id}/sales?from=2026-03-02&to=2026-03-15&by=week`, owner.cookie), undefined, { farmId: f1.id })) as any;
    expect(own.dashboard.kpis.revenue.current).toBe(225_000);
  });

  it("exports the farm's sold lines as UTF-8 CSV with a byte-order mark", async () => {
    const res = (await call(salesCsvLoader as never, getRequest(`/resources/exports/farms/${f1.id}/sales.csv?from=2026-03-02&to=2026-03-15`, owner.cookie), undefined, { farmId: f1.id })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = text.trim().split("\r\n");
    expect(rows[0]).toBe("Ngày giờ,Mã đơn,Trạng thái,Thanh toán,Nhận hàng,Sản phẩm,Đơn vị,Số lượng,Đơn giá (₫),Thành tiền (₫)");
    expect(rows).toHaveLength(1 + 5); // o2 (2 lines), o3, o4, o7
    expect(rows[1]).toMatch(/^2026-03-02 00:00,T-/); // local time
    expect(rows.slice(1).map((r) => r.split(",").slice(-5).join(","))).toEqual([
      "Xoài cát,kg,1.5,50000,75000",
      "Rau muống,bó,3,10000,30000",
      "Rau muống,bó,5,10000,50000",
      "Xoài cát,kg,1,50000,50000",
      "Rau muống,bó,2,10000,20000",
    ]);
  });

  it("refuses buyers (403) on both dashboards and both exports", async () => {
    const paths: Array<[unknown, string, Record<string, string>]> = [
      [salesLoader, `/seller/farms/${f1.id}/sales`, { farmId: f1.id }],
      [salesCsvLoader, `/resources/exports/farms/${f1.id}/sales.csv`, { farmId: f1.id }],
      [departmentLoader, "/department", {}],
      [departmentCsvLoader, "/resources/exports/department/communes.csv", { table: "communes.csv" }],
    ];
    for (const [loader, path, params] of paths) {
      const res = (await call(loader as never, getRequest(path, buyer.cookie), undefined, params)) as Response;
      expect(res.status, path).toBe(403);
    }
    // a farmer is not an officer either
    expect(((await call(departmentLoader as never, getRequest("/department", owner.cookie))) as Response).status).toBe(403);
  });
});

describe(`department dashboard (${process.env.TEST_DB_ENGINE})`, () => {
  const april = { from: "2026-04-01", to: "2026-04-30", by: "week" as const };

  it("adds up the province, hides communes of fewer than 3 farms and one more so they cannot be worked out", async () => {
    const d = await departmentDashboard({ period: april, filters: {}, target: 7000 });
    // sales: F1 100k, F2 200k, F3 300k (A: 600k) · F4 300k + 100k, F5 500k, F6 600k (B: 1,500k) · F7 700k (C)
    expect(d.sales).toMatchObject({ visible: true, revenue: 2_800_000, orders: 7, averageOrder: 400_000, cashlessShare: 1, cardShare: (200_000 + 400_000 + 600_000) / 2_800_000 });
    expect(d.households).toMatchObject({ registered: 9, active: 7, target: 7000, activeShareOfTarget: 7 / 7000 });
    const communes = Object.fromEntries(d.communes.rows.map((r) => [r.name, [r.registered, r.active, r.revenue, r.orders]]));
    expect(communes).toEqual({
      "Xã B": [3, 3, 1_500_000, 3],
      "Phường A": [3, null, null, null], // complementary: otherwise 2,800k − 1,500k = C + A, and A alone… hidden too
      "Xã C": [1, null, null, null], // one farm
      "Xã D": [2, null, null, null], // two farms that sold nothing
    });
    expect(d.communes.rows[0].name).toBe("Xã B"); // ranked; hidden rows after, by name
    // the published commune figures do not give the hidden ones: total − published = A + C together
    const published = d.communes.rows.reduce((s, r) => s + (r.revenue ?? 0), 0);
    expect(d.sales.revenue! - published).toBe(1_300_000);
  });

  it("hides a category sold by one farm and its complement; certificates only where both halves have 3 farms", async () => {
    const d = await departmentDashboard({ period: april, filters: {}, target: 7000 });
    expect(d.categories.rows.map((r) => [r.slug, r.revenue])).toEqual([
      ["trai-cay", null], // complement of the hidden vegetables (otherwise total − fruit = one farm's greens)
      ["rau-cu", null],
    ]);
    const certs = Object.fromEntries(d.certifications.rows.map((r) => [r.kind, [r.holders, r.revenue, r.share]]));
    expect(certs.VIETGAP).toEqual([3, 600_000, 600_000 / 2_800_000]); // F4's expired VietGAP does not count
    expect(certs.OCOP).toEqual([1, null, null]);
  });

  it("lists top produce sold by 3+ farms only", async () => {
    const d = await departmentDashboard({ period: april, filters: {}, target: 7000 });
    expect(d.products.rows).toEqual([{ name: "Xoài cát", unit: "kg", revenue: 2_700_000, quantityMilli: 27_000, orders: 7, farms: 7 }]);
  });

  it("hides a filtered view whose row is hidden in its table (commune A, hidden only as a complement)", async () => {
    const a = await departmentDashboard({ period: april, filters: { commune: "77001" }, target: 7000 });
    expect(a.sales).toMatchObject({ visible: false, revenue: null, orders: null, weekOverWeek: null });
    expect(a.series.rows.every((r) => r.revenue === null)).toBe(true);
    expect(a.products.rows).toEqual([]);
    expect(a.categories.rows.every((r) => r.revenue === null)).toBe(true);
    const b = await departmentDashboard({ period: april, filters: { commune: "77002" }, target: 7000 });
    expect(b.sales).toMatchObject({ visible: true, revenue: 1_500_000, orders: 3 });
  });

  it("buckets the province series by local week", async () => {
    const d = await departmentDashboard({ period: april, filters: {}, target: 7000 });
    // weeks of 30 Mar, 6, 13, 20, 27 Apr; sales on 10–16 April (one farm each day)
    expect(d.series.rows.map((r) => r.bucket)).toEqual(["2026-03-30", "2026-04-06", "2026-04-13", "2026-04-20", "2026-04-27"]);
    // week of 6 Apr: F1–F3 (10–12 Apr) = 600k; week of 13 Apr: F4–F7 (13–16 Apr) = 2,200k; both 3+ farms
    expect(d.series.rows.map((r) => r.revenue)).toEqual([0, 600_000, 2_200_000, 0, 0]);
  });

  it("sends no buyer name, phone or address to the page, and exports the same hidden cells", async () => {
    const data = await call(departmentLoader as never, getRequest("/department?from=2026-04-01&to=2026-04-30&by=week", officer.cookie));
    const json = JSON.stringify(data);
    expect(json).toContain("1500000"); // it is the dashboard…
    for (const secret of [SECRET.buyerName, SECRET.buyerPhone, "987654321", SECRET.address, "Riêng Tư"]) expect(json).not.toContain(secret);

    const res = (await call(departmentCsvLoader as never, getRequest("/resources/exports/department/communes.csv?from=2026-04-01&to=2026-04-30", officer.cookie), undefined, { table: "communes.csv" })) as Response;
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = new TextDecoder().decode(bytes.slice(3)).trim().split("\r\n");
    expect(rows[0]).toBe("Hạng,Xã/phường,Đăng ký,Hoạt động,Doanh số (₫),Số đơn,Tỷ trọng (%)");
    expect(rows.slice(1)).toEqual(["1,Xã B,3,3,1500000,3,53.6", "—,Phường A,3,—,—,—,—", "—,Xã C,1,—,—,—,—", "—,Xã D,2,—,—,—,—"]);
    for (const secret of [SECRET.buyerName, SECRET.buyerPhone]) expect(rows.join("\n")).not.toContain(secret);

    const missing = (await call(departmentCsvLoader as never, getRequest("/resources/exports/department/buyers.csv", officer.cookie), undefined, { table: "buyers.csv" })) as Response;
    expect(missing.status).toBe(404);
  });
});
