// bench/http --mix: realistic traffic rather than one URL at a time. Thousands of distinct product,
// farm, category and search URLs drawn from a Zipf popularity curve; 500 distinct signed-in buyers
// (each their own address, a third reading in English) with different carts, and anonymous
// visitors; 2% of requests place an order (GET /checkout, then POST it, as a browser does) and 1%
// are a farm's stock or price edit, all while it runs. Prints req/s, p50/p95/p99 and errors, per
// kind and overall, each cache's hit rate (from each response's Server-Timing and X-Page-Cache),
// and the bare route's req/s measured by the same client in the same run. Last line JSON.
//   npm run bench:http -- --mix [--duration 30] [--connections 50] [--processes 1] [--pg] [--data seed|scale]
// Targets (issue "Integrity"): p95 < 150 ms, ≥ 50% of the bare route's req/s, no errors.
import os from "node:os";
import { benchEnvironment, flag, opt, sh, startServer, stopServer } from "./http-common";

const DURATION_S = Number(opt("duration", "30"));
const CONNECTIONS = Number(opt("connections", "50"));
const PROCESSES = Number(opt("processes", "1"));
const PORT = Number(opt("port", "3610"));
const DATA = opt("data", "seed");
const BUYERS = 500;
const SEED = Number(opt("seed", "1207"));

// Buyers here order far more often than real ones (2% of all requests): the per-buyer hold limits
// (ADR 015) would refuse them, which is not what this measures. Each buyer comes from its own
// address through one trusted proxy hop, as behind the documented nginx.
const bench = await benchEnvironment({
  port: PORT,
  processes: PROCESSES,
  extra: { TRUST_PROXY: "1", HOLD_MAX_UNPAID_PARTS: "100000", HOLD_MAX_SHARE_OF_STOCK: "1", HOLD_MAX_EXPIRED_PER_DAY: "100000" },
});
const BASE = bench.base;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

type Buyer = { cookie: string; ip: string };
type Editor = { cookie: string; ip: string; productId: string; name: string; categoryId: string; unit: string; description: string; soldByWeight: boolean; priceVnd: number };
type Prepared = { urls: string[]; buyers: Buyer[]; editors: Editor[]; productIds: string[]; sizes: Record<string, number> };

