// bench/http --mix: realistic traffic rather than one URL at a time. Thousands of distinct product,
// farm, category and search URLs drawn from a Zipf popularity curve; 500 distinct signed-in buyers
// (each their own address, a third reading in English) with different carts, and anonymous
// visitors; 2% of requests place an order (GET /checkout, then POST it, as a browser does) and 1%
// are a farm's stock or price edit, all while it runs. Prints req/s, p50/p95/p99 and errors, per
// kind and overall, each cache's hit rate (from each response's Server-Timing and X-Page-Cache),
// and the bare route's req/s measured by the same client in the same run. Last line JSON.
//   npm run bench:http -- --mix [--duration 30] [--connections 50] [--processes 1] [--pg] [--data seed|scale] [--cpu-prof dir]
// Targets (issue "Integrity"): p95 < 150 ms, ≥ 50% of the bare route's req/s, no errors.
import os from "node:os";
import { Agent, request } from "undici";
import { seededRandom } from "../app/modules/forecasting/testing/random";
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

const random = seededRandom(SEED);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

type Buyer = { cookie: string; ip: string };
type Editor = { cookie: string; ip: string; productId: string; name: string; categoryId: string; unit: string; description: string; soldByWeight: boolean; priceVnd: number };
type Prepared = { urls: string[]; byClass: Record<string, string[]>; buyers: Buyer[]; editors: Editor[]; productIds: string[]; sizes: Record<string, number> };

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
  const byClass: Record<string, string[]> = {};
  for (const u of urls) (byClass[classOf(u)] ??= []).push(u);
  return { urls, byClass, buyers, editors, productIds: products.map((p) => p.id), sizes };
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
type Sample = { kind: Kind; ms: number; ok: boolean; cls?: string };
/** What kind of page a URL is (the breakdown printed under "page"). */
const classOf = (path: string) => (path === "/" || path === "/farms" ? "home" : (/^\/(search|products|farms|categories)/.exec(path)?.[1] ?? "other"));
const samples: Sample[] = [];
const failures = new Map<string, number>();
const caches = { page: { hits: 0, misses: 0 }, render: { hits: 0, misses: 0 }, catalog: { hits: 0, misses: 0 } };

// The client is undici's `request` on kept-alive connections, asking for brotli as browsers do and
// not decoding it (a browser decodes on its own device; decoding here would take the server's CPU).
const agent = new Agent({ connections: CONNECTIONS * 2, pipelining: 1 });
let bytes = 0;

async function send(kind: Kind, path: string, init: { method?: "GET" | "POST"; body?: string; headers?: Record<string, string>; ip?: string; cookie?: string } = {}, expect: number[] = [200]): Promise<{ status: number; text: string; headers: Record<string, string> }> {
  const headers: Record<string, string> = { "accept-encoding": "br", ...init.headers, "x-forwarded-for": init.ip ?? "10.255.0.1" };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.method === "POST") headers.origin = BASE;
  // pages whose form this client reads back (checkout, a product's edit page) come uncompressed
  const readBack = kind === "order" || kind === "edit";
  if (readBack) headers["accept-encoding"] = "identity";
  const started = performance.now();
  try {
    const res = await request(BASE + path, { dispatcher: agent, method: init.method ?? "GET", headers, body: init.body });
    const buf = Buffer.from(await res.body.arrayBuffer());
    bytes += buf.length;
    const ms = performance.now() - started;
    const ok = expect.includes(res.statusCode);
    const h = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v ?? "")]));
    samples.push({ kind, ms, ok, cls: kind === "page" ? classOf(path) : undefined });
    if (!ok) {
      const why = readBack ? (/role="alert"[^>]*>(?:<li>)?([^<]{0,80})/.exec(buf.toString("utf8"))?.[1] ?? "") : "";
      failures.set(`${kind} ${res.statusCode}${why ? ` (${why})` : ""}`, (failures.get(`${kind} ${res.statusCode}${why ? ` (${why})` : ""}`) ?? 0) + 1);
    }
    const page = h["x-page-cache"];
    if (page) caches.page[page === "hit" ? "hits" : "misses"]++;
    const timing = h["server-timing"] ?? "";
    const cat = /catalog;dur=[\d.]+;desc="(\d+) hit (\d+) miss"/.exec(timing);
    if (cat) {
      caches.catalog.hits += Number(cat[1]);
      caches.catalog.misses += Number(cat[2]);
    }
    const render = /render-cache;desc="(hit|miss)"/.exec(timing);
    if (render) caches.render[render[1] === "hit" ? "hits" : "misses"]++;
    return { status: res.statusCode, text: readBack ? buf.toString("utf8") : "", headers: h };
  } catch (e) {
    samples.push({ kind, ms: performance.now() - started, ok: false });
    failures.set(`${kind} ${(e as Error).message}`, (failures.get(`${kind} ${(e as Error).message}`) ?? 0) + 1);
    return { status: 0, text: "", headers: {} };
  }
}

