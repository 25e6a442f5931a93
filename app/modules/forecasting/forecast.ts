// Weekly demand forecast for one product: picks its method by a rolling-origin backtest on the
// product's own history, models Tết as a moving holiday, and gives 80% intervals calibrated on the
// backtest's errors. Pure: no database, no Remix; ADR 009 explains the choices.
import { mape, naiveScale, wape } from "./accuracy";
import {
  dampedTrendCore,
  dampedTrendSeasonalCore,
  logOffset,
  movingMeanCore,
  naiveCore,
  seasonalNaiveCore,
  thetaCore,
  thetaSeasonalCore,
  crostonForecast,
  tsbForecast,
} from "./methods";
import { tetWeekOffset, vietnamDayNumber } from "./tet";

/**
 * "mean": the last four weeks' average; "naive": last week again; "seasonalNaive": the same week
 * last year; "ets": exponential smoothing with a damped trend; "theta": the theta method (smoothing
 * plus half the long-run trend); "etsDampedSeasonal" and "thetaSeasonal": the same on demand with
 * the yearly pattern taken out and put back; "croston" and "tsb": for products that sell only in
 * some weeks; "combination": the average of `components`; "none": nothing to forecast from.
 * All but croston and tsb run on log demand (so "mean" is a geometric mean there).
 */
export type ForecastMethod =
  | "none"
  | "mean"
  | "naive"
  | "seasonalNaive"
  | "ets"
  | "etsDampedSeasonal"
  | "theta"
  | "thetaSeasonal"
  | "croston"
  | "tsb"
  | "combination";

/**
 * Why this method: "no-history" (no weeks yet), "no-sales" (only weeks without sales),
 * "short-history" (too few weeks to test methods against each other: a recent average),
 * "intermittent" (sells some weeks and not others: Croston or TSB, chosen by backtest),
 * "backtest" (the methods that forecast this product's past best).
 */
export type ForecastReason = "no-history" | "no-sales" | "short-history" | "intermittent" | "backtest";

export interface WeeklyDemandForecastInput {
  /** Weekly totals, oldest first, one per week, zero weeks included. */
  history: readonly number[];
  /** Start of the first week of `history` (give this or `weekStarts`; needed for Tết). */
  firstWeekStart?: Date;
  /** Start of every week of `history`, 7 days apart. */
  weekStarts?: readonly Date[];
  /** Weeks ahead, 1–104. */
  horizon: number;
  /** "tet" (default) needs the week starts; "none" for markets without it. */
  holidays?: "tet" | "none";
  /** Weeks in a seasonal cycle; 52 for a yearly pattern in weekly data. */
  seasonPeriod?: number;
}

export interface ForecastPoint {
  /** Start of the forecast week, when the history's week starts were given. */
  weekStart: Date | null;
  /** The central forecast: what to say as "most likely" (a median for the log-scale methods). */
  point: number;
  /** 80% prediction interval: the week's demand falls below lo80 one time in ten, above hi80 one time in ten. Never negative. */
  lo80: number;
  hi80: number;
}

export interface ForecastBacktest {
  /**
   * Mean absolute scaled error of the chosen method on the backtest (below 1: better in the past
   * than repeating last year's week, or last week, did). Measured on the same weeks that chose the
   * method, so slightly flattering.
   */
  mase: number | null;
  /** What MASE is scaled by: the in-sample error of the seasonal naive method, or of the naive one when there is less than a season. */
  maseScale: "seasonalNaive" | "naive" | null;
  /** Mean absolute percentage error over the weeks that sold something. */
  mape: number | null;
  /** Total absolute error over total sales: the "typically off by N%" to show a farmer. */
  wape: number | null;
  /** How many past forecasts (origins) the figures come from, each `horizon` weeks long. */
  origins: number;
  horizon: number;
}

