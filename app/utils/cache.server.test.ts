import { describe, expect, it } from "vitest";
import { bumpCatalogVersion, cached } from "./cache.server";

describe("catalog cache", () => {
  it("loads once per key within the TTL, again after a catalog write or expiry, never keeps failures", async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect(await cached("a", load, 10_000)).toBe(1);
    expect(await cached("a", load, 10_000)).toBe(1);
    expect(await cached("b", load, 10_000)).toBe(2);
    bumpCatalogVersion();
    expect(await cached("a", load, 10_000)).toBe(3);
    expect(await cached("short", load, 1)).toBe(4);
    await new Promise((r) => setTimeout(r, 5));
    expect(await cached("short", load, 1)).toBe(5);
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error("db down");
      return "ok";
    };
    await expect(cached("f", flaky, 10_000)).rejects.toThrow("db down");
    fail = false;
    expect(await cached("f", flaky, 10_000)).toBe("ok");
    expect(await cached("off", load, 0)).toBe(6);
    expect(await cached("off", load, 0)).toBe(7);
  });
});
