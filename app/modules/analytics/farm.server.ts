// A farm's own sales figures: the seller dashboard, the CSV export of its sales, and the weekly
// unit history per product that the demand forecaster reads. Aggregation runs in the database
// (GROUP BY per local day/week/month, sql.server.ts); only the grouped rows reach Node.
// Ownership is part of the queries: a farm the user is not a member of gives null, never data.
import { farmWhereCan } from "~/modules/farms/roles";
import { cached, ttlFromEnv } from "~/utils/cache.server";
import { db } from "~/utils/db.server";
import { localBucket, num, Params, SOLD_SQL, SOLD_STATUSES } from "./sql.server";
import type { Period } from "./schemas";
import { addDays, bucketsOf, dayStart, deltaPercent, localDay, previousRange, rangeInstants, weekStart, type DayRange } from "./time";

/** "Current pace" for stock cover: the average daily sales of the last PACE_DAYS days. */
export const PACE_DAYS = 28;
/** Stock that lasts fewer days than this at the current pace is flagged as running out soon. */
export const LOW_COVER_DAYS = 14;

/** Sales figures: owners and managers (farms/roles.ts). */
const memberOf = (userId: string) => farmWhereCan(userId, "sales:read");

export async function findOwnFarm({ userId, farmId }: { userId: string; farmId: string }) {
  return db.farm.findFirst({ where: { id: farmId, ...memberOf(userId) }, select: { id: true, name: true, slug: true } });
}

type Compared = { current: number; previous: number; deltaPercent: number | null };
const compared = (current: number, previous: number): Compared => ({ current, previous, deltaPercent: deltaPercent(current, previous) });

/**
 * A farm's sales dashboard, for its members only. Results are kept FARM_DASHBOARD_CACHE_MS
 * (30 s) per farm and period: at the 1,000,000-line scale the queries take 5–30 ms, and a farmer
 * reloading, or several members looking, should not repeat them (bench:http).
 */
export async function farmSalesDashboard({ userId, farmId, period, now = new Date() }: { userId: string; farmId: string; period: Period; now?: Date }) {
  const farm = await findOwnFarm({ userId, farmId });
  if (!farm) return null;
  return cached(`farmSales:${farm.id}:${JSON.stringify(period)}`, () => computeFarmSalesDashboard(farm, period, now), ttlFromEnv("FARM_DASHBOARD_CACHE_MS", 30_000), { versioned: false });
}