export interface TetInfo {
  /** Tết seasons (years) seen in the history that the effect was learned from. */
  yearsLearned: number;
  /** Estimated multiplier of demand for each week around Tết (week 0 holds Tết's first day). */
  effects: { weekOffset: number; multiplier: number }[];
  /** Whether a week around Tết falls within the forecast horizon. */
  inHorizon: boolean;
}

export interface WeeklyDemandForecast {
  method: ForecastMethod;
  /** The methods averaged when `method` is "combination"; otherwise just `method`. */
  components: ForecastMethod[];
  reason: ForecastReason;
  /**
   * Whether the forecast follows a yearly pattern: last year's same weeks (seasonalNaive, after a
   * year of history) or a seasonal model (etsDampedSeasonal, thetaSeasonal: after two years).
   */
  seasonal: boolean;
  historyWeeks: number;
  points: ForecastPoint[];
  backtest: ForecastBacktest;
  /** Null when holidays are "none". */
  tet: TetInfo | null;
}

const DAY_MS = 86_400_000;
const Z80 = 1.2815515655446004;

// Weeks around Tết with their own effect: shopping builds up over the month before (Ông Công Ông
// Táo is a week before Tết) and markets are slow for the first days of the new year.
const TET_WINDOW = { first: -4, last: 2 } as const;
// Weeks on each side of that window that give the "ordinary" level it is compared with.
const TET_BASELINE = { before: [-10, -5], after: [3, 8] } as const;

const MIN_TRAIN_WEEKS = 8;
const MIN_ORIGINS = 3;
const MAX_ORIGINS = 8;
const COMBINE_TOP = 3;

interface Candidate {
  method: ForecastMethod;
  core: (z: number[], horizon: number) => number[];
}

/**
 * Forecasts a product's weekly demand `horizon` weeks ahead with an 80% interval. Every method
 * that fits the history is run from up to eight past weeks (a rolling-origin backtest) and the
 * three with the smallest errors are averaged; products that sell only in some weeks get Croston
 * or TSB; a few weeks of history get a recent average. Deterministic; about 2 ms for three years
 * of weekly history.
 */
