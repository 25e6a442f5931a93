// bench/http: the production build on 127.0.0.1 under autocannon, 50 concurrent connections, page
// by page, each against the bare route (/resources/ping) measured in the same run. Prints rps and
// p50/p95/p99 latency per page and the ratio of its rps to the bare route's; the last line is JSON.
//   npm run bench:http [-- --duration 10 --connections 50 --data seed|scale --processes 1 --pages a,b --cpu-prof dir --pg]
//   npm run bench:http -- --mix [...]: realistic traffic instead (bench/http-mix.ts)
// --processes: server worker processes (WEB_CONCURRENCY, server.js), sharing the machine's cores
// with the load generator.
// --pages: only these pages (names as printed; the two baselines always run). --cpu-prof: write
// the server's V8 CPU profile into dir (open it in Chrome DevTools' Performance panel).
// --data seed: the demo province (fast to make). --data scale: bench/scale-data.ts's data set.
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { benchEnvironment, flag, opt, sh, startServer, stopServer } from "./http-common";

if (flag("mix")) {
  await import("./http-mix");
  process.exit(0);
}
const DURATION = Number(opt("duration", "10"));
const CONNECTIONS = Number(opt("connections", "50"));
const DATA = opt("data", "seed");
const PORT = Number(opt("port", "3600"));
const PAGES = opt("pages", "").split(",").filter(Boolean);
const CPU_PROF = opt("cpu-prof", "");
const PROCESSES = Number(opt("processes", "1"));
const bench = await benchEnvironment({ port: PORT, processes: PROCESSES });
const { base: BASE, env } = bench;
const ORIGIN = BASE;

type Target = { name: string; path: string; method?: "GET" | "POST"; body?: string; headers?: Record<string, string>; cookies?: string[] };
type Figures = { rps: number; p50: number; p95: number; p99: number; errors: number; requests: number };

// The first second of every page is left out of its figures: autocannon opens its 50 connections
// at once, and for the first second some of them wait on their first answer far longer than any
// request does afterwards (measured: up to 3 s on every page, even the bare resource route, while
// a steady load with connections already open never waits more than ~0.4 s).
const WARM_UP_MS = 1000;