async function computeFarmSalesDashboard(farm: { id: string; name: string; slug: string }, period: Period, now: Date) {
  const previous = previousRange(period);
  const cur = rangeInstants(period);
  const prev = rangeInstants(previous);
  const by = period.by;

  // 1. revenue, orders and payment methods per bucket, both periods in one pass
  const s = new Params();
  const seriesRows = await db.$queryRawUnsafe<Array<{ b: string; cur: number | bigint; revenue: unknown; orders: unknown; card_revenue: unknown; card_orders: unknown }>>(
    `SELECT ${localBucket(`fo."createdAt"`, by)} AS b, CASE WHEN fo."createdAt" >= ${s.p(cur.start)} THEN 1 ELSE 0 END AS cur,
       SUM(fo."subtotalVnd") AS revenue, COUNT(*) AS orders,
       SUM(CASE WHEN fo."paymentMethod" = 'CARD' THEN fo."subtotalVnd" ELSE 0 END) AS card_revenue,
       SUM(CASE WHEN fo."paymentMethod" = 'CARD' THEN 1 ELSE 0 END) AS card_orders
     FROM "FarmOrder" fo
     WHERE fo."farmId" = ${s.p(farm.id)} AND fo."status" IN ${SOLD_SQL} AND fo."createdAt" >= ${s.p(prev.start)} AND fo."createdAt" < ${s.p(cur.end)}
     GROUP BY 1, 2`,
    ...s.args,
  );
  const byBucket = (isCur: boolean) => new Map(seriesRows.filter((r) => num(r.cur) === (isCur ? 1 : 0)).map((r) => [r.b, r]));
  const curRows = byBucket(true);
  const prevRows = byBucket(false);
  const curBuckets = bucketsOf(period, by);
  const prevBuckets = bucketsOf(previous, by);
  const series = curBuckets.map((b, i) => {
    const c = curRows.get(b);
    const p = prevBuckets[i] ? prevRows.get(prevBuckets[i]) : undefined;
    return { bucket: b, revenue: num(c?.revenue), orders: num(c?.orders), previousBucket: prevBuckets[i] ?? null, previousRevenue: num(p?.revenue), previousOrders: num(p?.orders) };
  });
  const sum = (rows: Map<string, (typeof seriesRows)[number]>, key: "revenue" | "orders" | "card_revenue" | "card_orders") => [...rows.values()].reduce((t, r) => t + num(r[key]), 0);
  const revenue = compared(sum(curRows, "revenue"), sum(prevRows, "revenue"));
  const orders = compared(sum(curRows, "orders"), sum(prevRows, "orders"));
  const aov = compared(orders.current ? Math.round(revenue.current / orders.current) : 0, orders.previous ? Math.round(revenue.previous / orders.previous) : 0);
  const cardRevenue = sum(curRows, "card_revenue");
  const cardOrders = sum(curRows, "card_orders");
  const payment = [
    { method: "VIETQR" as const, revenue: revenue.current - cardRevenue, orders: orders.current - cardOrders },
    { method: "CARD" as const, revenue: cardRevenue, orders: cardOrders },
  ].map((m) => ({ ...m, share: revenue.current ? m.revenue / revenue.current : null }));

  // 2. units sold, per unit of sale (kg and bunches do not add up)
  const u = new Params();
  const unitRows = await db.$queryRawUnsafe<Array<{ unit: string; cur: unknown; qty: unknown }>>(
    `SELECT l."unit" AS unit, CASE WHEN fo."createdAt" >= ${u.p(cur.start)} THEN 1 ELSE 0 END AS cur, SUM(l."quantityMilli") AS qty
     FROM "OrderLine" l JOIN "FarmOrder" fo ON fo."id" = l."farmOrderId"
     WHERE fo."farmId" = ${u.p(farm.id)} AND fo."status" IN ${SOLD_SQL} AND fo."createdAt" >= ${u.p(prev.start)} AND fo."createdAt" < ${u.p(cur.end)}
     GROUP BY 1, 2`,
    ...u.args,
  );
  const unitNames = [...new Set(unitRows.map((r) => r.unit))];
  const qty = (unit: string, isCur: boolean) => num(unitRows.find((r) => r.unit === unit && num(r.cur) === (isCur ? 1 : 0))?.qty);
  const units = unitNames.map((unit) => ({ unit, ...compared(qty(unit, true), qty(unit, false)) })).sort((a, b) => b.current - a.current || a.unit.localeCompare(b.unit));

  // 3. buyers, and how many of them had bought from this farm before (or twice in the period)
  const bq = new Params();
  const [buyers] = await db.$queryRawUnsafe<Array<{ buyers_cur: unknown; repeat_cur: unknown; buyers_prev: unknown; repeat_prev: unknown }>>(
    `SELECT SUM(CASE WHEN n_cur > 0 THEN 1 ELSE 0 END) AS buyers_cur,
            SUM(CASE WHEN n_cur > 0 AND n_before + n_prev + n_cur >= 2 THEN 1 ELSE 0 END) AS repeat_cur,
            SUM(CASE WHEN n_prev > 0 THEN 1 ELSE 0 END) AS buyers_prev,
            SUM(CASE WHEN n_prev > 0 AND n_before + n_prev >= 2 THEN 1 ELSE 0 END) AS repeat_prev
     FROM (
       SELECT COALESCE(o."buyerId", o."buyerPhone") AS buyer,
              SUM(CASE WHEN fo."createdAt" < ${bq.p(prev.start)} THEN 1 ELSE 0 END) AS n_before,
              SUM(CASE WHEN fo."createdAt" >= ${bq.p(prev.start)} AND fo."createdAt" < ${bq.p(cur.start)} THEN 1 ELSE 0 END) AS n_prev,
              SUM(CASE WHEN fo."createdAt" >= ${bq.p(cur.start)} THEN 1 ELSE 0 END) AS n_cur
       FROM "FarmOrder" fo JOIN "Order" o ON o."id" = fo."orderId"
       WHERE fo."farmId" = ${bq.p(farm.id)} AND fo."status" IN ${SOLD_SQL} AND fo."createdAt" < ${bq.p(cur.end)}
       GROUP BY 1
     ) x`,
    ...bq.args,
  );
  const buyerCount = compared(num(buyers?.buyers_cur), num(buyers?.buyers_prev));
  const repeatBuyers = compared(num(buyers?.repeat_cur), num(buyers?.repeat_prev));

  // 4. top products of the period
  const t = new Params();
  const top = await db.$queryRawUnsafe<Array<{ product_id: string; name: string; unit: string; qty: unknown; revenue: unknown; orders: unknown }>>(
    `SELECT l."productId" AS product_id, MAX(p."name") AS name, l."unit" AS unit, SUM(l."quantityMilli") AS qty, SUM(l."lineTotalVnd") AS revenue, COUNT(DISTINCT l."farmOrderId") AS orders
     FROM "OrderLine" l JOIN "FarmOrder" fo ON fo."id" = l."farmOrderId" JOIN "Product" p ON p."id" = l."productId"
     WHERE fo."farmId" = ${t.p(farm.id)} AND fo."status" IN ${SOLD_SQL} AND fo."createdAt" >= ${t.p(cur.start)} AND fo."createdAt" < ${t.p(cur.end)}
     GROUP BY l."productId", l."unit"
     ORDER BY revenue DESC, name
     LIMIT 10`,
    ...t.args,
  );
  const topProducts = top.map((r) => ({ productId: r.product_id, name: r.name, unit: r.unit, quantityMilli: num(r.qty), revenue: num(r.revenue), orders: num(r.orders) }));

  return {
    farm,
    period,
    previous,
    kpis: { revenue, orders, averageOrderValue: aov, units, buyers: buyerCount, repeatBuyers },
    payment,
    series,
    topProducts,
    stock: await stockCover({ farmId: farm.id, now }),
  };
}
export type FarmSalesDashboard = NonNullable<Awaited<ReturnType<typeof farmSalesDashboard>>>;

