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

/** What the SQL filters on: an instant window plus the dimensions in force. */
type Scope = { start: Date; end: Date; commune?: string; categoryId?: string; cert?: CertKind; certAt: Date };
type Dim = "commune" | "category" | "cert";

const certValid = (q: Params, kind: CertKind | null, at: Date, farmCol: string) =>
  `EXISTS (SELECT 1 FROM "Certification" ce WHERE ce."farmId" = ${farmCol}${kind ? ` AND ce."kind" = ${q.p(kind)}` : ""} AND (ce."expiresAt" IS NULL OR ce."expiresAt" > ${q.p(at)}) AND (ce."issuedAt" IS NULL OR ce."issuedAt" <= ${q.p(at)}))`;

/** FROM/WHERE of sold farm orders in scope; with lines (and their category) when asked or needed. */
function soldFrom(q: Params, scope: Scope, withLines: boolean): string {
  const lines = withLines || !!scope.categoryId;
  return [
    `FROM "FarmOrder" fo JOIN "Farm" f ON f."id" = fo."farmId"`,
    lines ? `JOIN "OrderLine" l ON l."farmOrderId" = fo."id" JOIN "Product" p ON p."id" = l."productId" JOIN "Category" c ON c."id" = p."categoryId"` : "",
    `WHERE fo."status" IN ${SOLD_SQL} AND fo."createdAt" >= ${q.p(scope.start)} AND fo."createdAt" < ${q.p(scope.end)} AND f."provinceCode" = ${q.p(DEFAULT_PROVINCE)}`,
    scope.commune ? `AND f."communeCode" = ${q.p(scope.commune)}` : "",
    scope.categoryId ? `AND COALESCE(c."parentId", c."id") = ${q.p(scope.categoryId)}` : "",
    scope.cert ? `AND ${certValid(q, scope.cert, scope.certAt, `f."id"`)}` : "",
  ].join(" ");
}
const measures = (scope: Scope, withLines: boolean) => {
  const lines = withLines || !!scope.categoryId;
  const amount = lines ? `l."lineTotalVnd"` : `fo."subtotalVnd"`;
  return {
    amount,
    sums: `SUM(${amount}) AS revenue, ${lines ? `COUNT(DISTINCT fo."id")` : "COUNT(*)"} AS orders, COUNT(DISTINCT fo."farmId") AS farms`,
  };
};

/** Farms registered (ACTIVE) by `before`, in scope (a category: farms listing products in it). */
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