export function weeklyDemandForecast(input: WeeklyDemandForecastInput): WeeklyDemandForecast {
  const { history, horizon, holidays = "tet", seasonPeriod = 52 } = input;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 104) throw new RangeError(`horizon must be a whole number of weeks, 1–104: ${horizon}`);
  if (!Number.isInteger(seasonPeriod) || seasonPeriod < 1) throw new RangeError(`seasonPeriod must be a positive whole number: ${seasonPeriod}`);
  for (const v of history) if (!Number.isFinite(v) || v < 0) throw new RangeError(`history must hold non-negative numbers: ${v}`);
  const y = [...history];
  const n = y.length;
  const firstDay = firstWeekDay(input);
  if (holidays === "tet" && firstDay === null) {
    throw new TypeError('weeklyDemandForecast: holidays "tet" needs firstWeekStart or weekStarts (or pass holidays: "none")');
  }
  const weekStart = (i: number): Date | null => {
    const first = input.weekStarts?.[0] ?? input.firstWeekStart;
    return first ? new Date(first.getTime() + i * 7 * DAY_MS) : null;
  };
  // Tết offset of every week, history then horizon.
  const tetOffsets = holidays === "tet" && firstDay !== null ? Array.from({ length: n + horizon }, (_, i) => tetWeekOffset(firstDay + 7 * i)) : null;

  const empty = (reason: ForecastReason): WeeklyDemandForecast => ({
    method: "none",
    components: [],
    reason,
    seasonal: false,
    historyWeeks: n,
    points: Array.from({ length: horizon }, (_, h) => ({ weekStart: weekStart(n + h), point: 0, lo80: 0, hi80: 0 })),
    backtest: { mase: null, maseScale: null, mape: null, wape: null, origins: 0, horizon },
    tet: tetOffsets ? tetInfo(null, tetOffsets, n) : null,
  });
  if (n === 0) return empty("no-history");
  if (y.every((v) => v === 0)) return empty("no-sales");

  const step = Math.max(2, Math.ceil(horizon / 3));
  const origins = (minTrain: number) => {
    const out: number[] = [];
    for (let t = n - horizon; t >= minTrain && out.length < MAX_ORIGINS; t -= step) out.push(t);
    return out.reverse();
  };
  const baseOrigins = origins(MIN_TRAIN_WEEKS);
  if (baseOrigins.length < MIN_ORIGINS) return shortHistory(y, horizon, weekStart, tetOffsets);

  const seasonalScale = seasonPeriod > 1 && n > seasonPeriod + MIN_TRAIN_WEEKS ? naiveScale(y, seasonPeriod) : null;
  const scale = seasonalScale ?? naiveScale(y, 1);
  const maseScale = seasonalScale !== null ? "seasonalNaive" : scale !== null ? "naive" : null;

  if (isIntermittent(y)) {
    return intermittent(y, horizon, baseOrigins, weekStart, scale, maseScale, tetOffsets);
  }

  // Seasonal methods only when every backtest origin already has two full seasons behind it.
  const seasonalOrigins = seasonPeriod > 1 ? origins(2 * seasonPeriod) : [];
  const seasonal = seasonalOrigins.length >= MIN_ORIGINS;
  const testOrigins = seasonal ? seasonalOrigins : baseOrigins;
  const candidates: Candidate[] = [
    { method: "naive", core: naiveCore },
    { method: "mean", core: (z, h) => movingMeanCore(z, h, 4) },
    { method: "ets", core: dampedTrendCore },
    { method: "theta", core: thetaCore },
  ];
  if (testOrigins[0] >= seasonPeriod && seasonPeriod > 1) candidates.push({ method: "seasonalNaive", core: (z, h) => seasonalNaiveCore(z, h, seasonPeriod) });
  if (seasonal) {
    candidates.push({ method: "etsDampedSeasonal", core: (z, h) => dampedTrendSeasonalCore(z, h, seasonPeriod) });
    candidates.push({ method: "thetaSeasonal", core: (z, h) => thetaSeasonalCore(z, h, seasonPeriod) });
  }

  const offset = logOffset(y);
  const logY = y.map((v) => Math.log(v + offset));
  const toDemand = (w: number) => Math.max(0, Math.exp(w) - offset);

  // Rolling origin: refit everything on the weeks before each origin (Tết effect included) and
  // forecast the next `horizon` weeks, which the product's history already holds.
  const paths: number[][][] = candidates.map(() => []);
  for (const t of testOrigins) {
    const prepared = prepareLogSeries(logY.slice(0, t), tetOffsets?.slice(0, t + horizon) ?? null, horizon);
    candidates.forEach((c, ci) => {
      const path = c.core(prepared.z, horizon).map((w, h) => w + prepared.future[h]);
      paths[ci].push(path);
    });
  }
  const actual = testOrigins.map((t) => y.slice(t, t + horizon));
  const score = candidates.map((_, ci) => {
    let err = 0;
    testOrigins.forEach((_, o) => paths[ci][o].forEach((w, h) => (err += Math.abs(actual[o][h] - toDemand(w)))));
    return err;
  });
  const ranked = candidates.map((_, ci) => ci).sort((a, b) => score[a] - score[b] || a - b);
  const chosen = ranked.slice(0, COMBINE_TOP);

  const combine = (per: number[][]) => per[0].map((_, h) => per.reduce((s, p) => s + p[h], 0) / per.length);
  const backtestPaths = testOrigins.map((_, o) => combine(chosen.map((ci) => paths[ci][o])));
  // The band comes from the backtest errors of every method tried, not only of the chosen
  // average: those were picked for having been lucky on these very weeks, and their errors alone
  // gave bands that held the truth about 72% of the time instead of 80% on development data.
  const errors = paths.flatMap((p) => p.map((path, o) => path.map((w, h) => Math.log(actual[o][h] + offset) - w)));
  const band = empiricalBand(errors, horizon);

  const prepared = prepareLogSeries(logY, tetOffsets, horizon);
  const finalPath = combine(chosen.map((ci) => candidates[ci].core(prepared.z, horizon).map((w, h) => w + prepared.future[h])));
  const points = finalPath.map((w, h) => {
    const point = toDemand(w);
    return { weekStart: weekStart(n + h), point, lo80: Math.min(point, toDemand(w + band.lo[h])), hi80: Math.max(point, toDemand(w + band.hi[h])) };
  });

  const components = chosen.map((ci) => candidates[ci].method);
  return {
    method: components.length > 1 ? "combination" : components[0],
    components,
    reason: "backtest",
    seasonal: components.some((m) => m === "seasonalNaive" || m === "etsDampedSeasonal" || m === "thetaSeasonal"),
    historyWeeks: n,
    points,
    backtest: backtestFigures(actual, backtestPaths.map((p) => p.map(toDemand)), scale, maseScale, horizon),
    tet: tetOffsets ? tetInfo(prepared, tetOffsets, n) : null,
  };
}

