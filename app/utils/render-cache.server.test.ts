import { describe, expect, it, vi } from "vitest";
import { encodeViaTurboStream } from "@remix-run/server-runtime/dist/single-fetch.js";
import { checkHandoff, createRenderCache, dataKey } from "./render-cache.server";

const NONCE_A = "AAAAAAAAAAAAAAAAAAAAAA==";
const NONCE_B = "BBBBBBBBBBBBBBBBBBBBBB==";
const page = (nonce: string, text = "xin chào") => Buffer.from(`<html><head><script nonce="${nonce}">0</script></head><body>${text}<script nonce="${nonce}">1</script></body></html>`);
const html = (b: Buffer | null) => b?.toString("utf8") ?? null;
const get = (url: string) => new Request(`http://127.0.0.1${url}`);
const options = { entries: 3, bytes: 1024 * 1024, ttlMs: 60_000 };

// Remix's own encoding of a document's data (what entry.server gets as serverHandoffStream)
const handoff = (loaderData: unknown, rest: { actionData?: unknown; errors?: unknown } = {}) =>
  encodeViaTurboStream({ loaderData, actionData: rest.actionData ?? null, errors: rest.errors ?? null }, new AbortController().signal, 4950, "production" as never);
const text = (stream: ReadableStream<Uint8Array> | undefined) => new Response(stream).text();

describe("the key: a digest of the URL and V8's serialisation of the loader data", () => {
  it("tells apart every pair of values that JSON would confuse", () => {
    const values: unknown[] = [null, undefined, Number.NaN, 0, -0, Infinity, "0", "null", false, [], {}, { a: undefined }, [undefined], [null], new Array(2), new Date(0), new Date(1), "1970-01-01T00:00:00.000Z", 1n, { a: 1, b: 2 }, { b: 2, a: 1 }, { a: "1,b:2" }, new Map([["a", 1]]), new Set(["a"]), ["a"], "\u00e0", "a\u0300"];
    const seen = values.map((v) => dataKey("http://127.0.0.1/", { root: v }));
    expect(seen.every((s) => typeof s === "string")).toBe(true);
    expect(new Set(seen).size).toBe(values.length);
    expect(dataKey("http://127.0.0.1/", { x: [1, { y: "z" }] })).toBe(dataKey("http://127.0.0.1/", { x: [1, { y: "z" }] }));
    expect(dataKey("http://127.0.0.1/a", { x: 1 })).not.toBe(dataKey("http://127.0.0.1/b", { x: 1 }));
  });

  it("refuses functions, symbols and deferred data (promises), and data too big to be worth it", () => {
    const later = new Promise((r) => setTimeout(r, 20, 1));
    for (const v of [() => 1, { deep: [{ f: () => 1 }] }, later, Symbol("s")]) expect(dataKey("http://127.0.0.1/", { root: v })).toBeNull();
    expect(dataKey("http://127.0.0.1/", { root: "a".repeat(3 * 1024 * 1024) })).toBeNull();
  });
});

describe("checkHandoff: whether Remix encoded the data exactly and at once", () => {
  it("says no for what Remix does not encode exactly, deferred data still on its way, and too much", async () => {
    class Money { constructor(readonly vnd: number) {} }
    const later = new Promise((r) => setTimeout(r, 20, 1));
    expect((await checkHandoff(handoff({ root: { cartCount: 2, at: new Date(0), tags: new Set(["a"]) } }))).exact).toBe(true);
    for (const v of [new Money(5), () => 1, { deep: [{ f: () => 1 }] }, later]) expect((await checkHandoff(handoff({ root: v }))).exact).toBe(false);
    expect((await checkHandoff(handoff({ root: "a".repeat(3 * 1024 * 1024) }))).exact).toBe(false);
  });

  it("leaves the page a complete copy of the data, whatever it decided", async () => {
    for (const data of [{ root: { cartCount: 2 } }, { root: new Promise((r) => setTimeout(r, 20, "late")) }, { root: () => 1 }]) {
      const { handoff: rest } = await checkHandoff(handoff(data));
      const whole = await text(handoff(data));
      expect(await text(rest)).toBe(whole);
    }
  });
});

describe("the render cache", () => {
  it("keys on the URL and all loader data; only successful GETs without action data or errors", () => {
    const cache = createRenderCache(options);
    const key = (request: Request, status: number, loaderData: unknown, rest: { actionData?: unknown; errors?: unknown } = {}) =>
      cache.key(request, status, { loaderData, actionData: rest.actionData ?? null, errors: rest.errors ?? null });
    const k = key(get("/farms/a"), 200, { root: { cartCount: 0 } });
    expect(k).toMatch(/^[\w-]{43}$/);
    expect(key(get("/farms/a"), 200, { root: { cartCount: 0 } })).toBe(k);
    expect(key(get("/farms/a"), 200, { root: { cartCount: 1 } })).not.toBe(k);
    expect(key(get("/farms/a?page=2"), 200, { root: { cartCount: 0 } })).not.toBe(k);
    expect(key(new Request("http://127.0.0.1/farms/a", { method: "POST" }), 200, {})).toBeNull();
    expect(key(get("/farms/a"), 404, {})).toBeNull();
    expect(key(get("/farms/a"), 200, {}, { actionData: { error: "x" } })).toBeNull();
    expect(key(get("/farms/a"), 200, {}, { errors: { root: new Error("x") } })).toBeNull();
    expect(key(get("/farms/a"), 200, { m: () => 1 })).toBeNull();
    const off = createRenderCache({ ...options, entries: 0 });
    expect(off.key(get("/"), 200, { loaderData: {}, actionData: null, errors: null })).toBeNull();
  });

  it("lets requests for a page that could not be kept render at once, instead of queueing behind each other", async () => {
    vi.useFakeTimers();
    try {
      const cache = createRenderCache(options);
      const key = () => cache.key(get("/farms/a"), 200, { loaderData: { root: 1 }, actionData: null, errors: null });
      const k = key()!;
      const first = await cache.turn(k);
      const went: number[] = [];
      const waiters = [1, 2].map((n) => cache.turn(k).then((release) => (went.push(n), release)));
      cache.refuse(k); // its data turned out not to be exactly encodable
      first();
      await vi.advanceTimersByTimeAsync(0);
      expect(went.sort()).toEqual([1, 2]); // both render now; neither waits for the other's rendering
      for (const release of await Promise.all(waiters)) release();
      expect(key()).toBeNull(); // new requests do not even look: they render, as for uncacheable data
      vi.advanceTimersByTime(60_001);
      expect(key()).toBe(k); // after a page's lifetime, tried again
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives the HTML back with the asking response's nonce", () => {
    const cache = createRenderCache(options);
    cache.set("k", page(NONCE_A), NONCE_A);
    expect(html(cache.get("k", NONCE_B))).toBe(html(page(NONCE_B)));
    expect(html(cache.get("k", NONCE_A))).toBe(html(page(NONCE_A)));
    expect(cache.get("other", NONCE_A)).toBeNull();
    cache.set("no-nonce", Buffer.from("<html></html>"), NONCE_A); // a page without its nonce is not kept
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
      waiterFound = html(cache.get("k", NONCE_B));
      release();
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(waiterFound).toBe("not yet"); // still waiting for the first rendering
    cache.set("k", page(NONCE_A), NONCE_A);
    done();
    await waiter;
    expect(waiterFound).toBe(html(page(NONCE_B)));
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
