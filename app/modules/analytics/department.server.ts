// The agriculture department's province dashboard (issue 5): households against the target, sales,
// cashless share, growth, breakdowns by commune, category and certificate, top products, new farms.
// Aggregates only: no query here reads a buyer's name, phone or address, and no farm's name.
// Every sales figure goes through small-cell suppression (suppression.ts, ADR 010) before it leaves
// this module, so the page, its loader data and the CSV exports all carry the same hidden cells.
//
// Differencing: each breakdown table is computed under every filter except its own dimension (the
// commune table ignores the commune filter, and so on), so a filtered view's figures are a row of
// each table whose dimension is filtered. The view is shown only if that row is published there
// (after complementary suppression); a table is shown only if the rows of the *other* filtered
// dimensions are published. Otherwise a complement-suppressed commune could be read off as the
// "filtered by that commune" view, or as the sum of its categories.
//
// Speed (ADR 010, bench:analytics): a handful of passes over the period's sold farm orders, each
// grouped in the database — per farm first (then communes and certificates from those ≤ one row
// per farm), per product for the line-level tables — on covering indexes.
import { cached, ttlFromEnv } from "~/utils/cache.server";
import { db } from "~/utils/db.server";
import { DEFAULT_PROVINCE } from "~/modules/farms/farms.server";
import { CERT_KINDS } from "~/modules/farms/schemas";
import type { DepartmentFilters, Period } from "./schemas";
import { CASHLESS_SQL, localBucket, num, Params, SOLD_SQL } from "./sql.server";
import { guard, isSmallCell, MIN_FARMS, suppressPartition } from "./suppression";
import { addDays, addMonths, bucketsOf, dayStart, deltaPercent, monthStart, previousRange, rangeInstants, yearEarlier, type DayRange } from "./time";

/** "Active" households sold something in the ACTIVE_DAYS days up to the end of the period. */
export const ACTIVE_DAYS = 30;
const TOP_PRODUCTS = 10;
type CertKind = (typeof CERT_KINDS)[number];

/** A typed NULL for UNION arms (PostgreSQL will not match an untyped NULL with a number). */
const NULLNUM = "CAST(NULL AS NUMERIC)";

/** What the SQL filters on: an instant window plus the dimensions in force. */
type Scope = { start: Date; end: Date; commune?: string; categoryId?: string; cert?: CertKind; certAt: Date };
type Dim = "commune" | "category" | "cert";
type Totals = { revenue: number; orders: number; farms: number; card: number; cashless: number };

const certValid = (q: Params, kind: CertKind | null, at: Date, farmCol: string) =>
  `EXISTS (SELECT 1 FROM "Certification" ce WHERE ce."farmId" = ${farmCol}${kind ? ` AND ce."kind" = ${q.p(kind)}` : ""} AND (ce."expiresAt" IS NULL OR ce."expiresAt" > ${q.p(at)}) AND (ce."issuedAt" IS NULL OR ce."issuedAt" <= ${q.p(at)}))`;

/**
 * The farms of a commune and/or holding a certificate, as a semi-join. Without those filters there
 * is none: every farm is in the province the marketplace serves (DEFAULT_PROVINCE; onboarding offers
 * only its communes), and a farm subquery would tempt SQLite into walking the orders farm by farm
 * instead of along the date index.
 */
const farmsIn = (q: Params, scope: Scope) =>
  scope.commune || scope.cert
    ? `AND fo."farmId" IN (SELECT f."id" FROM "Farm" f WHERE f."provinceCode" = ${q.p(DEFAULT_PROVINCE)}${scope.commune ? ` AND f."communeCode" = ${q.p(scope.commune)}` : ""}${scope.cert ? ` AND ${certValid(q, scope.cert, scope.certAt, `f."id"`)}` : ""})`
    : "";

/**
 * FROM/WHERE of the sold farm orders in scope, along the (status, createdAt, …) covering index.
 * `lines`: one row per order line ("plain"), also with its product and category ("categorised",
 * forced by a category filter); `amount` is then the line's total.
 */
