// Labels and numbers for the dashboards (browser and server): buckets as people read them, compact
// axis ticks, shares and changes. Dates are already local days ("YYYY-MM-DD", Asia/Ho_Chi_Minh).
import { dateFormat, numberFormat } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import type { Granularity } from "./time";

const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);

/** "22/10" or "Oct 22" (short, for axes); "22/10/2026" or "Oct 22, 2026" (long, for tables). */
export function dayLabel(day: string, locale: Locale, long = false): string {
  const opts: Intl.DateTimeFormatOptions = locale === "vi" ? { day: "2-digit", month: "2-digit", ...(long ? { year: "numeric" } : {}) } : { month: "short", day: "numeric", ...(long ? { year: "numeric" } : {}) };
  return dateFormat(locale, { ...opts, timeZone: "UTC" }).format(asUtc(day));
}

/** "11/26" or "Nov" (short); "11/2026" or "November 2026" (long). */
export function monthLabel(day: string, locale: Locale, long = false): string {
  if (locale === "vi") return `${day.slice(5, 7)}/${long ? day.slice(0, 4) : day.slice(2, 4)}`;
  return dateFormat("en", { month: long ? "long" : "short", ...(long ? { year: "numeric" } : {}), timeZone: "UTC" }).format(asUtc(day));
}

/** Money in a few characters for figure cards: "433,1 Tr ₫" / "₫433.1M". */
export function compactVnd(amount: number, locale: Locale): string {
  return numberFormat(locale, { style: "currency", currency: "VND", notation: "compact", maximumFractionDigits: 1 }).format(amount);
}

/** A bucket (its first day) as a label; weeks are named by their Monday. */
export function bucketLabel(bucket: string, by: Granularity, locale: Locale, long = false): string {
  return by === "month" ? monthLabel(bucket, locale, long) : dayLabel(bucket, locale, long);
}

export function compactNumber(value: number, locale: Locale): string {
  return numberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** 0.4312 -> "43%" (or "43,1%" with digits = 1). */
export function formatShare(ratio: number, locale: Locale, digits = 0): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(ratio);
}

/** A change in percent: "+12%", "−8%", "0%". */
export function formatDelta(percent: number, locale: Locale): string {
  const rounded = Math.round(percent);
  const body = numberFormat(locale, { maximumFractionDigits: 0 }).format(Math.abs(rounded));
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : ""}${body}%`;
}

/** The highest point and the total of a chart's values, for its <desc>. */
export function summarize(labels: string[], values: Array<number | null>) {
  let maxIndex = -1;
  values.forEach((v, i) => {
    if (v !== null && (maxIndex === -1 || v > (values[maxIndex] ?? 0))) maxIndex = i;
  });
  return {
    count: labels.length,
    first: labels[0] ?? "",
    last: labels.at(-1) ?? "",
    max: maxIndex === -1 ? 0 : values[maxIndex] ?? 0,
    maxLabel: maxIndex === -1 ? "" : labels[maxIndex],
    total: values.reduce<number>((t, v) => t + (v ?? 0), 0),
    anyHidden: values.some((v) => v === null),
  };
}