type Totals = { revenue: number; orders: number; farms: number; card: number; cashless: number };
async function totals(scope: Scope): Promise<Totals> {
  const q = new Params();
  const m = measures(scope, false);
  const [r] = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT ${m.sums}, SUM(CASE WHEN fo."paymentMethod" = 'CARD' THEN ${m.amount} ELSE 0 END) AS card,
            SUM(CASE WHEN fo."paymentMethod" IN ${CASHLESS_SQL} THEN ${m.amount} ELSE 0 END) AS cashless
     ${soldFrom(q, scope, false)}`,
    ...q.args,
  );
  return { revenue: num(r?.revenue), orders: num(r?.orders), farms: num(r?.farms), card: num(r?.card), cashless: num(r?.cashless) };
}

const without = (scope: Scope, dim: Dim): Scope => ({ ...scope, [dim === "category" ? "categoryId" : dim]: undefined });

export async function departmentDashboard({ period, filters, target }: { period: Period; filters: DepartmentFilters; target: number }) {
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
  const activeScope: Scope = { ...scope, start: new Date(end.getTime() - ACTIVE_DAYS * 86_400_000) };
  const lastWeek: DayRange = { from: addDays(period.to, -6), to: period.to };
  const weekBefore = previousRange(lastWeek);
  const scopeOf = (r: DayRange): Scope => ({ ...scope, ...rangeInstants(r) });

  // Sequential on purpose: SQLite has one connection, and PostgreSQL gains little for ~12 queries.
  const headline = await totals(scope);
  const [wowCur, wowPrev, yoy] = [await totals(scopeOf(lastWeek)), await totals(scopeOf(weekBefore)), await totals(scopeOf(yearEarlier(period)))];
  const series = await salesSeries(scope, period);
  const communeTable = await communeBreakdown(without(scope, "commune"), without(activeScope, "commune"), communes);
  const categoryTable = await categoryBreakdown(without(scope, "category"), categories);
  const certTable = await certBreakdown(without(scope, "cert"));
  const households = await householdCounts(scope, activeScope);
  const products = await topProducts(scope);
  const newFarms = await newFarmsByMonth(scope, period);

  // Rows of the filtered dimensions, each published in its own table?
  const rowOk: Record<Dim, boolean> = {
    commune: !commune || communeTable.rows.some((r) => r.code === commune && r.revenue !== null && !communeTable.totalHidden),
    category: !category || categoryTable.rows.some((r) => r.id === category.id && r.revenue !== null && !categoryTable.totalHidden),
    cert: !filters.cert || certTable.rows.some((r) => r.kind === filters.cert && r.revenue !== null),
  };
  const tableVisible = (dim: Dim) => active.filter((d) => d !== dim).every((d) => rowOk[d]);
  const viewVisible = active.every((d) => rowOk[d]) && !isSmallCell(headline.farms);
  const activeCell = commune ? communeTable.rows.find((r) => r.code === commune)?.active ?? null : households.active;

  const seriesSuppression = suppressPartition(series.map((r) => ({ value: r.revenue, farms: r.farms })), { disjoint: false, totalFarms: headline.farms });
  const pct = (a: Totals, b: Totals) => (viewVisible && !isSmallCell(a.farms) && !isSmallCell(b.farms) ? deltaPercent(a.revenue, b.revenue) : null);

  return {
    period,
    filters: applied,
    options: { communes, categories: categories.map(({ slug, nameVi, nameEn }) => ({ slug, nameVi, nameEn })), certs: CERT_KINDS },
    households: {
      registered: households.registered,
      productsOnSale: households.products,
      active: isSmallCell(households.active) ? null : activeCell,
      target,
      activeShareOfTarget: activeCell === null || isSmallCell(households.active) ? null : activeCell / target,
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
      visible: viewVisible && !seriesSuppression.totalHidden,
      by: period.by,
      rows: series.map((r, i) => {
        const hidden = !viewVisible || !!seriesSuppression.hidden[i];
        return { bucket: r.bucket, revenue: guard(r.revenue, hidden), orders: guard(r.orders, hidden) };
      }),
    },
    communes: { visible: tableVisible("commune") && !communeTable.totalHidden, rows: tableVisible("commune") ? communeTable.rows : communeTable.rows.map(hideSales) },
    categories: { visible: tableVisible("category") && !categoryTable.totalHidden, rows: tableVisible("category") ? categoryTable.rows.map(({ id: _id, ...r }) => r) : categoryTable.rows.map(({ id: _id, ...r }) => hideSales(r)) },
    certifications: { visible: tableVisible("cert"), rows: tableVisible("cert") ? certTable.rows : certTable.rows.map(hideSales) },
    products: { visible: viewVisible, rows: viewVisible ? products : [] },
    newFarms,
  };
}
export type DepartmentDashboard = Awaited<ReturnType<typeof departmentDashboard>>;

/** A table shown with its sales figures blanked (its rows' names and farm counts stay). */
function hideSales<T extends object>(row: T): T {
  const blank = Object.fromEntries(["revenue", "orders", "share", "active"].filter((k) => k in row).map((k) => [k, null]));
  return { ...row, ...blank } as T;
}

async function salesSeries(scope: Scope, period: Period) {
  const q = new Params();
  const m = measures(scope, false);
  const rows = await db.$queryRawUnsafe<Array<{ b: string; revenue: unknown; orders: unknown; farms: unknown }>>(
    `SELECT ${localBucket(`fo."createdAt"`, period.by)} AS b, ${m.sums} ${soldFrom(q, scope, false)} GROUP BY 1`,
    ...q.args,
  );
  const byBucket = new Map(rows.map((r) => [r.b, r]));
  return bucketsOf(period, period.by).map((bucket) => {
    const r = byBucket.get(bucket);
    return { bucket, revenue: num(r?.revenue), orders: num(r?.orders), farms: num(r?.farms) };
  });
}

async function communeBreakdown(scope: Scope, activeScope: Scope, communes: Array<{ code: string; name: string }>) {
  const q = new Params();
  const sales = await db.$queryRawUnsafe<Array<{ code: string; revenue: unknown; orders: unknown; farms: unknown }>>(
    `SELECT f."communeCode" AS code, ${measures(scope, false).sums} ${soldFrom(q, scope, false)} GROUP BY 1`,
    ...q.args,
  );
  const a = new Params();
  const activeRows = await db.$queryRawUnsafe<Array<{ code: string; farms: unknown }>>(
    `SELECT f."communeCode" AS code, COUNT(DISTINCT fo."farmId") AS farms ${soldFrom(a, activeScope, false)} GROUP BY 1`,
    ...a.args,
  );
  const r = new Params();
  const registered = await db.$queryRawUnsafe<Array<{ code: string; farms: unknown }>>(
    `SELECT f."communeCode" AS code, COUNT(*) AS farms FROM "Farm" f WHERE ${farmsWhere(r, scope)} GROUP BY 1`,
    ...r.args,
  );
  const get = <T extends { code: string }>(rows: T[], code: string) => rows.find((x) => x.code === code);
  const rows = communes.map((c) => {
    const s = get(sales, c.code);
    return {
      code: c.code,
      name: c.name,
      registered: num(get(registered, c.code)?.farms),
      active: num(get(activeRows, c.code)?.farms),
      revenue: num(s?.revenue),
      orders: num(s?.orders),
      farms: num(s?.farms),
    };
  });
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

async function categoryBreakdown(scope: Scope, categories: Array<{ id: string; slug: string; nameVi: string; nameEn: string }>) {
  const q = new Params();
  const sales = await db.$queryRawUnsafe<Array<{ cat: string; revenue: unknown; orders: unknown; farms: unknown }>>(
    `SELECT COALESCE(c."parentId", c."id") AS cat, ${measures(scope, true).sums} ${soldFrom(q, scope, true)} GROUP BY 1`,
    ...q.args,
  );
  const t = new Params();
  const [total] = await db.$queryRawUnsafe<Array<{ farms: unknown }>>(`SELECT COUNT(DISTINCT fo."farmId") AS farms ${soldFrom(t, scope, false)}`, ...t.args);
  const pq = new Params();
  const population = await db.$queryRawUnsafe<Array<{ cat: string; farms: unknown }>>(
    `SELECT COALESCE(c."parentId", c."id") AS cat, COUNT(DISTINCT p."farmId") AS farms
     FROM "Product" p JOIN "Category" c ON c."id" = p."categoryId" JOIN "Farm" f ON f."id" = p."farmId"
     WHERE p."status" = 'ACTIVE' AND ${farmsWhere(pq, { ...scope, categoryId: undefined })} GROUP BY 1`,
    ...pq.args,
  );
  const rows = categories.map((c) => {
    const s = sales.find((x) => x.cat === c.id);
    return { ...c, revenue: num(s?.revenue), orders: num(s?.orders), farms: num(s?.farms), population: num(population.find((x) => x.cat === c.id)?.farms) };
  });
  const totalRevenue = rows.reduce((t, x) => t + x.revenue, 0);
  const cut = suppressPartition(rows.map((x) => ({ value: x.revenue, farms: x.farms, population: x.population })), { disjoint: false, totalFarms: num(total?.farms) });
  const published = rows.map((x, i) => ({
    id: x.id,
    slug: x.slug,
    nameVi: x.nameVi,
    nameEn: x.nameEn,
    revenue: guard(x.revenue, !!cut.hidden[i]),
    orders: guard(x.orders, !!cut.hidden[i]),
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
async function certBreakdown(scope: Scope) {
  const split = scope.categoryId ? await certSplitByLines(scope) : await certSplitByFarms(scope);
  const hq = new Params();
  const holders = await db.$queryRawUnsafe<Array<{ kind: string; farms: unknown }>>(
    `SELECT ce."kind" AS kind, COUNT(DISTINCT f."id") AS farms FROM "Certification" ce JOIN "Farm" f ON f."id" = ce."farmId"
     WHERE (ce."expiresAt" IS NULL OR ce."expiresAt" > ${hq.p(scope.certAt)}) AND (ce."issuedAt" IS NULL OR ce."issuedAt" <= ${hq.p(scope.certAt)}) AND ${farmsWhere(hq, { ...scope, cert: undefined })}
     GROUP BY 1`,
    ...hq.args,
  );
  const rows = CERT_KINDS.map((kind) => {
    const { revenue, farms } = split.kinds[kind];
    const holding = num(holders.find((h) => h.kind === kind)?.farms);
    // holders and the rest are disjoint: a farm either holds the certificate or not
    const cut = suppressPartition(
      [
        { value: revenue, farms, population: holding },
        { value: split.total - revenue, farms: split.farms - farms },
      ],
      { disjoint: true, totalFarms: split.farms },
    );
    const hidden = !!cut.hidden[0] || !!cut.hidden[1] || cut.totalHidden;
    return { kind, holders: holding, revenue: guard(revenue, hidden), share: hidden || !split.total ? null : revenue / split.total };
  });
  return { rows };
}

type CertSplit = { total: number; farms: number; kinds: Record<CertKind, { revenue: number; farms: number }> };
const certSplit = (row: Record<string, unknown> | undefined): CertSplit => ({
  total: num(row?.total),
  farms: num(row?.farms),
  kinds: Object.fromEntries(CERT_KINDS.map((k) => [k, { revenue: num(row?.[`r_${k.toLowerCase()}`]), farms: num(row?.[`f_${k.toLowerCase()}`]) }])) as CertSplit["kinds"],
});

/** Sales per farm first, then joined with each farm's valid certificates. */
async function certSplitByFarms(scope: Scope): Promise<CertSplit> {
  const q = new Params();
  const flags = CERT_KINDS.map((k) => `MAX(CASE WHEN ce."kind" = '${k}' THEN 1 ELSE 0 END) AS k_${k.toLowerCase()}`).join(", ");
  const sums = CERT_KINDS.map((k) => `SUM(CASE WHEN k.k_${k.toLowerCase()} = 1 THEN s.revenue ELSE 0 END) AS r_${k.toLowerCase()}, SUM(CASE WHEN k.k_${k.toLowerCase()} = 1 THEN 1 ELSE 0 END) AS f_${k.toLowerCase()}`).join(", ");
  const [row] = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `WITH s AS (SELECT fo."farmId" AS farm_id, SUM(fo."subtotalVnd") AS revenue ${soldFrom(q, scope, false)} GROUP BY 1),
          k AS (SELECT ce."farmId" AS farm_id, ${flags} FROM "Certification" ce
                WHERE (ce."expiresAt" IS NULL OR ce."expiresAt" > ${q.p(scope.certAt)}) AND (ce."issuedAt" IS NULL OR ce."issuedAt" <= ${q.p(scope.certAt)}) GROUP BY 1)
     SELECT ${sums}, SUM(s.revenue) AS total, COUNT(*) AS farms FROM s LEFT JOIN k ON k.farm_id = s.farm_id`,
    ...q.args,
  );
  return certSplit(row);
}

/** With a category filter only that category's lines count, so the split is made line by line. */
async function certSplitByLines(scope: Scope): Promise<CertSplit> {
  const q = new Params();
  const kinds = CERT_KINDS.map((k) => {
    const key = k.toLowerCase();
    return `SUM(CASE WHEN ${certValid(q, k, scope.certAt, `f."id"`)} THEN l."lineTotalVnd" ELSE 0 END) AS r_${key}, COUNT(DISTINCT CASE WHEN ${certValid(q, k, scope.certAt, `f."id"`)} THEN fo."farmId" END) AS f_${key}`;
  }).join(", ");
  const [row] = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT ${kinds}, SUM(l."lineTotalVnd") AS total, COUNT(DISTINCT fo."farmId") AS farms ${soldFrom(q, scope, true)}`, ...q.args);
  return certSplit(row);
}