function sold(q: Params, scope: Scope, lines: false | "plain" | "categorised" = false): { from: string; amount: string; orders: string } {
  const mode = scope.categoryId ? "categorised" : lines;
  const from = [
    `FROM "FarmOrder" fo`,
    mode ? `JOIN "OrderLine" l ON l."farmOrderId" = fo."id"` : "",
    mode === "categorised" ? `JOIN "Product" p ON p."id" = l."productId" JOIN "Category" c ON c."id" = p."categoryId"` : "",
    `WHERE fo."status" IN ${SOLD_SQL} AND fo."createdAt" >= ${q.p(scope.start)} AND fo."createdAt" < ${q.p(scope.end)} ${farmsIn(q, scope)}`,
    scope.categoryId ? `AND COALESCE(c."parentId", c."id") = ${q.p(scope.categoryId)}` : "",
  ].join(" ");
  return { from, amount: mode ? `l."lineTotalVnd"` : `fo."subtotalVnd"`, orders: mode ? `COUNT(DISTINCT fo."id")` : "COUNT(*)" };
}

/** Farms registered (ACTIVE) before `end`, in scope (a category: farms listing products in it). */
function farmsWhere(q: Params, scope: Omit<Scope, "start">): string {
  return [
    `f."status" = 'ACTIVE' AND f."provinceCode" = ${q.p(DEFAULT_PROVINCE)} AND f."createdAt" < ${q.p(scope.end)}`,
    scope.commune ? `AND f."communeCode" = ${q.p(scope.commune)}` : "",
    scope.categoryId
      ? `AND EXISTS (SELECT 1 FROM "Product" p JOIN "Category" c ON c."id" = p."categoryId" WHERE p."farmId" = f."id" AND COALESCE(c."parentId", c."id") = ${q.p(scope.categoryId)})`
      : "",
    scope.cert ? `AND ${certValid(q, scope.cert, scope.certAt, `f."id"`)}` : "",
  ].join(" ");
}

async function totals(scope: Scope): Promise<Totals> {
  const q = new Params();
  const s = (() => {
    const m = sold(q, scope);
    return `SELECT SUM(${m.amount}) AS revenue, ${m.orders} AS orders, COUNT(DISTINCT fo."farmId") AS farms,
              SUM(CASE WHEN fo."paymentMethod" = 'CARD' THEN ${m.amount} ELSE 0 END) AS card,
              SUM(CASE WHEN fo."paymentMethod" IN ${CASHLESS_SQL} THEN ${m.amount} ELSE 0 END) AS cashless ${m.from}`;
  })();
  const [r] = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(s, ...q.args);
  return { revenue: num(r?.revenue), orders: num(r?.orders), farms: num(r?.farms), card: num(r?.card), cashless: num(r?.cashless) };
}

const without = (scope: Scope, dim: Dim): Scope => ({ ...scope, [dim === "category" ? "categoryId" : dim]: undefined });

/**
 * The province dashboard. At 1,000,000 order lines one computation takes about a second
 * (bench:analytics), so results are kept per period and filters for DEPARTMENT_CACHE_MS (default
 * 5 minutes): the department reads trends, not the last order. The page says when it was computed.
 */
export function departmentDashboard(args: { period: Period; filters: DepartmentFilters; target: number }) {
  return cached(
    `department:${JSON.stringify(args)}`,
    async () => ({ ...(await computeDepartmentDashboard(args)), computedAt: new Date() }),
    ttlFromEnv("DEPARTMENT_CACHE_MS", 5 * 60_000),
    { versioned: false },
  );
}