const hidden = (html: string, name: string) => new RegExp(`name="${name.replace(/[[\].]/g, "\\$&")}"[^>]*? value="([^"]*)"`).exec(html)?.[1];
const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });

/** A buyer orders what is in their cart, as a browser does: the checkout page, then its form. */
async function order(p: Prepared, b: Buyer) {
  let page = await send("order", "/checkout", { cookie: b.cookie, ip: b.ip }, [200, 302]);
  if (page.status === 302) {
    await send("order", "/cart", { method: "POST", cookie: b.cookie, ip: b.ip, ...form({ intent: "add", productId: pick(p.productIds), quantity: "1", redirectTo: "/cart" }) }, [302]);
    page = await send("order", "/checkout", { cookie: b.cookie, ip: b.ip });
  }
  const fields: Record<string, string> = { idempotencyKey: hidden(page.text, "idempotencyKey") ?? "", seenPrices: hidden(page.text, "seenPrices") ?? "", buyerName: "Người mua", buyerPhone: "0912345678" };
  const offered = new Map<string, string[]>();
  for (const m of page.text.matchAll(/name="farms\[(\d+)\]\.fulfilment"[^>]*? value="(\w+)"/g)) offered.set(m[1], [...(offered.get(m[1]) ?? []), m[2]]);
  for (let i = 0; ; i++) {
    const farmId = hidden(page.text, `farms[${i}].farmId`);
    if (!farmId) break;
    const pickup = (offered.get(String(i)) ?? []).includes("PICKUP");
    Object.assign(fields, { [`farms[${i}].farmId`]: farmId, [`farms[${i}].fulfilment`]: pickup ? "PICKUP" : "DELIVERY", [`farms[${i}].address`]: pickup ? "" : "12 Lê Lợi, Bà Rịa", [`farms[${i}].paymentMethod`]: "VIETQR" });
  }
  const placed = await send("order", "/checkout", { method: "POST", cookie: b.cookie, ip: b.ip, ...form(fields) }, [302]);
  if (placed.status === 400 && process.env.BENCH_DEBUG) (await import("node:fs")).writeFileSync("/tmp/order-fail.txt", JSON.stringify(fields, null, 1) + "\n" + page.text);
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

async function run(seconds: number, step: (worker: number) => Promise<void>) {
  const until = performance.now() + seconds * 1000;
  const started = samples.length;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async (_, worker) => {
    while (performance.now() < until) await step(worker);
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
  const profile = opt("cpu-prof", "") ? ["--cpu-prof", "--cpu-prof-dir", opt("cpu-prof", "")] : [];
  server = await startServer(bench, profile);

  // warm-up (not counted): the code paths once, then the bare route, measured by the same client
  await run(3, async () => void (await send("bare", "/resources/ping")));
  samples.length = 0;
  const bare = await run(10, async () => void (await send("bare", "/resources/ping")));
  const bareFig = figures(samples.filter((s) => s.kind === "bare"), bare.seconds);
  samples.length = 0;
  for (const k of Object.keys(caches) as Array<keyof typeof caches>) caches[k] = { hits: 0, misses: 0 };
  failures.clear();

  // what people open, by kind (a marketplace's usual shares: product pages most, then searches,
  // farm pages, the home page, categories), and within a kind by Zipf popularity
  const SHARES: Array<[string, number]> = [["products", 0.45], ["search", 0.25], ["farms", 0.12], ["home", 0.1], ["categories", 0.08]];
  const draws = Object.fromEntries(Object.entries(p.byClass).map(([c, us]) => [c, zipf(us.length)]));
  const drawUrl = () => {
    let x = random();
    for (const [c, share] of SHARES) {
      if ((x -= share) < 0 && p.byClass[c]?.length) return p.byClass[c][draws[c]()];
    }
    return "/";
  };
  // a buyer (and a farm's product) is used by one connection only: a person does not act twice at once
  const mix = await run(DURATION_S, async (worker) => {
    const mine = <T>(xs: T[]) => xs[(Math.floor(random() * Math.ceil(xs.length / CONNECTIONS)) * CONNECTIONS + worker) % xs.length];
    const r = random();
    if (r < 0.02) return order(p, mine(p.buyers));
    if (r < 0.03) return edit(mine(p.editors));
    const signedIn = random() < 0.7;
    const b = mine(p.buyers);
    if (signedIn && random() < 0.05) return void (await send("cart", "/cart", { cookie: b.cookie, ip: b.ip }));
    await send("page", drawUrl(), signedIn ? { cookie: b.cookie, ip: b.ip } : { ip: `10.254.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}` });
  });

  const all = figures(samples, mix.seconds);
  const byKind = Object.fromEntries((["page", "cart", "order", "edit"] as const).map((k) => [k, figures(samples.filter((s) => s.kind === k), mix.seconds)]));
  const rate = (c: { hits: number; misses: number }) => (c.hits + c.misses ? +(c.hits / (c.hits + c.misses)).toFixed(3) : null);
  const line = (name: string, f: ReturnType<typeof figures>) =>
    console.log(`${name.padEnd(8)} ${String(f.requests).padStart(7)} req  ${String(f.rps).padStart(7)} req/s   p50 ${String(f.p50).padStart(6)} ms   p95 ${String(f.p95).padStart(6)} ms   p99 ${String(f.p99).padStart(6)} ms   ${f.errors} errors`);
  line("bare", bareFig);
  line("mix", all);
  for (const [k, f] of Object.entries(byKind)) line(`  ${k}`, f);
  const byClass = Object.fromEntries(["home", "products", "farms", "categories", "search", "other"].map((c) => [c, figures(samples.filter((s) => s.cls === c), mix.seconds)]).filter(([, f]) => (f as { requests: number }).requests > 0));
  for (const [c, f] of Object.entries(byClass)) line(`    ${c}`, f as ReturnType<typeof figures>);
  console.log(`mix at ${((all.rps / bareFig.rps) * 100).toFixed(0)}% of the bare route's req/s (target ≥ 50%), p95 ${all.p95} ms (target < 150 ms)`);
  console.log(`${(bytes / 1024 / 1024).toFixed(1)} MB received (brotli as sent)`);
  console.log(`cache hit rates: page ${rate(caches.page)} (${caches.page.hits + caches.page.misses} anonymous storefront requests), render ${rate(caches.render)}, catalog ${rate(caches.catalog)} (${caches.catalog.hits + caches.catalog.misses} reads)`);
  if (failures.size) console.log(`failures: ${[...failures].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  console.log(JSON.stringify({
    mix: true, data: DATA, engine: flag("pg") || bench.env.DATABASE_URL ? "postgresql" : "sqlite", processes: PROCESSES, connections: CONNECTIONS, durationS: DURATION_S, cpus: os.cpus().length, ...p.sizes,
    bare: bareFig, all, byKind, byPage: byClass, ratioToBare: +(all.rps / bareFig.rps).toFixed(3),
    cacheHitRates: { page: rate(caches.page), render: rate(caches.render), catalog: rate(caches.catalog) },
    failures: Object.fromEntries(failures),
  }));
} finally {
  await stopServer(server);
  await bench.cleanup();
}