/**
 * Days of cover for each product on sale: stock ÷ average daily units sold over the last
 * PACE_DAYS days (to `now`). Products that sold nothing in that window have no estimate (null).
 * Sorted so that what runs out first comes first. The caller has checked ownership.
 */
async function stockCover({ farmId, now }: { farmId: string; now: Date }) {
  const q = new Params();
  const rows = await db.$queryRawUnsafe<Array<{ id: string; name: string; unit: string; stock: unknown; sold: unknown }>>(
    `SELECT p."id" AS id, p."name" AS name, p."unit" AS unit, p."stockMilli" AS stock, COALESCE(s.qty, 0) AS sold
     FROM "Product" p LEFT JOIN (
       SELECT l."productId" AS product_id, SUM(l."quantityMilli") AS qty
       FROM "OrderLine" l JOIN "FarmOrder" fo ON fo."id" = l."farmOrderId"
       WHERE fo."farmId" = ${q.p(farmId)} AND fo."status" IN ${SOLD_SQL} AND fo."createdAt" >= ${q.p(new Date(now.getTime() - PACE_DAYS * 86_400_000))} AND fo."createdAt" < ${q.p(now)}
       GROUP BY l."productId"
     ) s ON s.product_id = p."id"
     WHERE p."farmId" = ${q.p(farmId)} AND p."status" = 'ACTIVE'`,
    ...q.args,
  );
  const today = localDay(now);
  return rows
    .map((r) => {
      const stockMilli = num(r.stock);
      const perDayMilli = num(r.sold) / PACE_DAYS;
      const daysOfCover = perDayMilli > 0 ? stockMilli / perDayMilli : null;
      return {
        productId: r.id,
        name: r.name,
        unit: r.unit,
        stockMilli,
        perDayMilli: Math.round(perDayMilli),
        daysOfCover: daysOfCover === null ? null : Math.floor(daysOfCover * 10) / 10,
        runsOutOn: daysOfCover === null ? null : addDays(today, Math.floor(daysOfCover)),
        low: daysOfCover !== null && daysOfCover < LOW_COVER_DAYS,
      };
    })
    .sort((a, b) => (a.daysOfCover ?? Infinity) - (b.daysOfCover ?? Infinity) || a.name.localeCompare(b.name, "vi"));
}