async function computeDepartmentDashboard({ period, filters, target }: { period: Period; filters: DepartmentFilters; target: number }) {
  const [communes, categories] = await Promise.all([
    db.adminUnit.findMany({ where: { parentCode: DEFAULT_PROVINCE, level: "COMMUNE" }, select: { code: true, name: true }, orderBy: { name: "asc" } }),
    db.category.findMany({ where: { parentId: null }, select: { id: true, slug: true, nameVi: true, nameEn: true }, orderBy: { sortOrder: "asc" } }),
  ]);
  const category = filters.category ? categories.find((c) => c.slug === filters.category) : undefined;
  const commune = filters.commune && communes.some((c) => c.code === filters.commune) ? filters.commune : undefined;
  const applied: DepartmentFilters = { commune, category: category?.slug, cert: filters.cert };
  const active: Dim[] = [...(commune ? ["commune" as const] : []), ...(category ? ["category" as const] : []), ...(filters.cert ? ["cert" as const] : [])];

  const { start, end } = rangeInstants(period);
  const scope: Scope = { start, end, commune, categoryId: category?.id, cert: filters.cert, certAt: end };
  const activeStart = new Date(end.getTime() - ACTIVE_DAYS * 86_400_000);
  const lastWeek: DayRange = { from: addDays(period.to, -6), to: period.to };
  const scopeOf = (r: DayRange): Scope => ({ ...scope, ...rangeInstants(r) });

  // Sequential on purpose: SQLite has one connection, and PostgreSQL gains little here.
  const perFarm = await communesAndCertificates(scope, communes);
  const activeByCommune = activeStart.getTime() === start.getTime() ? perFarm.sellingByCommune : await sellingFarmsByCommune({ ...without(scope, "commune"), start: activeStart });
  const series = await salesSeries(scope, period);
  const lines = await lineBreakdowns(scope, categories);
  const [wowCur, wowPrev, yoy] = [await totals(scopeOf(lastWeek)), await totals(scopeOf(previousRange(lastWeek))), await totals(scopeOf(yearEarlier(period)))];
  const counts = await farmCounts(scope);
  const newFarms = await newFarmsByMonth(scope, period);

  const communeTable = communeRows(perFarm.byCommune, activeByCommune, counts.registeredByCommune, communes);
  const certTable = certRows(perFarm.certs, counts.holders);
  const categoryTable = categoryRows(lines.categories, lines.categoryTotalFarms, counts.listingByCategory, categories);

  // The view's own figures are one row of the commune table (farms are in one commune each).
  const headline: Totals = commune
    ? perFarm.byCommune.get(commune) ?? { revenue: 0, orders: 0, farms: 0, card: 0, cashless: 0 }
    : [...perFarm.byCommune.values()].reduce((t, r) => ({ revenue: t.revenue + r.revenue, orders: t.orders + r.orders, farms: t.farms + r.farms, card: t.card + r.card, cashless: t.cashless + r.cashless }), { revenue: 0, orders: 0, farms: 0, card: 0, cashless: 0 });
  const activeCount = commune ? activeByCommune.get(commune) ?? 0 : [...activeByCommune.values()].reduce((a, b) => a + b, 0);

  // Rows of the filtered dimensions, each published in its own table?
  const rowOk: Record<Dim, boolean> = {
    commune: !commune || (!communeTable.totalHidden && communeTable.rows.some((r) => r.code === commune && r.revenue !== null)),
    category: !category || (!categoryTable.totalHidden && categoryTable.rows.some((r) => r.id === category.id && r.revenue !== null)),
    cert: !filters.cert || certTable.rows.some((r) => r.kind === filters.cert && r.revenue !== null),
  };
  const tableVisible = (dim: Dim) => active.filter((d) => d !== dim).every((d) => rowOk[d]);
  const viewVisible = active.every((d) => rowOk[d]) && !isSmallCell(headline.farms);
  const activeCell = commune ? communeTable.rows.find((r) => r.code === commune)?.active ?? null : isSmallCell(activeCount) ? null : activeCount;

  const seriesCut = suppressPartition(series.map((r) => ({ value: r.revenue, farms: r.farms })), { disjoint: false, totalFarms: headline.farms });
  const pct = (a: Totals, b: Totals) => (viewVisible && !isSmallCell(a.farms) && !isSmallCell(b.farms) ? deltaPercent(a.revenue, b.revenue) : null);
  const products = viewVisible ? await safeTopProducts(scope, lines) : [];

  return {
    period,
    filters: applied,
    options: { communes, categories: categories.map(({ slug, nameVi, nameEn }) => ({ slug, nameVi, nameEn })), certs: CERT_KINDS },
    households: {
      registered: counts.registered,
      productsOnSale: counts.products,
      active: activeCell,
      target,
      activeShareOfTarget: activeCell === null ? null : activeCell / target,
      activeDays: ACTIVE_DAYS,
    },
    sales: {
      visible: viewVisible,
      revenue: guard(headline.revenue, !viewVisible),
      orders: guard(headline.orders, !viewVisible),
      averageOrder: viewVisible && headline.orders ? Math.round(headline.revenue / headline.orders) : null,
      cashlessShare: viewVisible && headline.revenue ? headline.cashless / headline.revenue : null,
      cardShare: viewVisible && headline.revenue ? headline.card / headline.revenue : null,
      weekOverWeek: pct(wowCur, wowPrev),
      yearOverYear: pct(headline, yoy),
    },
    series: {
      visible: viewVisible && !seriesCut.totalHidden,
      by: period.by,
      rows: series.map((r, i) => {
        const hidden = !viewVisible || seriesCut.totalHidden || !!seriesCut.hidden[i];
        return { bucket: r.bucket, revenue: guard(r.revenue, hidden), orders: guard(r.orders, hidden) };
      }),
    },
    communes: { visible: tableVisible("commune") && !communeTable.totalHidden, rows: tableVisible("commune") ? communeTable.rows : communeTable.rows.map(hideSales) },
    categories: {
      visible: tableVisible("category") && !categoryTable.totalHidden,
      rows: categoryTable.rows.map(({ id: _id, ...r }) => (tableVisible("category") ? r : hideSales(r))),
    },
    certifications: { visible: tableVisible("cert"), rows: tableVisible("cert") ? certTable.rows : certTable.rows.map(hideSales) },
    products: { visible: viewVisible, rows: products },
    newFarms,
  };
}
export type DepartmentDashboard = Awaited<ReturnType<typeof departmentDashboard>>;

