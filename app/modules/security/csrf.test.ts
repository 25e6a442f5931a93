import { describe, expect, it } from "vitest";
import { checkRequestOrigin, isCsrfExempt } from "./csrf.server";

const PUBLIC = "https://chonong.example.vn";
const at = (url: string) => new URL(url);
const post = (url: string, origin?: string | null, referer?: string | null) =>
  checkRequestOrigin({ method: "POST", url: at(url), origin, referer }, PUBLIC);

describe("same-origin check", () => {
  it("lets safe methods through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "get"]) {
      expect(checkRequestOrigin({ method, url: at("https://chonong.example.vn/cart"), origin: "https://evil.example", referer: null }, PUBLIC)).toEqual({ ok: true });
    }
  });

  it("accepts the public origin and the address the request was sent to", () => {
    expect(post("https://chonong.example.vn/cart", "https://chonong.example.vn")).toEqual({ ok: true });
    // behind a proxy that does not pass the scheme, the public address still matches
    expect(post("http://chonong.example.vn/cart", "https://chonong.example.vn")).toEqual({ ok: true });
    // a phone on the LAN
    expect(post("http://192.168.1.5:3000/cart", "http://192.168.1.5:3000")).toEqual({ ok: true });
  });

  it.each([
    ["another site", "https://evil.example"],
    ["a look-alike subdomain", "https://chonong.example.vn.evil.example"],
    ["another port", "https://chonong.example.vn:8443"],
    ["http instead of https", "http://chonong.example.vn"],
    ["a sandboxed frame or opaque redirect", "null"],
    ["garbage", "javascript:alert(1)"],
  ])("refuses %s", (_label, origin) => {
    expect(post("https://chonong.example.vn/cart", origin)).toEqual({ ok: false, reason: "crossOrigin" });
  });

  it("falls back to Referer, and refuses a request with neither", () => {
    expect(post("https://chonong.example.vn/cart", null, "https://chonong.example.vn/products/xoai?x=1")).toEqual({ ok: true });
    expect(post("https://chonong.example.vn/cart", undefined, "https://evil.example/page")).toEqual({ ok: false, reason: "crossOrigin" });
    expect(post("https://chonong.example.vn/cart", null, null)).toEqual({ ok: false, reason: "noOrigin" });
    expect(post("https://chonong.example.vn/cart", "", "not a url")).toEqual({ ok: false, reason: "noOrigin" });
    // Origin wins over Referer
    expect(post("https://chonong.example.vn/cart", "https://evil.example", "https://chonong.example.vn/")).toEqual({ ok: false, reason: "crossOrigin" });
  });

  it("exempts only the signed webhooks, on the path Remix routes", () => {
    expect(post("https://chonong.example.vn/resources/webhooks/stripe", "https://evil.example")).toEqual({ ok: true });
    expect(post("https://chonong.example.vn/resources/webhooks/bank", null)).toEqual({ ok: true });
    expect(isCsrfExempt("/RESOURCES/Webhooks/bank")).toBe(true);
    // new URL resolves dot segments (encoded ones too) exactly as Remix's request URL does
    expect(post("https://chonong.example.vn/resources/webhooks/../../account", "https://evil.example")).toEqual({ ok: false, reason: "crossOrigin" });
    expect(post("https://chonong.example.vn/resources/webhooks/%2e%2e/%2E%2E/account", "https://evil.example")).toEqual({ ok: false, reason: "crossOrigin" });
    expect(isCsrfExempt("/resources/webhooksx")).toBe(false);
    expect(isCsrfExempt("/resources/locale")).toBe(false);
  });

  it("refuses a request whose URL could not be read", () => {
    expect(checkRequestOrigin({ method: "POST", url: null, origin: PUBLIC, referer: null }, PUBLIC)).toEqual({ ok: false, reason: "badUrl" });
  });
});
