// Calendar arithmetic on the province's clock. Days are "YYYY-MM-DD" strings of Asia/Ho_Chi_Minh;
// that zone is UTC+7 all year (no daylight saving since 1975), so a local day is a fixed 24-hour
// window of UTC and these helpers need no time-zone database. The SQL side buckets the same way
// (sql.server.ts); ADR 010.

export const TIME_ZONE = "Asia/Ho_Chi_Minh";
const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** An inclusive range of local days. */
export type DayRange = { from: string; to: string };

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The local day (Asia/Ho_Chi_Minh) that `date` falls on. */
export function localDay(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-03-02 00:00": the local date and time, sortable, as spreadsheets read it. */
export function localDateTime(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** The instant local midnight starts `day`. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** [start, end) in UTC instants for an inclusive range of local days. */
export function rangeInstants(range: DayRange): { start: Date; end: Date } {
  return { start: dayStart(range.from), end: dayStart(addDays(range.to, 1)) };
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last)); // 31 March − 1 month = 28/29 February
  return first.toISOString().slice(0, 10);
}

/** Number of days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Monday of the week `day` is in (weeks start on Monday, as Vietnamese calendars do). */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`;
}

export function bucketOf(day: string, by: Granularity): string {
  return by === "day" ? day : by === "week" ? weekStart(day) : monthStart(day);
}

/** Every bucket key (its first day) that the range touches, oldest first, empty ones included. */
export function bucketsOf(range: DayRange, by: Granularity): string[] {
  const out: string[] = [];
  let b = bucketOf(range.from, by);
  const last = bucketOf(range.to, by);
  while (b <= last) {
    out.push(b);
    b = by === "day" ? addDays(b, 1) : by === "week" ? addDays(b, 7) : addMonths(b, 1);
  }
  return out;
}

/** The same number of days immediately before the range. */
export function previousRange(range: DayRange): DayRange {
  const length = daysBetween(range.from, range.to) + 1;
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** The same calendar days one year earlier (29 February maps to 28 February). */
export function yearEarlier(range: DayRange): DayRange {
  return { from: addMonths(range.from, -12), to: addMonths(range.to, -12) };
}

/** The granularity that gives a readable chart for a range of this many days. */
export function defaultGranularity(range: DayRange): Granularity {
  const days = daysBetween(range.from, range.to) + 1;
  return days <= 45 ? "day" : days <= 200 ? "week" : "month";
}

/** Relative change in percent, or null when there is nothing to compare with. */
export function deltaPercent(current: number, previous: number): number | null {
  if (!previous) return null;
  return ((current - previous) / previous) * 100;
}