/** A table shown with its sales figures blanked (its rows' names and farm counts stay). */
function hideSales<T extends object>(row: T): T {
  const blank = Object.fromEntries(["revenue", "orders", "share", "active"].filter((k) => k in row).map((k) => [k, null]));
  return { ...row, ...blank } as T;
}

/**
 * One pass, grouped per farm in the database (≤ one row per farm), then per commune (the commune
 * table, scope without the commune filter) and per certificate (scope without the certificate
 * filter): each is computed from the per-farm rows with the other filter applied.
 */
async function communesAndCertificates(scope: Scope, communes: Array<{ code: string }>) {
  const base: Scope = { ...scope, commune: undefined, cert: undefined };
  const q = new Params();
  const flags = (q2: Params) => CERT_KINDS.map((k) => `CASE WHEN ${certValid(q2, k, scope.certAt, `f."id"`)} THEN 1 ELSE 0 END AS k_${k.toLowerCase()}`).join(", ");
  const sql = (() => {
    const m = sold(q, base);
    const head = `WITH s AS MATERIALIZED (
        SELECT fo."farmId" AS farm_id, SUM(${m.amount}) AS revenue, ${m.orders} AS orders,
               SUM(CASE WHEN fo."paymentMethod" = 'CARD' THEN ${m.amount} ELSE 0 END) AS card,
               SUM(CASE WHEN fo."paymentMethod" IN ${CASHLESS_SQL} THEN ${m.amount} ELSE 0 END) AS cashless
        ${m.from} GROUP BY fo."farmId"),
      t AS MATERIALIZED (SELECT s.*, f."communeCode" AS code, ${flags(q)} FROM s JOIN "Farm" f ON f."id" = s.farm_id)`;
    const certFilter = scope.cert ? `WHERE k_${scope.cert.toLowerCase()} = 1` : "";
    const communeFilter = scope.commune ? `WHERE code = ${q.p(scope.commune)}` : "";
    const certArms = CERT_KINDS.map((k) => `SUM(CASE WHEN k_${k.toLowerCase()} = 1 THEN revenue ELSE 0 END) AS r_${k.toLowerCase()}, SUM(k_${k.toLowerCase()}) AS f_${k.toLowerCase()}`).join(", ");
    return `${head}
      SELECT 'commune' AS kind, code, SUM(revenue) AS revenue, SUM(orders) AS orders, COUNT(*) AS farms, SUM(card) AS card, SUM(cashless) AS cashless,
             ${CERT_KINDS.map((k) => `${NULLNUM} AS r_${k.toLowerCase()}, ${NULLNUM} AS f_${k.toLowerCase()}`).join(", ")}
      FROM t ${certFilter} GROUP BY code
      UNION ALL
      SELECT 'certs', NULL, SUM(revenue), SUM(orders), COUNT(*), ${NULLNUM}, ${NULLNUM}, ${certArms} FROM t ${communeFilter}`;
  })();
  const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...q.args);
  const byCommune = new Map<string, Totals>();
  for (const r of rows.filter((x) => x.kind === "commune")) {
    byCommune.set(String(r.code), { revenue: num(r.revenue), orders: num(r.orders), farms: num(r.farms), card: num(r.card), cashless: num(r.cashless) });
  }
  for (const c of communes) if (!byCommune.has(c.code)) byCommune.set(c.code, { revenue: 0, orders: 0, farms: 0, card: 0, cashless: 0 });
  const c = rows.find((x) => x.kind === "certs");
  const certs = {
    total: num(c?.revenue),
    farms: num(c?.farms),
    kinds: Object.fromEntries(CERT_KINDS.map((k) => [k, { revenue: num(c?.[`r_${k.toLowerCase()}`]), farms: num(c?.[`f_${k.toLowerCase()}`]) }])) as Record<CertKind, { revenue: number; farms: number }>,
  };
  return { byCommune, certs, sellingByCommune: new Map([...byCommune].map(([code, t]) => [code, t.farms])) };
}

