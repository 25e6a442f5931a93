// What the dashboards' GET forms may ask for. Bad or missing values fall back to defaults rather
// than failing: these are bookmarkable report links, not submissions.
import { z } from "zod";
import { CERT_KINDS } from "~/modules/farms/schemas";
import { addDays, bucketsOf, daysBetween, defaultGranularity, GRANULARITIES, isDay, localDay, type DayRange, type Granularity } from "./time";

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 3 * 366;
const MAX_BUCKETS = 400;

const day = z.string().refine(isDay).optional().catch(undefined);

export const PeriodQuerySchema = z.object({
  from: day,
  to: day,
  by: z.enum(GRANULARITIES).optional().catch(undefined),
});

export type Period = DayRange & { by: Granularity };

/** A range of local days ending no later than today, at most MAX_DAYS long, and a granularity. */
export function resolvePeriod(raw: z.input<typeof PeriodQuerySchema>, now = new Date()): Period {
  const q = PeriodQuerySchema.parse(raw);
  const today = localDay(now);
  let to = q.to && q.to < today ? q.to : today;
  let from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) [from, to] = [to, from];
  if (daysBetween(from, to) + 1 > MAX_DAYS) from = addDays(to, -(MAX_DAYS - 1));
  const range = { from, to };
  let by = q.by ?? defaultGranularity(range);
  if (by === "day" && bucketsOf(range, "day").length > MAX_BUCKETS) by = "week";
  return { ...range, by };
}

export const CERT_FILTERS = CERT_KINDS;

export const DepartmentFiltersSchema = z.object({
  commune: z.string().regex(/^\d{1,10}$/).optional().catch(undefined),
  category: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
  cert: z.enum(CERT_KINDS).optional().catch(undefined),
});
export type DepartmentFilters = z.infer<typeof DepartmentFiltersSchema>;

export const DEPARTMENT_TABLES = ["summary", "series", "communes", "categories", "certifications", "products", "new-farms"] as const;
export type DepartmentTable = (typeof DEPARTMENT_TABLES)[number];

/** The non-empty query parameters of a URL, for the schemas above. */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
}
