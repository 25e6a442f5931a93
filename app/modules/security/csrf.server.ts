// Cross-site request forgery: every request that may change something (anything but GET/HEAD)
// must come from one of our own pages. Browsers send `Origin` with every POST (Chromium, Firefox,
// Safari, with JavaScript on or off); `Referer` is the fallback for the rare one that does not.
// Signed webhooks (/resources/webhooks/*) come from servers and prove themselves by signature.
// This sits on top of SameSite=Lax cookies (ADR 011).

export type OriginVerdict = { ok: true } | { ok: false; reason: "crossOrigin" | "noOrigin" | "badUrl" };

const SAFE_METHODS = new Set(["GET", "HEAD"]);
const EXEMPT_PREFIX = "/resources/webhooks/";

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * `pathname` must be the one Remix routes on (dot segments resolved, as `new URL` does); Remix
 * matches routes case-insensitively, so the exemption does too.
 */
export function isCsrfExempt(pathname: string): boolean {
  return pathname.toLowerCase().startsWith(EXEMPT_PREFIX);
}

function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Same origin means the public address (PUBLIC_URL) or the address this request was sent to
 * (Host, or X-Forwarded-Host behind a trusted proxy): a phone on the LAN opening
 * http://192.168.1.5:3000 posts to that same address. `Origin: null` (sandboxed frames, opaque
 * redirects) is refused.
 */
export function checkRequestOrigin(
  request: { method: string; url: URL | null; origin: string | null | undefined; referer: string | null | undefined },
  publicUrl: string,
): OriginVerdict {
  if (isSafeMethod(request.method)) return { ok: true };
  if (!request.url) return { ok: false, reason: "badUrl" };
  if (isCsrfExempt(request.url.pathname)) return { ok: true };
  const allowed = new Set([new URL(publicUrl).origin, request.url.origin]);
  if (request.origin) return allowed.has(originOf(request.origin) ?? "null") ? { ok: true } : { ok: false, reason: "crossOrigin" };
  const fromReferer = originOf(request.referer);
  if (fromReferer) return allowed.has(fromReferer) ? { ok: true } : { ok: false, reason: "crossOrigin" };
  return { ok: false, reason: "noOrigin" };
}
