// The farmer's "what will sell next weeks": each listed product's weekly sales (in its own unit,
// Asia/Ho_Chi_Minh weeks) through the forecaster (ADR 009), rounded the way a farmer reads it.
import { findOwnFarm, weeklyUnitsByProduct } from "~/modules/analytics/farm.server";
import { addDays, localDay, weekStart } from "~/modules/analytics/time";
import { cached, ttlFromEnv } from "~/utils/cache.server";
import { roundForDisplay, type RoundedForecast } from "./display";
import { weeklyDemandForecast, type ForecastMethod, type ForecastReason } from "./forecast";

export const FORECAST_WEEKS = 6;
const HISTORY_WEEKS = 156; // three years at most: enough for seasons and Tết, bounded work

export type ProductDemandForecast = {
  productId: string;
  name: string;
  unit: string;
  method: ForecastMethod;
  reason: ForecastReason;
  historyWeeks: number;
  weeks: Array<RoundedForecast & { weekStart: string }>;
  /** Typical size of past errors, as a share of sales (WAPE of the backtest), when measurable. */
  typicalErrorShare: number | null;
  /** Tết falls in the forecast weeks but this product has no Tết in its history yet. */
  tetUnknown: boolean;
  lastWeeks: number[];
};

/**
 * Forecasts for the farm's products on sale, busiest first. Ownership: userId must be a member.
 * They only change when a week completes, so they are kept FORECAST_CACHE_MS (1 hour) per farm
 * and week (ten products take ~25 ms of CPU).
 */
export async function farmDemandForecasts({ userId, farmId, now = new Date(), horizon = FORECAST_WEEKS }: { userId: string; farmId: string; now?: Date; horizon?: number }): Promise<ProductDemandForecast[]> {
  const farm = await findOwnFarm({ userId, farmId });
  if (!farm) return []; // not a member
  return demandForecastsOfFarm({ farmId: farm.id, now, horizon });
}

/**
 * The same, for a caller that has just checked membership itself (the sales dashboard's loader):
 * nothing is read from the database while the week's forecasts are kept (FORECAST_CACHE_MS).
 */
export function demandForecastsOfFarm({ farmId, now = new Date(), horizon = FORECAST_WEEKS }: { farmId: string; now?: Date; horizon?: number }): Promise<ProductDemandForecast[]> {
  // history ends with last week: the forecasts change when a week ends
  const lastWeek = addDays(weekStart(localDay(now)), -7);
  return cached(`forecast:${farmId}:${lastWeek}:${horizon}`, () => computeFarmDemandForecasts({ farmId, now, horizon }), ttlFromEnv("FORECAST_CACHE_MS", 60 * 60_000), { versioned: false });
}

async function computeFarmDemandForecasts({ farmId, now, horizon }: { farmId: string; now: Date; horizon: number }): Promise<ProductDemandForecast[]> {
  const { weekStarts, products } = await weeklyUnitsByProduct({ farmId, weeks: HISTORY_WEEKS, now });
  const out: ProductDemandForecast[] = [];
  for (const p of products) {
    if (p.status !== "ACTIVE") continue;
    // weeks before the first sale are weeks before the product was on sale, not weeks of no demand
    const first = p.units.findIndex((u) => u > 0);
    const history = first === -1 ? [] : p.units.slice(first);
    const firstWeekStart = first === -1 ? undefined : new Date(`${weekStarts[first]}T00:00:00+07:00`);
    // the history ends with last week; the first forecast week is the current one, already under
    // way, so the farmer sees the weeks from next Monday on
    const f = weeklyDemandForecast({ history, firstWeekStart, horizon: horizon + 1, holidays: firstWeekStart ? "tet" : "none" });
    const nextStart = new Date(`${weekStarts.at(-1) ?? ""}T00:00:00+07:00`);
    out.push({
      productId: p.productId,
      name: p.name,
      unit: p.unit,
      method: f.method,
      reason: f.reason,
      historyWeeks: f.historyWeeks,
      weeks: f.points.slice(1).map((pt, i) => ({
        ...roundForDisplay(pt),
        weekStart: localDay(pt.weekStart ?? new Date(nextStart.getTime() + (i + 2) * 7 * 86_400_000)),
      })),
      typicalErrorShare: f.backtest.wape,
      tetUnknown: Boolean(f.tet?.inHorizon && f.tet.yearsLearned === 0),
      lastWeeks: p.units.slice(-8),
    });
  }
  return out.sort((a, b) => (b.weeks[0]?.mostLikely ?? 0) - (a.weeks[0]?.mostLikely ?? 0) || a.name.localeCompare(b.name, "vi"));
}