function load(t: Target): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let errors = 0;
    let n = 0;
    let started = 0;
    // several visitors: each request takes the next cookie in turn
    const requests = t.cookies ? [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: { ...(req.headers as Record<string, string>), Cookie: t.cookies![n++ % t.cookies!.length] } }) }] : undefined;
    const instance = autocannon(
      { url: BASE + t.path, method: t.method ?? "GET", body: t.body, headers: t.headers, connections: CONNECTIONS, duration: DURATION, ...(requests ? { requests } : {}) } as autocannon.Options,
      (err, result) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        const pct = (p: number) => +(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN).toFixed(1);
        const seconds = (result.duration || DURATION) - WARM_UP_MS / 1000;
        resolve({ rps: +(latencies.length / seconds).toFixed(1), p50: pct(50), p95: pct(95), p99: pct(99), errors: errors + result.errors + result.timeouts, requests: latencies.length });
      },
    );
    instance.on("start", () => (started = performance.now()));
    instance.on("response", (_client, status: number, _bytes, responseTime: number) => {
      if (performance.now() - responseTime - started < WARM_UP_MS) return; // sent during the warm-up second
      latencies.push(responseTime);
      if (status >= 400) errors++;
    });
  });
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  console.log(`data: ${DATA}; ${CONNECTIONS} connections, ${DURATION} s per page (the first second left out), ${PROCESSES} server process(es)`);
  const { prepare } = await import(DATA === "scale" ? "./scale-data" : "./seed-data");
  sh(env, process.execPath, ["--import", "tsx", "scripts/setup.ts", "--build", ...(DATA === "scale" ? ["--no-seed"] : [])]);
  const ctx: BenchContext = await prepare(env);

  const profile = CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(CPU_PROF)] : [];
  server = await startServer(bench, profile);
  const cookie = (c: string) => ({ Cookie: c });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  // Storefront pages twice: as anonymous visitors arriving from a shared link (they may be served
  // by the page micro-cache, server/page-cache.js), and as logged-in buyers, which always render.
  const storefront: Target[] = [
    { name: "home", path: "/" },
    { name: "search", path: "/search?q=sau+rieng" },
    { name: "searchDiacritics", path: `/search?q=${encodeURIComponent("sầu riêng")}` },
    { name: "product", path: `/products/${ctx.productSlug}` },
    { name: "farm", path: `/farms/${ctx.farmSlug}` },
  ];
  const allTargets: Target[] = [
    ...storefront,
    ...storefront.map((t) => ({ ...t, name: `${t.name}LoggedIn`, cookies: ctx.buyerCookies })),
    {
      name: "addToCart", path: "/cart", method: "POST", cookies: ctx.buyerCookies,
      body: form({ intent: "add", productId: ctx.productId, quantity: "1", redirectTo: "/cart" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
    },
    { name: "sellerDashboard", path: ctx.sellerDashboardPath, headers: cookie(ctx.farmerCookie) },
    { name: "departmentDashboard", path: ctx.departmentDashboardPath, headers: cookie(ctx.officerCookie) },
  ];
  const unknown = PAGES.filter((p) => !allTargets.some((t) => t.name === p));
  if (unknown.length) throw new Error(`unknown pages: ${unknown.join(", ")}; known: ${allTargets.map((t) => t.name).join(", ")}`);
  const targets = PAGES.length ? allTargets.filter((t) => PAGES.includes(t.name)) : allTargets;
  // warm up: compile nothing, fill caches of the OS and the database
  for (const t of [{ name: "bare", path: "/resources/ping" } as Target, { name: "bareDocument", path: "/ping" }, ...targets]) {
    const r = await fetch(BASE + t.path, { method: t.method ?? "GET", body: t.body, headers: { ...t.headers, ...(t.cookies ? { Cookie: t.cookies[0] } : {}) }, redirect: "manual" });
    if (r.status >= 400) throw new Error(`${t.name}: ${t.path} answered ${r.status}`);
  }
  // Two baselines in the same run: the bare Remix resource route (request handler, no React) and
  // the bare document route (root layout rendered, no loader of its own, no data work).
  const bare = await load({ name: "bare", path: "/resources/ping" });
  const bareDoc = await load({ name: "bareDocument", path: "/ping" });
  type Row = Figures & { ratioToBare: number; ratioToBareDocument: number };
  const row = (f: Figures): Row => ({ ...f, ratioToBare: +(f.rps / bare.rps).toFixed(3), ratioToBareDocument: +(f.rps / bareDoc.rps).toFixed(3) });
  const out: Record<string, Row> = { bare: row(bare), bareDocument: row(bareDoc) };
  const line = (n: string, f: Row) =>
    console.log(`${n.padEnd(24)} ${String(f.rps).padStart(8)} req/s   p50 ${String(f.p50).padStart(6)} ms   p95 ${String(f.p95).padStart(6)} ms   p99 ${String(f.p99).padStart(6)} ms   ${(f.ratioToBare * 100).toFixed(0).padStart(4)}% of bare   ${(f.ratioToBareDocument * 100).toFixed(0).padStart(4)}% of bare document${f.errors ? `   ${f.errors} errors` : ""}`);
  line("bare", out.bare);
  line("bareDocument", out.bareDocument);
  for (const t of targets) {
    out[t.name] = row(await load(t));
    line(t.name, out[t.name]);
  }
  console.log(JSON.stringify({ data: DATA, connections: CONNECTIONS, durationS: DURATION, processes: PROCESSES, cpus: os.cpus().length, ...ctx.sizes, pages: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { rps: v.rps, p50: v.p50, p95: v.p95, p99: v.p99, ratioToBare: v.ratioToBare, ratioToBareDocument: v.ratioToBareDocument, errors: v.errors }])) }));
} finally {
  await stopServer(server);
  await bench.cleanup();
}

export type BenchContext = {
  productSlug: string; productId: string; farmSlug: string;
  buyerCookies: string[]; farmerCookie: string; officerCookie: string;
  sellerDashboardPath: string; departmentDashboardPath: string;
  sizes: Record<string, number>;
};