function firstWeekDay(input: WeeklyDemandForecastInput): number | null {
  const { firstWeekStart, weekStarts, history } = input;
  if (weekStarts) {
    if (weekStarts.length !== history.length) throw new RangeError("weekStarts must have one date per week of history");
    const days = weekStarts.map(vietnamDayNumber);
    for (let i = 1; i < days.length; i++) {
      if (days[i] - days[i - 1] !== 7) throw new RangeError(`weekStarts must be 7 days apart (week ${i})`);
    }
    if (days.length) return days[0];
  }
  return firstWeekStart ? vietnamDayNumber(firstWeekStart) : null;
}

/** Syntetos–Boylan: an average gap between sales of more than 1.32 weeks calls for Croston-type methods. */
function isIntermittent(y: readonly number[]): boolean {
  const selling = y.filter((v) => v > 0).length;
  return y.length / selling > 1.32;
}

function shortHistory(
  y: readonly number[],
  horizon: number,
  weekStart: (i: number) => Date | null,
  tetOffsets: (number | null)[] | null,
): WeeklyDemandForecast {
  // Too few weeks to compare methods: the average of the last four weeks, with a band from how much
  // the weeks so far differ (at least ±25% of the average, since three weeks can agree by chance).
  const n = y.length;
  const recent = y.slice(-4);
  const level = recent.reduce((s, v) => s + v, 0) / recent.length;
  const avg = y.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(y.reduce((s, v) => s + (v - avg) * (v - avg), 0) / (n - 1)) : 0;
  const spread = Math.max(sd, 0.25 * level);
  const points = Array.from({ length: horizon }, (_, h) => {
    const half = Z80 * spread * Math.sqrt(1 + 1 / recent.length + h / 4);
    return { weekStart: weekStart(n + h), point: level, lo80: Math.max(0, level - half), hi80: level + half };
  });
  return {
    method: "mean",
    components: ["mean"],
    reason: "short-history",
    seasonal: false,
    historyWeeks: n,
    points,
    backtest: { mase: null, maseScale: null, mape: null, wape: null, origins: 0, horizon },
    tet: tetOffsets ? tetInfo(null, tetOffsets, n) : null,
  };
}

