import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityConfigFromEnv, securityHeaders } from "./headers.server";

const prod = securityConfigFromEnv({ PUBLIC_URL: "https://chonong.example.vn", NODE_ENV: "production" });
const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("Content-Security-Policy", () => {
  it("allows scripts only from our origin or with this request's nonce; never inline or eval", () => {
    const csp = directives(contentSecurityPolicy(prod, "abc123=="));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(contentSecurityPolicy(prod, "n")).not.toContain("unsafe-eval");
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["img-src"]).toEqual(["'self'", "data:"]);
    expect(csp["style-src"]).toEqual(["'self'"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["upgrade-insecure-requests"]).toEqual([]);
  });

  it("lets a form be redirected to Stripe Checkout, and to the local fake Stripe in tests", () => {
    expect(directives(contentSecurityPolicy(prod, "n"))["form-action"]).toEqual(["'self'", "https://checkout.stripe.com"]);
    const withFake = securityConfigFromEnv({ PUBLIC_URL: "http://127.0.0.1:3300", NODE_ENV: "production", STRIPE_API_BASE: "http://127.0.0.1:41234/v1" });
    expect(directives(contentSecurityPolicy(withFake, "n"))["form-action"]).toEqual(["'self'", "https://checkout.stripe.com", "http://127.0.0.1:41234"]);
  });

  it("relaxes styles and the websocket for the Vite dev server only", () => {
    const dev = directives(contentSecurityPolicy(securityConfigFromEnv({ PUBLIC_URL: "http://localhost:3000", NODE_ENV: "development" }, true), "n"));
    expect(dev["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev["connect-src"]).toEqual(["'self'", "ws:", "wss:"]);
    expect(dev["script-src"]).toEqual(["'self'", "'nonce-n'"]);
    expect(dev["upgrade-insecure-requests"]).toBeUndefined();
  });
});

describe("security headers", () => {
  it("sends the fixed set, camera allowed for the photo capture", () => {
    const h = securityHeaders(prod, "n");
    expect(h).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
    expect(h["Permissions-Policy"]).toContain("camera=(self)");
    expect(h["Permissions-Policy"]).toContain("geolocation=()");
  });

  it("sends HSTS only in production behind an https public address", () => {
    expect(securityHeaders(prod, "n")["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    for (const config of [
      securityConfigFromEnv({ PUBLIC_URL: "http://localhost:3000", NODE_ENV: "production" }),
      securityConfigFromEnv({ PUBLIC_URL: "https://chonong.example.vn", NODE_ENV: "development" }, true),
      securityConfigFromEnv({ PUBLIC_URL: "https://chonong.example.vn", NODE_ENV: "test" }),
    ]) {
      expect(securityHeaders(config, "n")["Strict-Transport-Security"]).toBeUndefined();
      expect(contentSecurityPolicy(config, "n")).not.toContain("upgrade-insecure-requests");
    }
  });

  it("makes a fresh 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce)); // several refills of the pool
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});
