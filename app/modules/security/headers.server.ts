// Security headers for every response (ADR 011). The Content-Security-Policy allows scripts only
// from our origin or carrying this request's nonce: Remix's own inline scripts get the nonce
// (root.tsx, entry.server.tsx), anything injected into the page does not, so it never runs.
import { randomBytes } from "node:crypto";

export type SecurityConfig = {
  /** PUBLIC_URL: https here turns on HSTS and upgrade-insecure-requests (production only). */
  publicUrl: string;
  production: boolean;
  /** The Vite dev server: HMR needs inline <style> and a websocket. */
  dev: boolean;
  /** Hosted payment pages a form may be redirected to (Chromium applies form-action to redirects). */
  formActionOrigins: string[];
};

/** Stripe Checkout's hosted page, plus the local fake's origin when tests point STRIPE_API_BASE at it. */
export function securityConfigFromEnv(env: { PUBLIC_URL: string; NODE_ENV: string; STRIPE_API_BASE?: string }, dev = false): SecurityConfig {
  const formActionOrigins = ["https://checkout.stripe.com"];
  if (env.STRIPE_API_BASE) formActionOrigins.push(new URL(env.STRIPE_API_BASE).origin);
  return { publicUrl: env.PUBLIC_URL, production: env.NODE_ENV === "production", dev, formActionOrigins };
}

/** 128 random bits, base64: one per request, never reused. */
// Every response needs one: 16 bytes at a time from a pool refilled 4 KB at a time (one call into
// the system's random source per 256 responses; each slice is used once).
let pool = Buffer.alloc(0);
let used = 0;
export function newNonce(): string {
  if (used + 16 > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  used += 16;
  return pool.toString("base64", used - 16, used);
}

export function contentSecurityPolicy(config: SecurityConfig, nonce: string): string {
  const https = config.production && config.publicUrl.startsWith("https://");
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'self' for the fingerprinted bundles and modulepreload links; the nonce for Remix's inline
    // hydration scripts. No 'unsafe-inline', no 'unsafe-eval'.
    "script-src": ["'self'", `'nonce-${nonce}'`],
    // Stylesheets from our origin only; style *attributes* carry the images' blurred placeholders
    // (products.tsx) and cannot run script. The dev server injects <style> elements for HMR.
    "style-src": config.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    // Images are served by us (/media proxies the S3 store too); placeholders are data: URIs.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": config.dev ? ["'self'", "ws:", "wss:"] : ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'", ...config.formActionOrigins],
    "frame-ancestors": ["'none'"],
  };
  const parts = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** Every header, CSP included, for one response. */
export function securityHeaders(config: SecurityConfig, nonce: string): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(config, nonce),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // The camera for farm photos (a file input with capture); nothing else.
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
    "X-Frame-Options": "DENY", // frame-ancestors for browsers without CSP 2
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  // HSTS only where the site is really served over https: a production PUBLIC_URL of https://…
  // (behind a TLS-terminating proxy too). Never on http://localhost, where it would stick.
  if (config.production && config.publicUrl.startsWith("https://")) {
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}