function intermittent(
  y: readonly number[],
  horizon: number,
  testOrigins: number[],
  weekStart: (i: number) => Date | null,
  scale: number | null,
  maseScale: ForecastBacktest["maseScale"],
  tetOffsets: (number | null)[] | null,
): WeeklyDemandForecast {
  // A Tết effect is not modelled here: with sales in only some weeks there is too little to tell
  // a holiday from chance.
  const n = y.length;
  const methods = [
    { method: "croston" as const, forecast: crostonForecast },
    { method: "tsb" as const, forecast: tsbForecast },
  ];
  const actual = testOrigins.map((t) => y.slice(t, t + horizon));
  const runs = methods.map((m) => {
    const paths = testOrigins.map((t) => m.forecast(y.slice(0, t), horizon));
    let err = 0;
    paths.forEach((p, o) => p.forEach((f, h) => (err += Math.abs(actual[o][h] - f))));
    return { ...m, paths, err };
  });
  const best = runs[0].err <= runs[1].err ? runs[0] : runs[1];
  // Demand-rate forecasts are flat and their errors barely grow with the horizon, so the band
  // comes from all backtest errors together.
  const errors = best.paths.flatMap((p, o) => p.map((f, h) => actual[o][h] - f));
  const [qLo, qHi] = [quantile(errors, 0.1), quantile(errors, 0.9)];
  const path = best.forecast(y, horizon);
  const points = path.map((f, h) => ({ weekStart: weekStart(n + h), point: f, lo80: Math.max(0, Math.min(f, f + qLo)), hi80: Math.max(f, f + qHi) }));
  return {
    method: best.method,
    components: [best.method],
    reason: "intermittent",
    seasonal: false,
    historyWeeks: n,
    points,
    backtest: backtestFigures(actual, best.paths, scale, maseScale, horizon),
    tet: tetOffsets ? tetInfo(null, tetOffsets, n) : null,
  };
}

function backtestFigures(
  actual: number[][],
  forecast: number[][],
  scale: number | null,
  maseScale: ForecastBacktest["maseScale"],
  horizon: number,
): ForecastBacktest {
  const a = actual.flat();
  const f = forecast.flat();
  let err = 0;
  for (let i = 0; i < a.length; i++) err += Math.abs(a[i] - f[i]);
  return {
    mase: scale === null || !a.length ? null : err / a.length / scale,
    maseScale,
    mape: mape(a, f),
    wape: wape(a, f),
    origins: actual.length,
    horizon,
  };
}

// ---- Tết as a moving holiday -------------------------------------------------------------------

interface PreparedSeries {
  /** Log demand with the Tết effect taken out. */
  z: number[];
  /** The Tết effect (log scale) to add back to each forecast week. */
  future: number[];
  effects: Map<number, number>;
  yearsLearned: number;
}

/**
 * Estimates the Tết effect for each week offset in the window, as the average over the Tết
 * seasons in the history of log demand minus the level of the ordinary weeks around that Tết.
 * Each average is shrunk towards zero by how noisy the series is (a positive-part James–Stein
 * factor), so one odd week in one year does not become a "holiday effect".
 */
function prepareLogSeries(logY: readonly number[], offsets: readonly (number | null)[] | null, horizon: number): PreparedSeries {
  const n = logY.length;
  if (!offsets) return { z: [...logY], future: new Array<number>(horizon).fill(0), effects: new Map(), yearsLearned: 0 };
  // Tết weeks (offset 0) that the history can see, by index; a Tết just before the history starts
  // still counts if its window reaches into it.
  const anchors = new Set<number>();
  for (let t = 0; t < n; t++) {
    const o = offsets[t];
    if (o !== null && o >= TET_WINDOW.first && o <= TET_WINDOW.last) anchors.add(t - o);
  }
  const sums = new Map<number, { sum: number; count: number }>();
  let yearsLearned = 0;
  for (const anchor of anchors) {
    let base = 0;
    let baseCount = 0;
    for (const [from, to] of [TET_BASELINE.before, TET_BASELINE.after]) {
      for (let k = from; k <= to; k++) {
        const t = anchor + k;
        if (t >= 0 && t < n) {
          base += logY[t];
          baseCount++;
        }
      }
    }
    if (baseCount < 3) continue;
    base /= baseCount;
    let seen = false;
    for (let k = TET_WINDOW.first; k <= TET_WINDOW.last; k++) {
      const t = anchor + k;
      if (t < 0 || t >= n) continue;
      const s = sums.get(k) ?? { sum: 0, count: 0 };
      s.sum += logY[t] - base;
      s.count++;
      sums.set(k, s);
      seen = true;
    }
    if (seen) yearsLearned++;
  }
  const noise = robustNoise(logY);
  const effects = new Map<number, number>();
  for (const [k, { sum, count }] of sums) {
    const e = sum / count;
    const shrink = e === 0 ? 0 : Math.max(0, 1 - (noise * noise) / count / (e * e));
    if (shrink > 0) effects.set(k, e * shrink);
  }
  const effectAt = (t: number) => {
    const o = offsets[t];
    return o === null ? 0 : (effects.get(o) ?? 0);
  };
  return {
    z: logY.map((v, t) => v - effectAt(t)),
    future: Array.from({ length: horizon }, (_, h) => effectAt(n + h)),
    effects,
    yearsLearned,
  };
}

