// bench/search: 100,000 products on SQLite and on PostgreSQL; each engine's indexed search
// (FTS5 / pg_trgm, app/modules/catalog/search.server.ts) against a plain LIKE scan of the same
// folded column in the same run. Prints median ms per query; the last line is JSON.
//   npm run bench:search  [-- --products 100000 --runs 15]
import { benchOnFreshDatabase, childEngine, eachEngineInItsOwnProcess } from "./engines";

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const N = arg("products", 100_000);
const RUNS = arg("runs", 15);
// Search results are cached in production (ADR 013); this bench measures the queries themselves.
process.env.CATALOG_CACHE_MS = "0";

const QUERIES = ["sau rieng", "dua", "tieu den chau duc", "ca phe rang", "xoai cat hoa loc"];

const WORDS = ["sau rieng ri6", "chom chom", "mang cut", "xoai cat hoa loc", "buoi da xanh", "thanh long", "dua xiem", "dua hau", "ca phe robusta rang moc", "tieu den chau duc", "hat dieu rang muoi", "mat ong hoa ca phe", "rau muong", "cai ngot", "gao st25", "tom su", "muc ong", "nam rom", "trung ga ta", "khoai lang mat"];

async function run(engine: "sqlite" | "postgresql", url: string) {
  process.env.DATABASE_URL = url;
  delete (globalThis as { __db?: unknown }).__db;
  const { createDb } = await import("../app/utils/db.server");
  const db = createDb(url);
  (globalThis as { __db?: unknown }).__db = db;
  const { searchCatalog, SearchParamsSchema } = await import("../app/modules/catalog/search.server");

  await db.adminUnit.create({ data: { code: "77", name: "P", nameEn: "P", level: "PROVINCE" } });
  await db.adminUnit.create({ data: { code: "77001", name: "C", nameEn: "C", level: "COMMUNE", parentCode: "77" } });
  const cat = await db.category.create({ data: { slug: "c", nameVi: "Nông sản", nameEn: "Produce" } });
  const farms = [];
  for (let i = 0; i < 1000; i++) farms.push({ id: `farm${i}`, slug: `farm-${i}`, name: `Vuon ${i}`, communeCode: "77001", provinceCode: "77", phone: "+84900000000" });
  await db.farm.createMany({ data: farms });
  const t0 = performance.now();
  for (let start = 0; start < N; start += 5000) {
    const rows = [];
    for (let i = start; i < Math.min(N, start + 5000); i++) {
      const name = `${WORDS[i % WORDS.length]} loai ${i % 7} lo ${i}`;
      rows.push({ id: `p${i}`, farmId: `farm${i % 1000}`, slug: `p-${i}`, name, categoryId: cat.id, unit: "kg", priceVnd: 10_000 + (i % 200) * 1000, stockMilli: (i % 5) * 1000, status: "ACTIVE", searchText: `${name} nong san vuon ${i % 1000}` });
    }
    await db.product.createMany({ data: rows });
  }
  console.log(`${engine}: inserted ${N} products in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // statistics, as autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) would have gathered them
  await db.$executeRawUnsafe("ANALYZE");

  const time = async (fn: () => Promise<unknown>) => {
    const t: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      t.push(performance.now() - s);
    }
    return t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  };
  const result: Record<string, { indexedMs: number; likeScanMs: number; hits: number }> = {};
  for (const q of QUERIES) {
    const words = q.split(" ");
    const indexed = await time(() => searchCatalog(SearchParamsSchema.parse({ q })));
    const like = await time(async () => {
      const where = { status: "ACTIVE", AND: words.map((w) => ({ searchText: { contains: w } })) };
      await Promise.all([db.product.count({ where }), db.product.findMany({ where, select: { id: true }, orderBy: { name: "asc" }, take: 24 })]);
    });
    const hits = (await searchCatalog(SearchParamsSchema.parse({ q }))).total;
    result[q] = { indexedMs: +indexed.toFixed(2), likeScanMs: +like.toFixed(2), hits };
    console.log(`${engine.padEnd(10)} "${q}"`.padEnd(36) + `indexed ${indexed.toFixed(1).padStart(7)} ms   LIKE scan ${like.toFixed(1).padStart(7)} ms   ratio ${(like / indexed).toFixed(1)}×   ${hits} hits`);
  }
  await db.$disconnect();
  return result;
}

// Each engine in its own process (bench/engines.ts).
const engine = childEngine();
if (engine) await benchOnFreshDatabase(engine, "search", run);
else {
  const results = eachEngineInItsOwnProcess("bench/search.ts", ["--products", String(N), "--runs", String(RUNS)]);
  console.log(JSON.stringify({ products: N, runs: RUNS, ...results }));
}
