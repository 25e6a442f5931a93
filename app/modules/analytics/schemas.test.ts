import { describe, expect, it } from "vitest";
import { DepartmentFiltersSchema, MAX_DAYS, resolvePeriod } from "./schemas";
import { daysBetween } from "./time";

const now = new Date("2026-11-20T03:00:00Z");

describe("dashboard periods from a GET form", () => {
  it("defaults to the last 30 local days, by day", () => {
    expect(resolvePeriod({}, now)).toEqual({ from: "2026-10-22", to: "2026-11-20", by: "day" });
  });

  it("keeps a valid range, swaps a reversed one, ends no later than today and is at most MAX_DAYS long", () => {
    expect(resolvePeriod({ from: "2026-01-01", to: "2026-03-31", by: "month" }, now)).toEqual({ from: "2026-01-01", to: "2026-03-31", by: "month" });
    expect(resolvePeriod({ from: "2026-03-31", to: "2026-01-01" }, now)).toEqual({ from: "2026-01-01", to: "2026-03-31", by: "week" });
    expect(resolvePeriod({ from: "2026-11-01", to: "2027-01-01" }, now).to).toBe("2026-11-20");
    const long = resolvePeriod({ from: "2001-01-01", to: "2026-11-20", by: "day" }, now);
    expect(daysBetween(long.from, long.to) + 1).toBe(MAX_DAYS);
    expect(long.by).toBe("week"); // more than 400 daily points is not a chart
  });

  it("ignores what is not a date, a granularity or a known filter", () => {
    expect(resolvePeriod({ from: "2026-02-30", to: "yesterday", by: "hour" as never }, now)).toEqual({ from: "2026-10-22", to: "2026-11-20", by: "day" });
    expect(DepartmentFiltersSchema.parse({ commune: "77001; DROP", category: "Trái cây", cert: "FAKE" })).toEqual({ commune: undefined, category: undefined, cert: undefined });
  });
});
