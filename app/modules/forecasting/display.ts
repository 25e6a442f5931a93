// Forecast figures as a farmer reads them: "Next week: 40–55 kg (most likely 47 kg)". Exact
// decimals would promise a precision the forecast does not have.
import type { ForecastPoint } from "./forecast";

export interface RoundedForecast {
  lo: number;
  mostLikely: number;
  hi: number;
  /** The rounding step used (1 for 40–55 kg, 10 for 400–550 kg, 0.1 for 4.0–5.5 kg). */
  step: number;
}

/**
 * Rounds a forecast week to about two significant figures of its upper bound: the band outwards
 * (so it still holds what the interval holds), the central value to the nearest step.
 */
export function roundForDisplay(point: Pick<ForecastPoint, "point" | "lo80" | "hi80">): RoundedForecast {
  const top = Math.max(point.hi80, point.point);
  if (!(top > 0)) return { lo: 0, mostLikely: 0, hi: 0, step: 1 };
  const step = 10 ** (Math.floor(Math.log10(top)) - 1);
  // Round the products, not the steps: 0.1 * 47 prints as 4.7000000000000002 otherwise.
  const fix = (v: number) => Number(v.toPrecision(12));
  // 2.2 / 0.1 is 22.000000000000004 in floating point; a hair of tolerance keeps it at 22.
  const lo = fix(Math.floor(point.lo80 / step + 1e-9) * step);
  const hi = fix(Math.ceil(top / step - 1e-9) * step);
  const mostLikely = Math.min(hi, Math.max(lo, fix(Math.round(point.point / step) * step)));
  return { lo, mostLikely, hi, step: fix(step) };
}
