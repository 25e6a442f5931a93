// Money is an integer number of đồng; quantities are integers of thousandths of a unit.
import type { Locale } from "./i18n";

const intlLocale = (locale: Locale) => (locale === "vi" ? "vi-VN" : "en-US");

// Building an Intl formatter costs far more than using one (it showed in bench:http's profile):
// keep one per locale and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(intlLocale(locale), options)));
  return f;
}
export function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), options)));
  return f;
}

/** 125000 -> "125.000 ₫" (vi) / "₫125,000" (en). VND has no minor unit. */
export function formatVnd(amount: number, locale: Locale = "vi"): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`VND amount must be whole đồng: ${amount}`);
  return numberFormat(locale, { style: "currency", currency: "VND", maximumFractionDigits: 0 }).format(amount);
}

/** 1500 thousandths -> "1,5" (vi) / "1.5" (en). */
export function formatQuantity(milli: number, locale: Locale = "vi"): string {
  return numberFormat(locale, { maximumFractionDigits: 3 }).format(milli / 1000);
}

/** Dates in the user's locale, on the province's clock (Asia/Ho_Chi_Minh). */
export function formatDate(date: Date | string, locale: Locale = "vi", opts?: Intl.DateTimeFormatOptions): string {
  // Vietnamese readers expect 01/02/2026 (day first); English gets "Feb 1, 2026".
  const style: Intl.DateTimeFormatOptions =
    locale === "vi" ? { day: "2-digit", month: "2-digit", year: "numeric" } : { dateStyle: "medium" };
  return dateFormat(locale, { timeZone: "Asia/Ho_Chi_Minh", ...(opts ?? style) }).format(typeof date === "string" ? new Date(date) : date);
}

/** Thousandths back to what a farmer types: 12500 -> "12,5" (vi) / "12.5" (en), no grouping. */
export function formatQuantityInput(milli: number, locale: Locale = "vi"): string {
  const s = String(milli / 1000);
  return locale === "vi" ? s.replace(".", ",") : s;
}

/** The month (1–12) on the province's clock. */
export function monthInVietnam(date = new Date()): number {
  // Vietnam keeps UTC+7 all year (no summer time since 1975): plain arithmetic, no Intl call per page.
  return new Date(date.getTime() + 7 * 3_600_000).getUTCMonth() + 1;
}
