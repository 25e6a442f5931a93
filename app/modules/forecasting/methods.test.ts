import { describe, expect, it } from "vitest";
import { mase, naiveScale, wape } from "./accuracy";
import { crostonForecast, dampedTrendForecast, seasonalIndices, tsbForecast } from "./methods";
import { tetDate, tetWeekOffset, vietnamDayNumber } from "./tet";
import { seededNormal, seededRandom } from "./testing/random";

describe("intermittent-demand methods", () => {
  // Demand in 25% of weeks, 8 on average: a true rate of 2 a week.
  const uniform = seededRandom(11);
  const history = Array.from({ length: 156 }, () => (uniform() < 0.25 ? 4 + 8 * uniform() : 0));

  it("Croston (SBA) and TSB forecast a flat rate near the true one", () => {
    for (const forecast of [crostonForecast(history, 4), tsbForecast(history, 4)]) {
      expect(new Set(forecast).size).toBe(1);
      expect(forecast[0]).toBeGreaterThan(1.4);
      expect(forecast[0]).toBeLessThan(2.6);
    }
  });

  it("TSB lets a product that stopped selling fade; Croston does not", () => {
    // A year without a sale: Croston only updates when something sells, so its rate barely moves
    // (its smoothing weight may be re-chosen); TSB's chance of a sale decays every empty week.
    const stopped = [...history, ...new Array<number>(52).fill(0)];
    expect(tsbForecast(stopped, 1)[0]).toBeLessThan(0.5 * tsbForecast(history, 1)[0]);
    expect(crostonForecast(stopped, 1)[0]).toBeGreaterThan(0.8 * crostonForecast(history, 1)[0]);
  });
});

describe("damped trend and seasonal indices", () => {
  it("follows a steady trend but flattens it out", () => {
    const history = Array.from({ length: 60 }, (_, t) => 100 * Math.exp(0.01 * t));
    const forecast = dampedTrendForecast(history, 20);
    expect(forecast[0]).toBeGreaterThan(history[59]);
    expect(forecast[19] / forecast[0]).toBeLessThan(Math.exp(0.01 * 19));
  });

  it("finds a yearly peak from two seasons, and nothing in pure noise", () => {
    const normal = seededNormal(3);
    const peaked = Array.from({ length: 110 }, (_, t) => (t % 52 === 20 ? 1 : 0) + 0.02 * normal());
    const indices = seasonalIndices(peaked, 52)!;
    expect(indices.indexOf(Math.max(...indices))).toBe(20);
    const noise = Array.from({ length: 110 }, () => 0.02 * normal());
    expect(Math.max(...seasonalIndices(noise, 52)!.map(Math.abs))).toBeLessThan(0.05);
    expect(seasonalIndices(peaked.slice(0, 100), 52)).toBeNull();
  });
});

describe("accuracy measures", () => {
  it("MASE scales by the in-sample naive error", () => {
    // Seasonal-naive error in sample: |5-1|, |6-2|, |7-3| = 4 on average.
    const insample = [1, 2, 3, 5, 6, 7];
    expect(naiveScale(insample, 3)).toBe(4);
    expect(mase({ actual: [10, 10], forecast: [8, 14], insample, period: 3 })).toBe(0.75);
    expect(mase({ actual: [1], forecast: [1], insample: [5, 5, 5] })).toBeNull();
    expect(wape([10, 0, 30], [12, 1, 27])).toBeCloseTo(6 / 40);
  });
});

describe("Tết dates", () => {
  it("uses Vietnam's calendar (2030 differs from China's)", () => {
    expect(tetDate(2024)?.toISOString().slice(0, 10)).toBe("2024-02-10");
    expect(tetDate(2030)?.toISOString().slice(0, 10)).toBe("2030-02-02");
    expect(tetDate(2041)).toBeNull();
  });

  it("counts weeks from the one holding Tết, whatever clock the week start was stored on", () => {
    const mondayUtc = new Date("2024-02-05T00:00:00Z");
    const mondayHanoi = new Date("2024-02-04T17:00:00Z"); // midnight on Monday in Hà Nội
    expect(vietnamDayNumber(mondayUtc)).toBe(vietnamDayNumber(mondayHanoi));
    const day = vietnamDayNumber(mondayUtc);
    expect(tetWeekOffset(day)).toBe(0);
    expect(tetWeekOffset(day - 7)).toBe(-1);
    expect(tetWeekOffset(day + 14)).toBe(2);
    // Weeks that start on Sunday: 4–10 February holds Tết (Saturday the 10th), 11–17 is the week after.
    expect(tetWeekOffset(vietnamDayNumber(new Date("2024-02-04T00:00:00Z")))).toBe(0);
    expect(tetWeekOffset(vietnamDayNumber(new Date("2024-02-11T00:00:00Z")))).toBe(1);
  });
});
