import { describe, expect, it } from "vitest";
import { weeklyDemandForecast } from "./forecast";
import { seasonalNaiveForecast } from "./methods";
import { seededNormal, seededRandom } from "./testing/random";

const DAY_MS = 86_400_000;
const weeksAfter = (start: Date, weeks: number) => new Date(start.getTime() + weeks * 7 * DAY_MS);

describe("weeklyDemandForecast: seasonality", () => {
  // Three years of a yearly cycle (±30%) with 5% noise; the history ends where the cycle rises
  // fastest, so a method that ignores the season is off by 10–20% within eight weeks.
  const noise = seededNormal(1);
  const truth = (t: number) => 100 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 52));
  const history = Array.from({ length: 156 }, (_, t) => truth(t) * Math.exp(0.05 * noise()));
  const result = weeklyDemandForecast({ history, firstWeekStart: new Date("2021-01-04"), horizon: 8, holidays: "none" });

  it("uses the seasonal pattern and lands close to the truth", () => {
    expect(result.reason).toBe("backtest");
    expect(result.seasonal).toBe(true);
    const errors = result.points.map((p, h) => Math.abs(p.point - truth(156 + h)) / truth(156 + h));
    expect(result.components.some((m) => m === "etsDampedSeasonal" || m === "thetaSeasonal")).toBe(true);
    // Within 3% of the noise-free truth on average (repeating last year alone is 4–5% off here).
    expect(Math.max(...errors)).toBeLessThan(0.06);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.03);
    // It rises with the season: week 8 well above week 1, as the truth does (+21%).
    expect(result.points[7].point / result.points[0].point).toBeGreaterThan(1.12);
  });

  it("reports its backtest accuracy and the weeks it starts on", () => {
    expect(result.backtest.origins).toBeGreaterThanOrEqual(3);
    expect(result.backtest.mase).not.toBeNull();
    expect(result.backtest.mase!).toBeLessThan(1);
    expect(result.backtest.wape!).toBeGreaterThan(0);
    expect(result.backtest.wape!).toBeLessThan(0.1);
    expect(result.points[0].weekStart?.toISOString().slice(0, 10)).toBe("2024-01-01"); // 156 weeks after 4 Jan 2021
  });

  it("needs two years for a seasonal model, and one for last year's same week", () => {
    const firstWeekStart = new Date("2021-01-04");
    const ninetyWeeks = weeklyDemandForecast({ history: history.slice(0, 90), firstWeekStart, horizon: 8, holidays: "none" });
    expect(ninetyWeeks.reason).toBe("backtest");
    expect(ninetyWeeks.components).not.toContain("etsDampedSeasonal");
    expect(ninetyWeeks.components).not.toContain("thetaSeasonal");
    const fortyWeeks = weeklyDemandForecast({ history: history.slice(0, 40), firstWeekStart, horizon: 8, holidays: "none" });
    expect(fortyWeeks.reason).toBe("backtest");
    expect(fortyWeeks.seasonal).toBe(false);
  });
});

describe("weeklyDemandForecast: intermittent sales", () => {
  // Sells in about 30% of weeks, 10 kg on average when it does: 3 kg a week in the long run.
  const uniform = seededRandom(7);
  const history = Array.from({ length: 104 }, () => (uniform() < 0.3 ? 5 + 10 * uniform() : 0));

  it("picks Croston or TSB and forecasts the demand rate", () => {
    const result = weeklyDemandForecast({ history, firstWeekStart: new Date("2022-01-03"), horizon: 6 });
    expect(result.reason).toBe("intermittent");
    expect(["croston", "tsb"]).toContain(result.method);
    for (const p of result.points) {
      expect(p.point).toBeGreaterThan(2);
      expect(p.point).toBeLessThan(4.5);
      // Most weeks sell nothing, so an honest 80% band reaches zero.
      expect(p.lo80).toBe(0);
      expect(p.hi80).toBeGreaterThan(p.point);
    }
  });
});

describe("weeklyDemandForecast: little or no history", () => {
  it("averages three weeks, says so, and gives a sane band", () => {
    const result = weeklyDemandForecast({ history: [40, 55, 47], holidays: "none", horizon: 4 });
    expect(result.reason).toBe("short-history");
    expect(result.method).toBe("mean");
    expect(result.backtest).toMatchObject({ mase: null, origins: 0 });
    result.points.forEach((p, h) => {
      expect(p.point).toBeCloseTo(47.33, 1);
      expect(p.lo80).toBeGreaterThanOrEqual(0);
      expect(p.lo80).toBeLessThan(p.point);
      expect(p.hi80).toBeGreaterThan(p.point);
      expect(p.hi80).toBeLessThan(3 * p.point);
      if (h > 0) expect(p.hi80 - p.lo80).toBeGreaterThanOrEqual(result.points[h - 1].hi80 - result.points[h - 1].lo80);
    });
  });

  it("gives zeros with a reason for no weeks, and for weeks without sales", () => {
    const none = weeklyDemandForecast({ history: [], firstWeekStart: new Date("2025-01-06"), horizon: 3 });
    expect(none).toMatchObject({ reason: "no-history", method: "none" });
    expect(none.points.map((p) => [p.point, p.lo80, p.hi80])).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    const zeros = weeklyDemandForecast({ history: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], holidays: "none", horizon: 2 });
    expect(zeros.reason).toBe("no-sales");
    expect(zeros.points.every((p) => p.hi80 === 0)).toBe(true);
  });
});