/** Farms with at least one sale in scope, per commune (the "active" column when its window differs). */
async function sellingFarmsByCommune(scope: Scope): Promise<Map<string, number>> {
  const q = new Params();
  const sql = (() => {
    const m = sold(q, scope);
    return `SELECT f."communeCode" AS code, COUNT(*) AS farms FROM (SELECT DISTINCT fo."farmId" AS farm_id ${m.from}) s JOIN "Farm" f ON f."id" = s.farm_id GROUP BY 1`;
  })();
  const rows = await db.$queryRawUnsafe<Array<{ code: string; farms: unknown }>>(sql, ...q.args);
  return new Map(rows.map((r) => [r.code, num(r.farms)]));
}

async function salesSeries(scope: Scope, period: Period) {
  const q = new Params();
  const sql = (() => {
    const m = sold(q, scope);
    // per bucket and farm first, then per bucket: hash aggregation instead of a DISTINCT sort
    return `SELECT b, SUM(revenue) AS revenue, SUM(orders) AS orders, COUNT(*) AS farms FROM (
              SELECT ${localBucket(`fo."createdAt"`, period.by)} AS b, fo."farmId" AS farm_id, SUM(${m.amount}) AS revenue, ${m.orders} AS orders ${m.from} GROUP BY 1, 2
            ) bf GROUP BY b`;
  })();
  const rows = await db.$queryRawUnsafe<Array<{ b: string; revenue: unknown; orders: unknown; farms: unknown }>>(sql, ...q.args);
  const byBucket = new Map(rows.map((r) => [r.b, r]));
  return bucketsOf(period, period.by).map((bucket) => {
    const r = byBucket.get(bucket);
    return { bucket, revenue: num(r?.revenue), orders: num(r?.orders), farms: num(r?.farms) };
  });
}

type ProductRow = { cat: string; name: string; unit: string; revenue: number; quantityMilli: number; orders: number; farms: number };

/**
 * One pass over the period's order lines, grouped per product in the database, then per top-level
 * category (scope without the category filter), per product name and unit across farms (the best
 * sellers among those sold by MIN_FARMS+ farms), and — for the check in safeTopProducts — how many
 * farms sold, in each category, something that is not listed. A product belongs to one farm and
 * appears once per order, so farm and order counts need no DISTINCT over lines.
 */