async function householdCounts(scope: Scope, activeScope: Scope) {
  const q = new Params();
  const [registered] = await db.$queryRawUnsafe<Array<{ farms: unknown }>>(`SELECT COUNT(*) AS farms FROM "Farm" f WHERE ${farmsWhere(q, scope)}`, ...q.args);
  const a = new Params();
  const [activeRow] = await db.$queryRawUnsafe<Array<{ farms: unknown }>>(`SELECT COUNT(DISTINCT fo."farmId") AS farms ${soldFrom(a, activeScope, false)}`, ...a.args);
  const p = new Params();
  const [products] = await db.$queryRawUnsafe<Array<{ n: unknown }>>(
    `SELECT COUNT(*) AS n FROM "Product" pr JOIN "Category" pc ON pc."id" = pr."categoryId" JOIN "Farm" f ON f."id" = pr."farmId"
     WHERE pr."status" = 'ACTIVE' AND ${farmsWhere(p, { ...scope, categoryId: undefined })}${scope.categoryId ? ` AND COALESCE(pc."parentId", pc."id") = ${p.p(scope.categoryId)}` : ""}`,
    ...p.args,
  );
  return { registered: num(registered?.farms), active: num(activeRow?.farms), products: num(products?.n) };
}

/**
 * The best sellers across farms, by product name and unit, among those sold by at least MIN_FARMS
 * farms. Then, per category, what is left unlisted must again come from 0 or ≥ MIN_FARMS farms —
 * otherwise "category total − listed products" would be one or two farms' sales — else the
 * category's smallest listed product is dropped.
 */