describe("weeklyDemandForecast: 80% intervals", () => {
  it("hold the truth about 80% of the time on simulated series", () => {
    // 200 series: a drifting level (random walk on the log scale) plus week-to-week noise, a year
    // and a half of history, four weeks ahead.
    const normal = seededNormal(2024);
    let inside = 0;
    let total = 0;
    for (let s = 0; s < 200; s++) {
      let level = Math.log(50 + 100 * Math.abs(normal()));
      const series: number[] = [];
      for (let t = 0; t < 80 + 4; t++) {
        level += 0.03 * normal();
        series.push(Math.exp(level + 0.15 * normal()));
      }
      const result = weeklyDemandForecast({ history: series.slice(0, 80), holidays: "none", horizon: 4 });
      result.points.forEach((p, h) => {
        total++;
        if (series[80 + h] >= p.lo80 && series[80 + h] <= p.hi80) inside++;
      });
    }
    const coverage = inside / total;
    expect(coverage).toBeGreaterThan(0.7);
    expect(coverage).toBeLessThan(0.9);
  });
});

describe("weeklyDemandForecast: Tết", () => {
  // Four years of weekly sales starting Monday 6 January 2020: about 100 kg a week, doubled in the
  // week before Tết and 2.5 times in the week of Tết. Tết fell on 25 Jan 2020, 12 Feb 2021,
  // 1 Feb 2022 and 22 Jan 2023; in 2024 it is on Saturday 10 February, in the week of 5 February.
  const start = new Date("2020-01-06T00:00:00Z");
  const noise = seededNormal(42);
  const tetWeeks = ["2020-01-20", "2021-02-08", "2022-01-31", "2023-01-16"];
  const history = Array.from({ length: 208 }, (_, t) => {
    const week = weeksAfter(start, t).toISOString().slice(0, 10);
    const next = weeksAfter(start, t + 1).toISOString().slice(0, 10);
    const boost = tetWeeks.includes(week) ? 2.5 : tetWeeks.includes(next) ? 2 : 1;
    return 100 * boost * Math.exp(0.05 * noise());
  });

  it("puts the spike on the week of next year's Tết", () => {
    const result = weeklyDemandForecast({ history, firstWeekStart: start, horizon: 8, holidays: "tet" });
    const weeks = result.points.map((p) => p.weekStart!.toISOString().slice(0, 10));
    expect(weeks[0]).toBe("2024-01-01");
    const values = result.points.map((p) => p.point);
    const peak = values.indexOf(Math.max(...values));
    expect(weeks[peak]).toBe("2024-02-05");
    expect(values[peak]).toBeGreaterThan(200);
    expect(values[peak - 1]).toBeGreaterThan(160); // the week before Tết
    // The weeks where Tết fell in 2023 and 2022 stay ordinary in 2024.
    expect(values[weeks.indexOf("2024-01-15")]).toBeLessThan(125);
    expect(values[weeks.indexOf("2024-01-22")]).toBeLessThan(125);
    expect(result.tet).toMatchObject({ yearsLearned: 4, inHorizon: true });
    const tetWeek = result.tet!.effects.find((e) => e.weekOffset === 0)!;
    expect(tetWeek.multiplier).toBeGreaterThan(2.2);
    expect(tetWeek.multiplier).toBeLessThan(2.8);
  });

  it("is something a fixed week of the year cannot do", () => {
    // The seasonal naive forecast repeats last year's Tết spike in late January instead.
    const values = seasonalNaiveForecast(history, 8, 52);
    expect(values.indexOf(Math.max(...values))).not.toBe(5);
  });

  it("is left out with holidays: none", () => {
    const result = weeklyDemandForecast({ history, firstWeekStart: start, horizon: 8, holidays: "none" });
    expect(result.tet).toBeNull();
    expect(Math.max(...result.points.map((p) => p.point))).toBeLessThan(160);
  });
});

describe("weeklyDemandForecast: inputs", () => {
  it("is deterministic", () => {
    const normal = seededNormal(5);
    const history = Array.from({ length: 120 }, () => 30 + 5 * normal());
    const input = { history, firstWeekStart: new Date("2023-03-06"), horizon: 6 };
    expect(weeklyDemandForecast(input)).toEqual(weeklyDemandForecast(input));
  });

  it("needs week starts for Tết, and 7 days between them", () => {
    expect(() => weeklyDemandForecast({ history: [1, 2, 3], horizon: 2 })).toThrow(/firstWeekStart/);
    const weekStarts = [new Date("2024-01-01"), new Date("2024-01-08"), new Date("2024-01-22")];
    expect(() => weeklyDemandForecast({ history: [1, 2, 3], weekStarts, horizon: 2 })).toThrow(/7 days apart/);
    expect(() => weeklyDemandForecast({ history: [1, -2, 3], holidays: "none", horizon: 2 })).toThrow(RangeError);
    expect(() => weeklyDemandForecast({ history: [1, 2, 3], holidays: "none", horizon: 0 })).toThrow(RangeError);
  });
});