async function prepare(): Promise<Prepared> {
  Object.assign(process.env, bench.env);
  const { db } = await import("../app/utils/db.server");
  const { createSession, commitSessionCookie } = await import("../app/modules/auth/session.server");
  const { ensureCart, setCartLine } = await import("../app/modules/cart/cart.server");
  const { localeCookie } = await import("../app/modules/i18n/i18next.server");
  const { foldVietnamese } = await import("../app/modules/catalog/text");
  const sessionCookie = async (userId: string) => (await commitSessionCookie((await createSession({ userId })).token)).split(";")[0];
  const en = (await localeCookie.serialize("en")).split(";")[0];

  const products = await db.product.findMany({
    where: { status: "ACTIVE", farm: { status: "ACTIVE" } },
    select: { id: true, slug: true, name: true, categoryId: true, unit: true, description: true, soldByWeight: true, priceVnd: true, farmId: true },
  });
  // nobody runs out during the run: an order refused for stock is not what is measured
  await db.product.updateMany({ where: { id: { in: products.map((p) => p.id) } }, data: { stockMilli: 100_000_000 } });
  const farms = await db.farm.findMany({ where: { status: "ACTIVE" }, select: { id: true, slug: true, members: { where: { role: "OWNER" }, select: { userId: true } } } });
  const categories = await db.category.findMany({ select: { slug: true } });

  // distinct URLs: every product, farm and category page, and searches made of the words of product
  // names (with and without diacritics, sorted and paged a few ways)
  const words = [...new Set(products.flatMap((p) => p.name.toLowerCase().split(/\s+/)).filter((w) => w.length > 2))];
  const searches = new Set<string>();
  const sorts = ["", "&sort=price_asc", "&sort=newest", "&page=2", "&inStock=1"];
  for (const w of words) {
    for (const q of [w, foldVietnamese(w)]) for (const s of sorts) searches.add(`/search?q=${encodeURIComponent(q)}${s}`);
  }
  for (let i = 0; i < 600; i++) searches.add(`/search?q=${encodeURIComponent(`${pick(words)} ${pick(words)}`)}`);
  const urls = [
    "/",
    "/farms",
    ...products.map((p) => `/products/${p.slug}`),
    ...farms.map((f) => `/farms/${f.slug}`),
    ...categories.map((c) => `/categories/${c.slug}`),
    ...searches,
  ];
  // a popularity order: shuffled once (seeded), then drawn by Zipf rank
  for (let i = urls.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [urls[i], urls[j]] = [urls[j], urls[i]];
  }

  const { hashPassword } = await import("../app/modules/auth/password.server");
  const passwordHash = await hashPassword("bench-password-1");
  const buyers: Buyer[] = [];
  for (let i = 0; i < BUYERS; i++) {
    const email = `bench-mix-${i}@chonong.test`;
    const user = await db.user.upsert({ where: { email }, create: { email, name: `Người mua ${i}`, passwordHash }, update: {}, select: { id: true } });
    const { cartId } = await ensureCart(new Request(BASE), user.id);
    for (let k = Math.floor(random() * 4); k > 0; k--) await setCartLine({ cartId, productId: pick(products).id, quantityMilli: 1000 });
    const cookie = await sessionCookie(user.id);
    buyers.push({ cookie: i % 3 === 0 ? `${cookie}; ${en}` : cookie, ip: `10.${(i >> 8) & 255}.${i & 255}.${1 + (i % 200)}` });
  }
  const editors: Editor[] = [];
  for (const f of farms) {
    const owner = f.members[0]?.userId;
    if (!owner) continue;
    const cookie = await sessionCookie(owner);
    for (const p of products.filter((x) => x.farmId === f.id).slice(0, 5)) editors.push({ cookie, ip: `10.200.${editors.length & 255}.9`, productId: p.id, name: p.name, categoryId: p.categoryId, unit: p.unit, description: p.description, soldByWeight: p.soldByWeight, priceVnd: p.priceVnd });
  }
  const sizes = { farms: farms.length, products: products.length, urls: urls.length, buyers: buyers.length };
  await db.$disconnect();
  return { urls, buyers, editors, productIds: products.map((p) => p.id), sizes };
}