async function lineBreakdowns(scope: Scope, categories: Array<{ id: string }>) {
  const q = new Params();
  const sql = (() => {
    const m = sold(q, { ...scope, categoryId: undefined }, "plain");
    const inCategory = scope.categoryId ? `WHERE cat = ${q.p(scope.categoryId)}` : "";
    const inCategoryY = scope.categoryId ? `AND y.cat = ${q.p(scope.categoryId)}` : "";
    return `WITH x AS MATERIALIZED (SELECT l."productId" AS pid, SUM(l."lineTotalVnd") AS revenue, SUM(l."quantityMilli") AS qty, COUNT(*) AS n ${m.from} GROUP BY l."productId"),
      y AS MATERIALIZED (SELECT COALESCE(c."parentId", c."id") AS cat, p."name" AS name, p."unit" AS unit, p."farmId" AS farm_id, x.revenue, x.qty, x.n
                         FROM x JOIN "Product" p ON p."id" = x.pid JOIN "Category" c ON c."id" = p."categoryId"),
      cf AS MATERIALIZED (SELECT cat, farm_id, SUM(revenue) AS revenue FROM y GROUP BY cat, farm_id),
      z AS MATERIALIZED (SELECT cat, name, unit, SUM(revenue) AS revenue, SUM(qty) AS qty, SUM(n) AS n, COUNT(*) AS farms
                         FROM (SELECT cat, name, unit, farm_id, SUM(revenue) AS revenue, SUM(qty) AS qty, SUM(n) AS n FROM y ${inCategory} GROUP BY cat, name, unit, farm_id) pf
                         GROUP BY cat, name, unit),
      top AS MATERIALIZED (SELECT cat, name, unit FROM z WHERE farms >= ${MIN_FARMS} ORDER BY revenue DESC, name LIMIT ${TOP_PRODUCTS})
      SELECT 'category' AS kind, cat, NULL AS name, NULL AS unit, SUM(revenue) AS revenue, ${NULLNUM} AS qty, ${NULLNUM} AS n, COUNT(*) AS farms FROM cf GROUP BY cat
      UNION ALL
      SELECT 'total', NULL, NULL, NULL, SUM(revenue), ${NULLNUM}, ${NULLNUM}, COUNT(*) FROM (SELECT farm_id, SUM(revenue) AS revenue FROM cf GROUP BY farm_id) tf
      UNION ALL
      SELECT 'product', z.cat, z.name, z.unit, z.revenue, z.qty, z.n, z.farms FROM z JOIN top ON top.cat = z.cat AND top.name = z.name AND top.unit = z.unit
      UNION ALL
      SELECT 'rest', cat, NULL, NULL, ${NULLNUM}, ${NULLNUM}, ${NULLNUM}, COUNT(*) FROM (
        SELECT y.cat AS cat, y.farm_id AS farm_id FROM y LEFT JOIN top ON top.cat = y.cat AND top.name = y.name AND top.unit = y.unit
        WHERE top.cat IS NULL ${inCategoryY} GROUP BY y.cat, y.farm_id) rf
      GROUP BY cat`;
  })();
  const rows = await db.$queryRawUnsafe<Array<{ kind: string; cat: string | null; name: string | null; unit: string | null; revenue: unknown; qty: unknown; n: unknown; farms: unknown }>>(sql, ...q.args);
  const categoryRows = new Map(categories.map((c) => [c.id, { revenue: 0, farms: 0 }]));
  for (const r of rows.filter((x) => x.kind === "category")) categoryRows.set(r.cat!, { revenue: num(r.revenue), farms: num(r.farms) });
  const products: ProductRow[] = rows
    .filter((x) => x.kind === "product")
    .map((r) => ({ cat: r.cat!, name: r.name!, unit: r.unit!, revenue: num(r.revenue), quantityMilli: num(r.qty), orders: num(r.n), farms: num(r.farms) }))
    .sort((a, b) => b.revenue - a.revenue || a.name.localeCompare(b.name, "vi"));
  return {
    categories: categoryRows,
    categoryTotalFarms: num(rows.find((x) => x.kind === "total")?.farms),
    products,
    restFarms: new Map(rows.filter((x) => x.kind === "rest").map((r) => [r.cat!, num(r.farms)])),
  };
}

/**
 * Per category, what is left unlisted must come from 0 or MIN_FARMS+ farms — otherwise "category
 * total − listed products" would be one or two farms' sales. Else the category's smallest listed
 * product is dropped and the rest counted again (rare: a category almost always has many farms'
 * unlisted products).
 */
