// A small in-process cache for public catalog reads (home lists, search results, product and farm
// pages), measured necessary by bench:http: Prisma's query compiler and the SQLite round trips
// cost several ms per query, and a storefront page ran 5–10 of them for every visitor.
//
// Freshness: every write to a catalog table through Prisma bumps `catalogVersion` (db.server.ts),
// which drops everything cached in this process at once; other processes see the change after at
// most the TTL (CATALOG_CACHE_MS, default 20 s; 0 turns caching off, as tests do). Live values
// that must not lag (stock shown next to "add to cart", prices in the cart) are read outside it.

import { noteCatalog } from "./cache-stats.server";

let version = 0;
export function bumpCatalogVersion(): void {
  version++;
}
/** Empties this process's catalog cache (the admins' "purge", /admin). */
export function purgeCatalogCache(): void {
  store.clear();
  version++;
}

/** The current catalog version (db.server.ts compares it around a transaction). */
export function catalogVersion(): number {
  return version;
}

const MAX_ENTRIES = 2000;
const store = new Map<string, { version: number; expires: number; value: Promise<unknown> }>();

/** A TTL from the environment variable `name`, `fallback` ms by default, 0 (off) under tests. */
export function ttlFromEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v !== undefined && v !== "") return Number(v) || 0;
  return process.env.NODE_ENV === "test" ? 0 : fallback;
}
const ttl = () => ttlFromEnv("CATALOG_CACHE_MS", 20_000);

/**
 * The value for `key`, loaded at most once per TTL (and, unless `versioned: false`, per catalog
 * version); failed loads are not kept.
 */
export function cached<T>(key: string, load: () => Promise<T>, ttlMs = ttl(), { versioned = true }: { versioned?: boolean } = {}): Promise<T> {
  if (ttlMs <= 0) return load();
  const now = Date.now();
  const hit = store.get(key);
  if (hit && (!versioned || hit.version === version) && hit.expires > now) {
    store.delete(key); // keep recently used entries at the end (LRU order)
    store.set(key, hit);
    noteCatalog(true);
    return hit.value as Promise<T>;
  }
  const started = performance.now();
  const value = load();
  void value.then(() => noteCatalog(false, performance.now() - started), () => {});
  store.set(key, { version, expires: now + ttlMs, value });
  value.catch(() => store.delete(key));
  while (store.size > MAX_ENTRIES) store.delete(store.keys().next().value!);
  return value;
}