export type WeeklyUnits = {
  /** Monday (local date, YYYY-MM-DD) of each week, oldest first. */
  weekStarts: string[];
  products: Array<{ productId: string; name: string; unit: string; status: string; units: number[] }>;
};

/**
 * For every product of the farm (any status), the units sold in each of the last `weeks` complete
 * weeks before the week that contains `now`: weeks run Monday to Sunday on Asia/Ho_Chi_Minh's clock,
 * oldest first, zeros included. Units are in the product's own unit (2.5 = 2.5 kg), counting sold
 * farm orders (paid or further; not cancelled or expired) by the time they were placed.
 * With `userId`, a farm the user is not a member of gives no products.
 * With `includeCurrentWeek`, the (partial) week of `now` is added as the last element.
 */
export async function weeklyUnitsByProduct({
  farmId,
  weeks,
  now = new Date(),
  userId,
  includeCurrentWeek = false,
}: {
  farmId: string;
  weeks: number;
  now?: Date;
  userId?: string;
  includeCurrentWeek?: boolean;
}): Promise<WeeklyUnits> {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520) throw new RangeError(`weeks must be an integer from 1 to 520: ${weeks}`);
  const thisWeek = weekStart(localDay(now));
  const first = addDays(thisWeek, -7 * weeks);
  const weekStarts = Array.from({ length: weeks + (includeCurrentWeek ? 1 : 0) }, (_, i) => addDays(first, 7 * i));
  const end = includeCurrentWeek ? dayStart(addDays(thisWeek, 7)) : dayStart(thisWeek);

  const products = await db.product.findMany({
    where: { farmId, ...(userId ? { farm: memberOf(userId) } : {}) },
    select: { id: true, name: true, unit: true, status: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  if (products.length === 0) return { weekStarts, products: [] };

  const q = new Params();
  const rows = await db.$queryRawUnsafe<Array<{ product_id: string; week: string; qty: unknown }>>(
    `SELECT l."productId" AS product_id, ${localBucket(`fo."createdAt"`, "week")} AS week, SUM(l."quantityMilli") AS qty
     FROM "OrderLine" l JOIN "FarmOrder" fo ON fo."id" = l."farmOrderId"
     WHERE fo."farmId" = ${q.p(farmId)} AND fo."status" IN ${SOLD_SQL} AND fo."createdAt" >= ${q.p(dayStart(first))} AND fo."createdAt" < ${q.p(end)}
     GROUP BY 1, 2`,
    ...q.args,
  );
  const index = new Map(weekStarts.map((w, i) => [w, i]));
  const byProduct = new Map(products.map((p) => [p.id, new Array<number>(weekStarts.length).fill(0)]));
  for (const r of rows) {
    const i = index.get(r.week);
    const list = byProduct.get(r.product_id);
    if (i !== undefined && list) list[i] += num(r.qty) / 1000;
  }
  return { weekStarts, products: products.map((p) => ({ productId: p.id, name: p.name, unit: p.unit, status: p.status, units: byProduct.get(p.id)! })) };
}

/** The farm's sold order lines in the range, oldest first, for its CSV export; null if not its farm. */
export async function farmSalesLines({ userId, farmId, range }: { userId: string; farmId: string; range: DayRange }) {
  const farm = await findOwnFarm({ userId, farmId });
  if (!farm) return null;
  const { start, end } = rangeInstants(range);
  const lines = await db.orderLine.findMany({
    where: { farmOrder: { farmId, farm: memberOf(userId), status: { in: [...SOLD_STATUSES] }, createdAt: { gte: start, lt: end } } },
    select: {
      productName: true,
      unit: true,
      priceVnd: true,
      quantityMilli: true,
      lineTotalVnd: true,
      farmOrder: { select: { createdAt: true, status: true, paymentMethod: true, fulfilment: true, order: { select: { number: true } } } },
    },
    orderBy: [{ farmOrder: { createdAt: "asc" } }, { id: "asc" }],
  });
  return { farm, lines };
}

