import { describe, expect, it } from "vitest";
import { addMonths, bucketsOf, dayStart, defaultGranularity, deltaPercent, localDateTime, localDay, previousRange, rangeInstants, weekStart, yearEarlier } from "./time";

describe("calendar on Asia/Ho_Chi_Minh's clock", () => {
  it("puts an instant on its local day: 17:00 UTC is already tomorrow", () => {
    expect(localDay(new Date("2026-03-01T16:59:59.999Z"))).toBe("2026-03-01");
    expect(localDay(new Date("2026-03-01T17:00:00Z"))).toBe("2026-03-02");
    expect(localDateTime(new Date("2026-03-01T17:05:00Z"))).toBe("2026-03-02 00:05");
    expect(dayStart("2026-03-02").toISOString()).toBe("2026-03-01T17:00:00.000Z");
    expect(rangeInstants({ from: "2026-03-02", to: "2026-03-15" })).toEqual({ start: new Date("2026-03-01T17:00:00Z"), end: new Date("2026-03-15T17:00:00Z") });
  });

  it("starts weeks on Monday and lists every bucket, empty ones too", () => {
    expect(weekStart("2026-03-08")).toBe("2026-03-02"); // Sunday belongs to the week before
    expect(weekStart("2026-03-09")).toBe("2026-03-09");
    expect(bucketsOf({ from: "2026-03-04", to: "2026-03-16" }, "week")).toEqual(["2026-03-02", "2026-03-09", "2026-03-16"]);
    expect(bucketsOf({ from: "2025-12-30", to: "2026-02-01" }, "month")).toEqual(["2025-12-01", "2026-01-01", "2026-02-01"]);
    expect(bucketsOf({ from: "2026-02-27", to: "2026-03-02" }, "day")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });

  it("compares with the same number of days before, and with the same days a year earlier", () => {
    expect(previousRange({ from: "2026-03-02", to: "2026-03-15" })).toEqual({ from: "2026-02-16", to: "2026-03-01" });
    expect(yearEarlier({ from: "2028-02-01", to: "2028-02-29" })).toEqual({ from: "2027-02-01", to: "2027-02-28" });
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(deltaPercent(150, 100)).toBe(50);
    expect(deltaPercent(5, 0)).toBeNull();
    expect(defaultGranularity({ from: "2026-01-01", to: "2026-01-30" })).toBe("day");
    expect(defaultGranularity({ from: "2026-01-01", to: "2026-04-30" })).toBe("week");
    expect(defaultGranularity({ from: "2025-01-01", to: "2026-04-30" })).toBe("month");
  });
});