async function topProducts(scope: Scope) {
  const q = new Params();
  const rows = await db.$queryRawUnsafe<Array<{ cat: string; name: string; unit: string; revenue: unknown; qty: unknown; orders: unknown; farms: unknown }>>(
    `SELECT COALESCE(c."parentId", c."id") AS cat, l."productName" AS name, l."unit" AS unit, SUM(l."lineTotalVnd") AS revenue, SUM(l."quantityMilli") AS qty,
            COUNT(DISTINCT fo."id") AS orders, COUNT(DISTINCT fo."farmId") AS farms
     ${soldFrom(q, scope, true)}
     GROUP BY 1, 2, 3 HAVING COUNT(DISTINCT fo."farmId") >= ${MIN_FARMS}
     ORDER BY revenue DESC, name LIMIT ${TOP_PRODUCTS}`,
    ...q.args,
  );
  let listed = rows.map((r) => ({ cat: r.cat, name: r.name, unit: r.unit, revenue: num(r.revenue), quantityMilli: num(r.qty), orders: num(r.orders), farms: num(r.farms) }));
  for (let round = 0; round < TOP_PRODUCTS && listed.length; round++) {
    const rq = new Params();
    const rest = await db.$queryRawUnsafe<Array<{ cat: string; farms: unknown }>>(
      `SELECT COALESCE(c."parentId", c."id") AS cat, COUNT(DISTINCT fo."farmId") AS farms ${soldFrom(rq, scope, true)}
       AND NOT (${listed.map((x) => `(COALESCE(c."parentId", c."id") = ${rq.p(x.cat)} AND l."productName" = ${rq.p(x.name)} AND l."unit" = ${rq.p(x.unit)})`).join(" OR ")})
       GROUP BY 1`,
      ...rq.args,
    );
    const unsafe = new Set(rest.filter((r) => isSmallCell(num(r.farms))).map((r) => r.cat));
    const drop = [...listed].reverse().find((x) => unsafe.has(x.cat));
    if (!drop) break;
    listed = listed.filter((x) => x !== drop);
  }
  return listed.map(({ cat: _cat, ...x }) => x);
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
  const [before] = await db.$queryRawUnsafe<Array<{ farms: unknown }>>(
    `SELECT COUNT(*) AS farms FROM "Farm" f WHERE ${farmsWhere(b, { ...scope, end: dayStart(range.from) })}`,
    ...b.args,
  );
  let cumulative = num(before?.farms);
  return bucketsOf(range, "month").map((month) => {
    const count = num(rows.find((r) => r.m === month)?.farms);
    cumulative += count;
    return { month, count, cumulative };
  });
}