/** Standard deviation of week-to-week noise, from the median absolute difference (robust to the holiday weeks themselves). */
function robustNoise(z: readonly number[]): number {
  if (z.length < 3) return 0;
  const diffs = [];
  for (let t = 1; t < z.length; t++) diffs.push(Math.abs(z[t] - z[t - 1]));
  return (1.4826 * quantile(diffs, 0.5)) / Math.SQRT2;
}

function tetInfo(prepared: PreparedSeries | null, offsets: readonly (number | null)[], n: number): TetInfo {
  const effects = prepared
    ? [...prepared.effects.entries()].sort((a, b) => a[0] - b[0]).map(([weekOffset, e]) => ({ weekOffset, multiplier: Math.exp(e) }))
    : [];
  const inHorizon = offsets.slice(n).some((o) => o !== null && o >= TET_WINDOW.first && o <= TET_WINDOW.last);
  return { yearsLearned: prepared?.yearsLearned ?? 0, effects, inHorizon };
}

// ---- Intervals from backtest errors --------------------------------------------------------------

/**
 * Lower and upper 80% offsets (log scale) for each horizon. The spread of errors is estimated per
 * horizon as a line in the mean squared error (errors grow with the horizon; a line keeps eight
 * origins per horizon from making the band jump about), and the shape — quantiles of the errors
 * divided by that spread, pooled over all horizons — from the errors themselves, so a skewed
 * or biased past shows in the band.
 */
function empiricalBand(errors: number[][], horizon: number): { lo: number[]; hi: number[] } {
  const msByH = Array.from({ length: horizon }, (_, h) => errors.reduce((s, e) => s + e[h] * e[h], 0) / errors.length);
  let a = msByH[0];
  let b = 0;
  if (horizon > 1) {
    const hMean = (horizon - 1) / 2;
    const mMean = msByH.reduce((s, v) => s + v, 0) / horizon;
    let num = 0;
    let den = 0;
    msByH.forEach((m, h) => {
      num += (h - hMean) * (m - mMean);
      den += (h - hMean) * (h - hMean);
    });
    b = Math.max(0, num / den);
    a = Math.max(mMean - b * hMean, 0);
  }
  const floor = 1e-6 + 0.01 * msByH.reduce((s, v) => s + v, 0) / horizon;
  const sigma = msByH.map((_, h) => Math.sqrt(Math.max(a + b * h, floor)));
  const scaled = errors.flatMap((e) => e.map((v, h) => v / sigma[h]));
  const enough = scaled.length >= 30;
  const qLo = enough ? quantile(scaled, 0.1) : -Z80;
  const qHi = enough ? quantile(scaled, 0.9) : Z80;
  return { lo: sigma.map((s) => qLo * s), hi: sigma.map((s) => qHi * s) };
}

function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  if (!sorted.length) return 0;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
