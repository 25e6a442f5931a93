// bench/analytics: the farm and department dashboards' queries on a synthetic province
// (bench/analytics-data.ts: 10,000 farms, 1,000,000 order lines) on SQLite and on PostgreSQL, each
// against a trivial baseline query (a primary-key lookup through the same client) measured in the
// same run. Prints median ms per dashboard; the last line is JSON.
//   npm run bench:analytics  [-- --farms 10000 --lines 1000000 --runs 7]
import { benchOnFreshDatabase, childEngine, eachEngineInItsOwnProcess } from "./engines";
import { generateAnalyticsData } from "./analytics-data";

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const FARMS = arg("farms", 10_000);
const LINES = arg("lines", 1_000_000);
const RUNS = arg("runs", 7);
// The dashboards keep their results for a while in production (ADR 013); this bench measures the
// queries themselves, so nothing is kept here.
process.env.DEPARTMENT_CACHE_MS = "0";
process.env.FARM_DASHBOARD_CACHE_MS = "0";
process.env.FORECAST_CACHE_MS = "0";
process.env.CATALOG_CACHE_MS = "0";

const NOW = new Date("2026-11-20T03:00:00Z");

async function run(engine: "sqlite" | "postgresql", url: string) {
  process.env.DATABASE_URL = url;
  delete (globalThis as { __db?: unknown }).__db;
  const { createDb } = await import("../app/utils/db.server");
  const db = createDb(url);
  (globalThis as { __db?: unknown }).__db = db;
  const { farmSalesDashboard, weeklyUnitsByProduct } = await import("../app/modules/analytics/farm.server");
  const { departmentDashboard } = await import("../app/modules/analytics/department.server");
  const { resolvePeriod } = await import("../app/modules/analytics/schemas");

  const t0 = performance.now();
  const data = await generateAnalyticsData(db, { farms: FARMS, lines: LINES, now: NOW, log: (m) => console.log(`${engine}: ${m}`) });
  // PostgreSQL's autovacuum would do this by itself after such a load; SQLite is left without
  // statistics, as the app's file is (the plans do not depend on them: ADR 010).
  if (engine === "postgresql") await db.$executeRawUnsafe("VACUUM ANALYZE");
  console.log(`${engine}: generated ${data.counts.lines.toLocaleString("en")} lines, ${data.counts.orders.toLocaleString("en")} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const median = async (fn: () => Promise<unknown>) => {
    await fn(); // warm-up
    const t: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      t.push(performance.now() - s);
    }
    return t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  };
  const last30 = resolvePeriod({}, NOW);
  const last365 = resolvePeriod({ from: "2025-11-21", to: "2026-11-20", by: "month" }, NOW);
  const farm = (f: { id: string; ownerId: string }, period: typeof last30) => async () => {
    if (!(await farmSalesDashboard({ userId: f.ownerId, farmId: f.id, period, now: NOW }))) throw new Error("farm not found");
  };
  const cases: Record<string, () => Promise<unknown>> = {
    baseline: () => db.user.findUnique({ where: { id: data.officerId }, select: { id: true } }),
    farmTypical30d: farm(data.typicalFarm, last30),
    farmBusiest30d: farm(data.busiestFarm, last30),
    farmBusiest365d: farm(data.busiestFarm, last365),
    weeklyUnits52w: () => weeklyUnitsByProduct({ farmId: data.busiestFarm.id, weeks: 52, now: NOW }),
    department30d: () => departmentDashboard({ period: last30, filters: {}, target: 7000 }),
    department365d: () => departmentDashboard({ period: last365, filters: {}, target: 7000 }),
    department30dCommune: () => departmentDashboard({ period: last30, filters: { commune: "77001", cert: "VIETGAP" }, target: 7000 }),
  };
  const result: Record<string, { ms: number; ratio: number }> = {};
  let baseline = 0;
  for (const [name, fn] of Object.entries(cases)) {
    const ms = await median(fn);
    if (name === "baseline") baseline = ms;
    result[name] = { ms: +ms.toFixed(2), ratio: +(ms / baseline).toFixed(1) };
    console.log(`${engine.padEnd(10)} ${name.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / baseline).toFixed(0).padStart(6)}× baseline`);
  }
  await db.$disconnect();
  return result;
}

// Each engine in its own process (bench/engines.ts).
const engine = childEngine();
if (engine) await benchOnFreshDatabase(engine, "analytics", run);
else {
  const results = eachEngineInItsOwnProcess("bench/analytics.ts", ["--farms", String(FARMS), "--lines", String(LINES), "--runs", String(RUNS)]);
  console.log(JSON.stringify({ farms: FARMS, lines: LINES, runs: RUNS, unit: "median ms per dashboard (ratio to a primary-key lookup)", ...results }));
}
