import { describe, expect, it, vi } from "vitest";
import { createRenderCache, serialiseInputs } from "./render-cache.server";

const NONCE_A = "AAAAAAAAAAAAAAAAAAAAAA==";
const NONCE_B = "BBBBBBBBBBBBBBBBBBBBBB==";
const page = (nonce: string, text = "xin chào") => `<html><body>${text}<script nonce="${nonce}">1</script></body></html>`;
const get = (url: string) => new Request(`http://127.0.0.1${url}`);
const ok = (loaderData: unknown) => ({ loaderData, actionData: null, errors: null });
const options = { entries: 3, bytes: 1024 * 1024, ttlMs: 60_000 };

describe("serialiseInputs", () => {
  it("tells apart every pair of values that JSON would confuse", () => {
    const values: unknown[] = [null, undefined, Number.NaN, 0, -0, Infinity, "0", "null", false, [], {}, { a: undefined }, [undefined], [null], new Date(0), new Date(1), "1970-01-01T00:00:00.000Z", 1n, { a: 1, b: 2 }, { a: "1,b:2" }];
    const seen = values.map((v) => serialiseInputs(v));
    expect(seen.every((s) => typeof s === "string")).toBe(true);
    expect(new Set(seen).size).toBe(values.length);
    expect(serialiseInputs({ x: [1, { y: "z" }] })).toBe(serialiseInputs({ x: [1, { y: "z" }] }));
  });

  it("refuses what it cannot compare exactly: maps, sets, class instances, functions, promises, cycles", () => {
    class Money { constructor(readonly vnd: number) {} }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const v of [new Map([["a", 1]]), new Set([1]), new Money(5), () => 1, Promise.resolve(1), { deep: [new Map()] }, cyclic]) expect(serialiseInputs(v)).toBeNull();
  });
});

describe("the render cache", () => {
  it("keys on the URL and all loader data; only successful GETs without action data or errors", () => {
    const cache = createRenderCache(options);
    const k = cache.key(get("/farms/a"), 200, ok({ root: { cartCount: 0 } }));
    expect(k).toMatch(/^[\w-]{43}$/);
    expect(cache.key(get("/farms/a"), 200, ok({ root: { cartCount: 0 } }))).toBe(k);
    expect(cache.key(get("/farms/a"), 200, ok({ root: { cartCount: 1 } }))).not.toBe(k);
    expect(cache.key(get("/farms/a?page=2"), 200, ok({ root: { cartCount: 0 } }))).not.toBe(k);
    expect(cache.key(new Request("http://127.0.0.1/farms/a", { method: "POST" }), 200, ok({}))).toBeNull();
    expect(cache.key(get("/farms/a"), 404, ok({}))).toBeNull();
    expect(cache.key(get("/farms/a"), 200, { loaderData: {}, actionData: { error: "x" }, errors: null })).toBeNull();
    expect(cache.key(get("/farms/a"), 200, { loaderData: {}, actionData: null, errors: { root: new Error("x") } })).toBeNull();
    expect(cache.key(get("/farms/a"), 200, ok({ m: new Map() }))).toBeNull();
    expect(createRenderCache({ ...options, entries: 0 }).key(get("/"), 200, ok({}))).toBeNull();
  });

  it("gives the HTML back with the asking response's nonce", () => {
    const cache = createRenderCache(options);
    cache.set("k", page(NONCE_A), NONCE_A);
    expect(cache.get("k", NONCE_B)).toBe(page(NONCE_B));
    expect(cache.get("k", NONCE_A)).toBe(page(NONCE_A));
    expect(cache.get("other", NONCE_A)).toBeNull();
    cache.set("no-nonce", "<html></html>", NONCE_A); // a page without its nonce is not kept
    expect(cache.get("no-nonce", NONCE_A)).toBeNull();
  });

  it("forgets the least recently used pages beyond its bounds, and pages past their time", () => {
    vi.useFakeTimers();
    try {
      const cache = createRenderCache(options);
      for (const k of ["a", "b", "c"]) cache.set(k, page(NONCE_A, k), NONCE_A);
      expect(cache.get("a", NONCE_A)).not.toBeNull(); // a is now the most recent
      cache.set("d", page(NONCE_A, "d"), NONCE_A);
      expect(["a", "b", "c", "d"].map((k) => cache.get(k, NONCE_A) !== null)).toEqual([true, false, true, true]);

      const small = createRenderCache({ ...options, bytes: page(NONCE_A, "x".repeat(100)).length * 2 });
      for (const k of ["a", "b", "c"]) small.set(k, page(NONCE_A, "x".repeat(100)), NONCE_A);
      expect(small.size).toBe(2);

      vi.advanceTimersByTime(60_001);
      expect(cache.get("d", NONCE_A)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("lets one request render while identical ones wait for its HTML", async () => {
    const cache = createRenderCache(options);
    const done = await cache.turn("k");
    let waiterFound: string | null = "not yet";
    const waiter = cache.turn("k").then((release) => {
      waiterFound = cache.get("k", NONCE_B);
      release();
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(waiterFound).toBe("not yet"); // still waiting for the first rendering
    cache.set("k", page(NONCE_A), NONCE_A);
    done();
    await waiter;
    expect(waiterFound).toBe(page(NONCE_B));
  });

  it("lets a waiter render itself when the first rendering failed or takes too long", async () => {
    const cache = createRenderCache(options);
    const failed = await cache.turn("k");
    const next = cache.turn("k");
    failed(); // nothing kept
    const mine = await next;
    expect(cache.get("k", NONCE_A)).toBeNull();
    const slow = cache.turn("k", 30); // the holder never finishes
    const started = Date.now();
    await slow;
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    mine();
  });
});