// Zipf over ranks 1..n with exponent s: the cumulative weights, drawn by binary search.
function zipf(n: number, s = 1.07) {
  const cum: number[] = [];
  let total = 0;
  for (let r = 1; r <= n; r++) cum.push((total += 1 / r ** s));
  return () => {
    const x = random() * total;
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

type Kind = "page" | "cart" | "order" | "edit" | "bare";
type Sample = { kind: Kind; ms: number; ok: boolean };
const samples: Sample[] = [];
const failures = new Map<string, number>();
const caches = { page: { hits: 0, misses: 0 }, render: { hits: 0, misses: 0 }, catalog: { hits: 0, misses: 0 } };

async function send(kind: Kind, path: string, init: RequestInit & { ip?: string; cookie?: string } = {}, expect: number[] = [200]): Promise<{ status: number; text: string; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  headers.set("X-Forwarded-For", init.ip ?? "10.255.0.1");
  if (init.method === "POST") headers.set("Origin", BASE);
  const started = performance.now();
  try {
    const res = await fetch(BASE + path, { ...init, headers, redirect: "manual" });
    const text = await res.text();
    const ms = performance.now() - started;
    const ok = expect.includes(res.status);
    samples.push({ kind, ms, ok });
    if (!ok) failures.set(`${kind} ${res.status}`, (failures.get(`${kind} ${res.status}`) ?? 0) + 1);
    const page = res.headers.get("x-page-cache");
    if (page) caches.page[page === "hit" ? "hits" : "misses"]++;
    const timing = res.headers.get("server-timing") ?? "";
    const cat = /catalog;dur=[\d.]+;desc="(\d+) hit (\d+) miss"/.exec(timing);
    if (cat) {
      caches.catalog.hits += Number(cat[1]);
      caches.catalog.misses += Number(cat[2]);
    }
    const render = /render-cache;desc="(hit|miss)"/.exec(timing);
    if (render) caches.render[render[1] === "hit" ? "hits" : "misses"]++;
    return { status: res.status, text, headers: res.headers };
  } catch (e) {
    samples.push({ kind, ms: performance.now() - started, ok: false });
    failures.set(`${kind} ${(e as Error).message}`, (failures.get(`${kind} ${(e as Error).message}`) ?? 0) + 1);
    return { status: 0, text: "", headers: new Headers() };
  }
}

const hidden = (html: string, name: string) => new RegExp(`name="${name.replace(/[[\].]/g, "\\$&")}" value="([^"]*)"`).exec(html)?.[1];
const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

/** A buyer orders what is in their cart, as a browser does: the checkout page, then its form. */
async function order(p: Prepared, b: Buyer) {
  let page = await send("order", "/checkout", { cookie: b.cookie, ip: b.ip }, [200, 302]);
  if (page.status === 302) {
    await send("order", "/cart", { method: "POST", cookie: b.cookie, ip: b.ip, ...form({ intent: "add", productId: pick(p.productIds), quantity: "1", redirectTo: "/cart" }) }, [302]);
    page = await send("order", "/checkout", { cookie: b.cookie, ip: b.ip });
  }
  const fields: Record<string, string> = { idempotencyKey: hidden(page.text, "idempotencyKey") ?? "", seenPrices: hidden(page.text, "seenPrices") ?? "", buyerName: "Người mua", buyerPhone: "0912345678" };
  for (let i = 0; ; i++) {
    const farmId = hidden(page.text, `farms[${i}].farmId`);
    if (!farmId) break;
    const pickup = page.text.includes(`name="farms[${i}].fulfilment" value="PICKUP"`);
    Object.assign(fields, { [`farms[${i}].farmId`]: farmId, [`farms[${i}].fulfilment`]: pickup ? "PICKUP" : "DELIVERY", [`farms[${i}].address`]: pickup ? "" : "12 Lê Lợi, Bà Rịa", [`farms[${i}].paymentMethod`]: "VIETQR" });
  }
  await send("order", "/checkout", { method: "POST", cookie: b.cookie, ip: b.ip, ...form(fields) }, [302]);
  // the next order of this buyer has something to buy
  await send("order", "/cart", { method: "POST", cookie: b.cookie, ip: b.ip, ...form({ intent: "add", productId: pick(p.productIds), quantity: "1", redirectTo: "/cart" }) }, [302]);
}

/** A farm changes a product's stock (alone) or its price (the whole form), from the page it just opened. */
async function edit(e: Editor) {
  const page = await send("edit", `/seller/products/${e.productId}`, { cookie: e.cookie, ip: e.ip });
  const seen = Number(hidden(page.text, "stockSeen") ?? "0");
  const units = String(Math.floor(seen / 1000) + (random() < 0.5 ? 5 : 0));
  if (random() < 0.5) {
    await send("edit", `/seller/products/${e.productId}?op=stock`, { method: "POST", cookie: e.cookie, ip: e.ip, ...form({ stock: units, stockSeen: String(seen) }) }, [302]);
  } else {
    const price = String(Math.max(1000, e.priceVnd + (random() < 0.5 ? 1000 : -1000)));
    await send("edit", `/seller/products/${e.productId}`, {
      method: "POST", cookie: e.cookie, ip: e.ip,
      ...form({ name: e.name, categoryId: e.categoryId, unit: e.unit, price, stock: String(Math.floor(seen / 1000)), stockSeen: String(seen), description: e.description, intent: "publish", ...(e.soldByWeight ? { soldByWeight: "on", step: "1" } : {}) }),
    }, [302]);
  }
}

async function run(seconds: number, step: () => Promise<void>) {
  const until = performance.now() + seconds * 1000;
  const started = samples.length;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < until) await step();
  }));
  return { requests: samples.length - started, seconds: (performance.now() - t0) / 1000 };
}

