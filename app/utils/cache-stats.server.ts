// What the three caches do, observable (ADR 013, 015). Each request's own hits, misses and time
// go out in its Server-Timing header (browser devtools show them); totals per process are on
// /admin, with a button that empties all three.
//
// The three caches and what must stay true of them:
//  1. page cache (server/page-cache.js): whole responses of public storefront pages, for visitors
//     with no cookie at all, a few seconds (PAGE_CACHE_MS). Never a response that sets a cookie or
//     is not 200; anyone with a session, cart or language choice sends a cookie and bypasses it.
//  2. render cache (render-cache.server.ts): HTML for a URL + the exact loader data (root included);
//     loaders always run, so permissions and fresh data are checked on every request. Two people
//     share a rendering only if theirs would be byte for byte the same.
//  3. catalog cache (cache.server.ts): results of public catalog reads, dropped in this process by
//     any write to a catalog table (also when the writing transaction commits), and after at most
//     CATALOG_CACHE_MS in the others. Live values (stock beside "add to cart", cart prices) are read
//     outside it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";

type Counter = { hits: number; misses: number; ms: number };
const totals = { catalog: { hits: 0, misses: 0, ms: 0 }, render: { hits: 0, misses: 0, ms: 0 } } satisfies Record<string, Counter>;
type RequestLog = { catalog: Counter; render: "hit" | "miss" | null };
const current = new AsyncLocalStorage<RequestLog>();

/** The catalog cache answered from memory (`hit`) or loaded in `ms`. */
export function noteCatalog(hit: boolean, ms = 0): void {
  const log = current.getStore();
  for (const c of log ? [totals.catalog, log.catalog] : [totals.catalog]) {
    if (hit) c.hits++;
    else {
      c.misses++;
      c.ms += ms;
    }
  }
}

/** The render cache gave this document (`hit`) or React rendered it. */
export function noteRender(hit: boolean): void {
  if (hit) totals.render.hits++;
  else totals.render.misses++;
  const log = current.getStore();
  if (log) log.render = hit ? "hit" : "miss";
}

/** The page cache's counters live in server.js (outside the build); it publishes them here. */
type PageCacheHandle = { stats: () => { hits: number; misses: number; entries: number }; purge: () => void };
declare global {
  var __pageCache: PageCacheHandle | undefined;
}

export function cacheTotals() {
  const rate = (c: { hits: number; misses: number }) => (c.hits + c.misses ? c.hits / (c.hits + c.misses) : null);
  const page = globalThis.__pageCache?.stats() ?? null;
  return [
    { name: "page", hits: page?.hits ?? 0, misses: page?.misses ?? 0, hitRate: page ? rate(page) : null, avgMissMs: null, entries: page?.entries ?? null },
    { name: "render", ...totals.render, hitRate: rate(totals.render), avgMissMs: null, entries: null as number | null },
    { name: "catalog", ...totals.catalog, hitRate: rate(totals.catalog), avgMissMs: totals.catalog.misses ? totals.catalog.ms / totals.catalog.misses : null, entries: null as number | null },
  ];
}

export function purgePageCache(): void {
  globalThis.__pageCache?.purge();
}

/** `Server-Timing` for one request's log. */
export function serverTiming(log: RequestLog): string {
  const parts = [`catalog;dur=${log.catalog.ms.toFixed(1)};desc="${log.catalog.hits} hit ${log.catalog.misses} miss"`];
  if (log.render) parts.push(`render-cache;desc="${log.render}"`);
  return parts.join(", ");
}

/**
 * Express middleware (server.js): gives each request its own log and writes it into the response's
 * Server-Timing header just before the headers go out.
 */
export function cacheTimingMiddleware() {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const log: RequestLog = { catalog: { hits: 0, misses: 0, ms: 0 }, render: null };
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!this.headersSent && (log.catalog.hits || log.catalog.misses || log.render)) this.setHeader("Server-Timing", serverTiming(log));
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse["writeHead"];
    current.run(log, next);
  };
}

/** For tests: run `fn` with a fresh request log and return it. */
export async function withRequestLog<T>(fn: () => Promise<T>): Promise<{ result: T; log: RequestLog }> {
  const log: RequestLog = { catalog: { hits: 0, misses: 0, ms: 0 }, render: null };
  const result = await current.run(log, fn);
  return { result, log };
}
