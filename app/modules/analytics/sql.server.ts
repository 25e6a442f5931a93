// The per-engine SQL the dashboards need (ADR 010): bucketing a timestamp by local day, week
// (Monday) and month of Asia/Ho_Chi_Minh, and positional parameters.
//  - SQLite: Prisma's better-sqlite3 adapter stores DateTime as ISO-8601 text in UTC
//    ("2026-11-20T03:00:00.000+00:00"), which SQLite's date functions read; '+7 hours' moves it onto
//    Vietnam's clock (UTC+7 all year, no daylight saving).
//  - PostgreSQL: Prisma stores DateTime as timestamp(3) *without* time zone holding UTC, so it is
//    first declared UTC, then converted: ("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Ho_Chi_Minh'.
// Range filters compare the raw column with UTC instants, so they can use the indexes.
import { engineFor, type DbEngine } from "~/utils/db.server";
import { FARM_ORDER_STATUSES } from "~/modules/orders/lifecycle";
import { TIME_ZONE, type Granularity } from "./time";

/** Farm-order statuses that count as a sale: paid or further along, not cancelled or expired. */
export const SOLD_STATUSES = FARM_ORDER_STATUSES.filter((s) => !["AWAITING_PAYMENT", "CANCELLED", "EXPIRED"].includes(s));
export const SOLD_SQL = `(${SOLD_STATUSES.map((s) => `'${s}'`).join(", ")})`;
/** Payment methods that are cashless. Every method the marketplace offers today is; a future
 *  cash-on-delivery method would not be listed here. */
export const CASHLESS_METHODS = ["VIETQR", "CARD"] as const;
export const CASHLESS_SQL = `(${CASHLESS_METHODS.map((s) => `'${s}'`).join(", ")})`;

export function localBucket(column: string, by: Granularity, engine: DbEngine = engineFor()): string {
  if (engine === "postgresql") {
    const local = `((${column}) AT TIME ZONE 'UTC' AT TIME ZONE '${TIME_ZONE}')`;
    if (by === "day") return `to_char(${local}, 'YYYY-MM-DD')`;
    return `to_char(date_trunc('${by}', ${local}), 'YYYY-MM-DD')`; // ISO weeks start on Monday
  }
  if (by === "day") return `date(${column}, '+7 hours')`;
  if (by === "week") return `date(${column}, '+7 hours', 'weekday 0', '-6 days')`; // to Sunday, back to Monday
  return `strftime('%Y-%m-01', ${column}, '+7 hours')`;
}

/**
 * Collects positional parameters: `q.p(value)` returns `?` (SQLite) or `$n` (PostgreSQL). SQLite
 * binds `?` in the order they appear, so build each statement left to right in one template
 * literal (fragments as functions called inline), never from fragments made beforehand.
 */
export class Params {
  readonly args: unknown[] = [];
  constructor(readonly engine: DbEngine = engineFor()) {}
  p = (value: unknown): string => {
    this.args.push(value);
    return this.engine === "postgresql" ? `$${this.args.length}` : "?";
  };
  list = (values: readonly unknown[]): string => values.map((v) => this.p(v)).join(", ");
}

/** COUNT/SUM come back as bigint or numeric strings on PostgreSQL, numbers on SQLite. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