function figures(xs: Sample[], seconds: number) {
  const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
  const pct = (p: number) => +(ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))] ?? NaN).toFixed(1);
  return { requests: xs.length, rps: +(xs.length / seconds).toFixed(1), p50: pct(50), p95: pct(95), p99: pct(99), errors: xs.filter((x) => !x.ok).length };
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  console.log(`mix: ${DATA} data, ${PROCESSES} server process(es), ${flag("pg") || bench.env.DATABASE_URL ? "PostgreSQL" : "SQLite"}, ${CONNECTIONS} connections, ${DURATION_S} s`);
  if (DATA === "scale") {
    const { prepare: scale } = await import("./scale-data");
    sh(bench.env, process.execPath, ["--import", "tsx", "scripts/setup.ts", "--build", "--no-seed"]);
    await scale(bench.env);
  } else {
    sh(bench.env, process.execPath, ["--import", "tsx", "scripts/setup.ts", "--build"]);
  }
  const p = await prepare();
  console.log(`${p.sizes.urls} distinct URLs over ${p.sizes.products} products and ${p.sizes.farms} farms; ${p.sizes.buyers} buyers; ${p.editors.length} editable products`);
  server = await startServer(bench);

  // warm-up (not counted): the code paths once, then the bare route, measured by the same client
  await run(3, async () => void (await send("bare", "/resources/ping")));
  samples.length = 0;
  const bare = await run(10, async () => void (await send("bare", "/resources/ping")));
  const bareFig = figures(samples.filter((s) => s.kind === "bare"), bare.seconds);
  samples.length = 0;
  for (const k of Object.keys(caches) as Array<keyof typeof caches>) caches[k] = { hits: 0, misses: 0 };
  failures.clear();

  const draw = zipf(p.urls.length);
  const mix = await run(DURATION_S, async () => {
    const r = random();
    if (r < 0.02) return order(p, pick(p.buyers));
    if (r < 0.03) return edit(pick(p.editors));
    const signedIn = random() < 0.7;
    const b = pick(p.buyers);
    if (signedIn && random() < 0.05) return void (await send("cart", "/cart", { cookie: b.cookie, ip: b.ip }));
    await send("page", p.urls[draw()], signedIn ? { cookie: b.cookie, ip: b.ip } : { ip: `10.254.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}` });
  });

  const all = figures(samples, mix.seconds);
  const byKind = Object.fromEntries((["page", "cart", "order", "edit"] as const).map((k) => [k, figures(samples.filter((s) => s.kind === k), mix.seconds)]));
  const rate = (c: { hits: number; misses: number }) => (c.hits + c.misses ? +(c.hits / (c.hits + c.misses)).toFixed(3) : null);
  const line = (name: string, f: ReturnType<typeof figures>) =>
    console.log(`${name.padEnd(8)} ${String(f.requests).padStart(7)} req  ${String(f.rps).padStart(7)} req/s   p50 ${String(f.p50).padStart(6)} ms   p95 ${String(f.p95).padStart(6)} ms   p99 ${String(f.p99).padStart(6)} ms   ${f.errors} errors`);
  line("bare", bareFig);
  line("mix", all);
  for (const [k, f] of Object.entries(byKind)) line(`  ${k}`, f);
  console.log(`mix at ${((all.rps / bareFig.rps) * 100).toFixed(0)}% of the bare route's req/s (target ≥ 50%), p95 ${all.p95} ms (target < 150 ms)`);
  console.log(`cache hit rates: page ${rate(caches.page)} (${caches.page.hits + caches.page.misses} anonymous storefront requests), render ${rate(caches.render)}, catalog ${rate(caches.catalog)} (${caches.catalog.hits + caches.catalog.misses} reads)`);
  if (failures.size) console.log(`failures: ${[...failures].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  console.log(JSON.stringify({
    mix: true, data: DATA, engine: flag("pg") || bench.env.DATABASE_URL ? "postgresql" : "sqlite", processes: PROCESSES, connections: CONNECTIONS, durationS: DURATION_S, cpus: os.cpus().length, ...p.sizes,
    bare: bareFig, all, byKind, ratioToBare: +(all.rps / bareFig.rps).toFixed(3),
    cacheHitRates: { page: rate(caches.page), render: rate(caches.render), catalog: rate(caches.catalog) },
    failures: Object.fromEntries(failures),
  }));
} finally {
  await stopServer(server);
  await bench.cleanup();
}
