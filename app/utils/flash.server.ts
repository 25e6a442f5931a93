// One-time messages after a redirect ("Đã lưu", "Đã đặt hàng") carried in a short-lived cookie
// instead of flags in the URL (?saved=1): a reload or a shared link does not show them again, and
// the URL stays the page's own. The message is a key of `flash.*` in the locales and a few values;
// anything else in the cookie is ignored (the text shown is always ours).
import { createCookie, redirect } from "@remix-run/node";
import { secureCookies } from "./env.server";

export const FLASH_KEYS = [
  "saved", "productSaved", "publishBlocked", "publishBlockedIdentity", "identityVerified", "stockSoldMeanwhile", "stockAddedMeanwhile", "addedToCart", "orderPlaced",
  "roleChanged", "roleUnchanged", "reportSent", "moderationDone", "passwordReset", "passwordChanged", "phoneChanged", "preferencesSaved",
  "householdPasswordSet", "helperSaved", "helperRevoked", "targetsSaved", "householdsImported", "invitationsSent",
] as const;
export type FlashKey = (typeof FLASH_KEYS)[number];
export type Flash = { key: FlashKey; values?: Record<string, string | number> };

const flashCookie = createCookie("cn_flash", { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookies, maxAge: 60 });

function isFlash(v: unknown): v is Flash {
  if (!v || typeof v !== "object") return false;
  const f = v as Flash;
  if (!(FLASH_KEYS as readonly string[]).includes(f.key)) return false;
  if (f.values === undefined) return true;
  return typeof f.values === "object" && Object.values(f.values).every((x) => (typeof x === "string" && x.length <= 120) || typeof x === "number");
}

/** A redirect that shows `flash` once on the page it lands on. */
export async function redirectWithFlash(url: string, flash: Flash, init: ResponseInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie.serialize(flash));
  return redirect(url, { ...init, headers });
}

/** This request's message, if any, and the header that clears it (root loader). */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; clear: string | null }> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("cn_flash=")) return { flash: null, clear: null };
  const value = await flashCookie.parse(header).catch(() => null);
  return { flash: isFlash(value) ? value : null, clear: await flashCookie.serialize("", { maxAge: 0 }) };
}