async function safeTopProducts(scope: Scope, lines: Awaited<ReturnType<typeof lineBreakdowns>>) {
  let listed = lines.products;
  let rest = lines.restFarms;
  for (let round = 0; round < TOP_PRODUCTS && listed.length; round++) {
    const drop = [...listed].reverse().find((x) => isSmallCell(rest.get(x.cat) ?? 0));
    if (!drop) break;
    listed = listed.filter((x) => x !== drop);
    if (listed.length === 0) break;
    const q = new Params();
    const sql = (() => {
      const m = sold(q, scope, "categorised");
      const notListed = listed.map((x) => `(COALESCE(c."parentId", c."id") = ${q.p(x.cat)} AND p."name" = ${q.p(x.name)} AND p."unit" = ${q.p(x.unit)})`).join(" OR ");
      return `SELECT COALESCE(c."parentId", c."id") AS cat, COUNT(DISTINCT fo."farmId") AS farms ${m.from} AND NOT (${notListed}) GROUP BY 1`;
    })();
    rest = new Map((await db.$queryRawUnsafe<Array<{ cat: string; farms: unknown }>>(sql, ...q.args)).map((r) => [r.cat, num(r.farms)]));
  }
  return listed.map(({ cat: _cat, ...x }) => x);
}

function communeRows(byCommune: Map<string, Totals>, active: Map<string, number>, registered: Map<string, number>, communes: Array<{ code: string; name: string }>) {
  const rows = communes.map((c) => ({ ...c, registered: registered.get(c.code) ?? 0, active: active.get(c.code) ?? 0, ...byCommune.get(c.code)! }));
  const totalRevenue = rows.reduce((t, x) => t + x.revenue, 0);
  const totalFarms = rows.reduce((t, x) => t + x.farms, 0); // disjoint: a farm is in one commune
  const salesCut = suppressPartition(rows.map((x) => ({ value: x.revenue, farms: x.farms, population: x.registered })), { disjoint: true, totalFarms });
  const activeCut = suppressPartition(rows.map((x) => ({ value: x.active, farms: x.active, population: x.registered })), { disjoint: true, totalFarms: rows.reduce((t, x) => t + x.active, 0) });
  const published = rows.map((x, i) => ({
    code: x.code,
    name: x.name,
    registered: x.registered,
    active: guard(x.active, !!activeCut.hidden[i] || activeCut.totalHidden),
    revenue: guard(x.revenue, !!salesCut.hidden[i]),
    orders: guard(x.orders, !!salesCut.hidden[i]),
    share: salesCut.hidden[i] || !totalRevenue ? null : x.revenue / totalRevenue,
  }));
  // Ranked by sales; hidden rows last, alphabetically, so that their place does not hint at their size.
  published.sort((x, y) => {
    if ((x.revenue === null) !== (y.revenue === null)) return x.revenue === null ? 1 : -1;
    if (x.revenue === null) return x.name.localeCompare(y.name, "vi");
    return y.revenue! - x.revenue! || y.registered - x.registered || x.name.localeCompare(y.name, "vi");
  });
  return { rows: published, totalHidden: salesCut.totalHidden };
}

function categoryRows(
  sales: Map<string, { revenue: number; farms: number }>,
  totalFarms: number,
  listing: Map<string, number>,
  categories: Array<{ id: string; slug: string; nameVi: string; nameEn: string }>,
) {
  const rows = categories.map((c) => ({ ...c, ...(sales.get(c.id) ?? { revenue: 0, farms: 0 }), population: listing.get(c.id) ?? 0 }));
  const totalRevenue = rows.reduce((t, x) => t + x.revenue, 0);
  const cut = suppressPartition(rows.map((x) => ({ value: x.revenue, farms: x.farms, population: x.population })), { disjoint: false, totalFarms });
  const published = rows.map((x, i) => ({
    id: x.id,
    slug: x.slug,
    nameVi: x.nameVi,
    nameEn: x.nameEn,
    revenue: guard(x.revenue, !!cut.hidden[i]),
    share: cut.hidden[i] || !totalRevenue ? null : x.revenue / totalRevenue,
  }));
  published.sort((x, y) => (x.revenue === null ? 1 : 0) - (y.revenue === null ? 1 : 0) || (y.revenue ?? 0) - (x.revenue ?? 0));
  return { rows: published, totalHidden: cut.totalHidden };
}

/**
 * For each certificate kind: the sales of farms holding a valid one at the end of the period, and
 * their share. Each kind splits the total in two (holders / the rest), so both halves must pass the
 * rule, or the hidden half is the total minus the other.
 */
function certRows(split: { total: number; farms: number; kinds: Record<CertKind, { revenue: number; farms: number }> }, holders: Map<string, number>) {
  return {
    rows: CERT_KINDS.map((kind) => {
      const { revenue, farms } = split.kinds[kind];
      const holding = holders.get(kind) ?? 0;
      const cut = suppressPartition(
        [
          { value: revenue, farms, population: holding },
          { value: split.total - revenue, farms: split.farms - farms },
        ],
        { disjoint: true, totalFarms: split.farms },
      );
      const hidden = !!cut.hidden[0] || !!cut.hidden[1] || cut.totalHidden;
      return { kind, holders: holding, revenue: guard(revenue, hidden), share: hidden || !split.total ? null : revenue / split.total };
    }),
  };
}

/** Counts of farms and products (registrations, public on the storefront; no sales). */
async function farmCounts(scope: Scope) {
  const r = new Params();
  const registered = await db.$queryRawUnsafe<Array<{ code: string; farms: unknown }>>(
    `SELECT f."communeCode" AS code, COUNT(*) AS farms FROM "Farm" f WHERE ${farmsWhere(r, { ...scope, commune: undefined })} GROUP BY 1`,
    ...r.args,
  );
  const registeredByCommune = new Map(registered.map((x) => [x.code, num(x.farms)]));
  const pq = new Params();
  const listing = await db.$queryRawUnsafe<Array<{ cat: string; farms: unknown; products: unknown }>>(
    `SELECT COALESCE(c."parentId", c."id") AS cat, COUNT(DISTINCT p."farmId") AS farms, COUNT(*) AS products
     FROM "Product" p JOIN "Category" c ON c."id" = p."categoryId" JOIN "Farm" f ON f."id" = p."farmId"
     WHERE p."status" = 'ACTIVE' AND ${farmsWhere(pq, { ...scope, categoryId: undefined })} GROUP BY 1`,
    ...pq.args,
  );
  const hq = new Params();
  const holders = await db.$queryRawUnsafe<Array<{ kind: string; farms: unknown }>>(
    `SELECT ce."kind" AS kind, COUNT(DISTINCT f."id") AS farms FROM "Certification" ce JOIN "Farm" f ON f."id" = ce."farmId"
     WHERE (ce."expiresAt" IS NULL OR ce."expiresAt" > ${hq.p(scope.certAt)}) AND (ce."issuedAt" IS NULL OR ce."issuedAt" <= ${hq.p(scope.certAt)}) AND ${farmsWhere(hq, { ...scope, cert: undefined })}
     GROUP BY 1`,
    ...hq.args,
  );
  return {
    registeredByCommune,
    registered: scope.commune ? registeredByCommune.get(scope.commune) ?? 0 : [...registeredByCommune.values()].reduce((a, b) => a + b, 0),
    listingByCategory: new Map(listing.map((x) => [x.cat, num(x.farms)])),
    products: listing.filter((x) => !scope.categoryId || x.cat === scope.categoryId).reduce((t, x) => t + num(x.products), 0),
    holders: new Map(holders.map((x) => [x.kind, num(x.farms)])),
  };
}

/** Farms registered per month over the 12 months up to the period's end (counts, not sales). */
async function newFarmsByMonth(scope: Scope, period: Period) {
  const range = { from: addMonths(monthStart(period.to), -11), to: period.to };
  const q = new Params();
  const rows = await db.$queryRawUnsafe<Array<{ m: string; farms: unknown }>>(
    `SELECT ${localBucket(`f."createdAt"`, "month")} AS m, COUNT(*) AS farms FROM "Farm" f WHERE ${farmsWhere(q, scope)} AND f."createdAt" >= ${q.p(dayStart(range.from))} GROUP BY 1`,
    ...q.args,
  );
  const b = new Params();
  const [before] = await db.$queryRawUnsafe<Array<{ farms: unknown }>>(`SELECT COUNT(*) AS farms FROM "Farm" f WHERE ${farmsWhere(b, { ...scope, end: dayStart(range.from) })}`, ...b.args);
  let cumulative = num(before?.farms);
  return bucketsOf(range, "month").map((month) => {
    const count = num(rows.find((r) => r.m === month)?.farms);
    cumulative += count;
    return { month, count, cumulative };
  });
}
