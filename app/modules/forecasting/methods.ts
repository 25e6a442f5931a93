// Individual forecasters. Each takes a series (oldest first) and a horizon and returns one point
// forecast per future week. The "core" ones work on any real-valued series: the selection in
// forecast.ts runs them on log demand with the Tết effect taken out. The exported wrappers at the
// bottom take demand as sold (non-negative) and return demand.

const repeat = (value: number, horizon: number) => Array.from({ length: horizon }, () => value);

function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return to > from ? sum / (to - from) : 0;
}

export function naiveCore(z: readonly number[], horizon: number): number[] {
  return repeat(z.length ? z[z.length - 1] : 0, horizon);
}

/** The same week one season ago; falls back to naive while there is less than one season. */
export function seasonalNaiveCore(z: readonly number[], horizon: number, period: number): number[] {
  const n = z.length;
  if (n < period) return naiveCore(z, horizon);
  return Array.from({ length: horizon }, (_, i) => z[n - period + (i % period)]);
}

export function movingMeanCore(z: readonly number[], horizon: number, window = 4): number[] {
  const n = z.length;
  return repeat(mean(z, Math.max(0, n - window), n), horizon);
}

// ---- Exponential smoothing with a damped trend (ETS A,Ad,N in error-correction form) ----------

export interface DampedTrendModel {
  alpha: number;
  beta: number;
  phi: number;
  level: number;
  trend: number;
  /** Root mean square of the one-step in-sample errors. */
  rmse: number;
}

// A fixed grid rather than a numerical optimiser: deterministic, fast (a few hundred passes over
// a short series) and never stuck at a boundary it cannot leave. Weekly sales are noisy enough
// that finer steps do not change forecasts measurably.
const ALPHAS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.65, 0.8, 0.95];
const BETAS = [0, 0.01, 0.03, 0.07, 0.15];
const PHIS = [0.8, 0.9, 0.95, 0.98];

function initialLevelAndTrend(z: readonly number[]): [number, number] {
  // Least-squares line through the first weeks (at most ten), so one odd first week does not set
  // the starting trend.
  const k = Math.min(z.length, 10);
  if (k < 2) return [z[0] ?? 0, 0];
  const tMean = (k - 1) / 2;
  const zMean = mean(z, 0, k);
  let num = 0;
  let den = 0;
  for (let t = 0; t < k; t++) {
    num += (t - tMean) * (z[t] - zMean);
    den += (t - tMean) * (t - tMean);
  }
  const slope = num / den;
  return [zMean - slope * tMean - slope, slope];
}

function dampedTrendSse(z: readonly number[], alpha: number, beta: number, phi: number, l0: number, b0: number): number {
  let level = l0;
  let trend = b0;
  let sse = 0;
  for (let t = 0; t < z.length; t++) {
    const f = level + phi * trend;
    const e = z[t] - f;
    sse += e * e;
    level = f + alpha * e;
    trend = phi * trend + beta * e;
  }
  return sse;
}

export function fitDampedTrend(z: readonly number[]): DampedTrendModel {
  const n = z.length;
  const [l0, b0] = initialLevelAndTrend(z);
  let best = { alpha: 0.2, beta: 0, phi: 0.9, sse: Infinity };
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      if (beta > alpha) continue;
      for (const phi of PHIS) {
        const sse = dampedTrendSse(z, alpha, beta, phi, l0, b0);
        if (sse < best.sse) best = { alpha, beta, phi, sse };
      }
    }
  }
  let level = l0;
  let trend = b0;
  for (let t = 0; t < n; t++) {
    const f = level + best.phi * trend;
    const e = z[t] - f;
    level = f + best.alpha * e;
    trend = best.phi * trend + best.beta * e;
  }
  return { alpha: best.alpha, beta: best.beta, phi: best.phi, level, trend, rmse: Math.sqrt(best.sse / Math.max(1, n)) };
}

export function dampedTrendPath(model: DampedTrendModel, horizon: number): number[] {
  const out: number[] = [];
  let damp = 0;
  let phiPower = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPower *= model.phi;
    damp += phiPower;
    out.push(model.level + damp * model.trend);
  }
  return out;
}

export function dampedTrendCore(z: readonly number[], horizon: number): number[] {
  if (z.length < 3) return naiveCore(z, horizon);
  return dampedTrendPath(fitDampedTrend(z), horizon);
}

// ---- Theta method (simple exponential smoothing with half the linear drift) --------------------

export function thetaCore(z: readonly number[], horizon: number): number[] {
  const n = z.length;
  if (n < 3) return naiveCore(z, horizon);
  const tMean = (n - 1) / 2;
  const zMean = mean(z);
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tMean) * (z[t] - zMean);
    den += (t - tMean) * (t - tMean);
  }
  const slope = num / den;
  let best = { alpha: 0.2, sse: Infinity, level: z[0] };
  for (const alpha of ALPHAS) {
    let level = z[0];
    let sse = 0;
    for (let t = 1; t < n; t++) {
      const e = z[t] - level;
      sse += e * e;
      level += alpha * e;
    }
    if (sse < best.sse) best = { alpha, sse, level };
  }
  const { alpha, level } = best;
  // Hyndman & Billah (2003): the theta-line forecast is SES plus half the regression slope,
  // adjusted for how much of the trend SES has already absorbed (h - 1 = i).
  return Array.from({ length: horizon }, (_, i) => level + (slope / 2) * (i + 1 / alpha - Math.pow(1 - alpha, n) / alpha));
}

// ---- Seasonality by classical decomposition ------------------------------------------------------

/**
 * Additive seasonal indices (one per position `t % period`, summing to zero) from the ratio of the
 * series to its centred moving average, averaged over the seasons seen and smoothed over
 * neighbouring weeks. Null with less than two full seasons: one season cannot tell a seasonal
 * peak from a one-off.
 */
export function seasonalIndices(z: readonly number[], period: number): number[] | null {
  const n = z.length;
  if (period < 2 || n < 2 * period) return null;
  const half = Math.floor(period / 2);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  const detrended: number[] = [];
  // Running sum for the centred moving average (2×m for even m, m for odd m).
  let window = 0;
  for (let j = 0; j < period; j++) window += z[j];
  for (let t = half; t + half < n; t++) {
    let trend: number;
    if (period % 2 === 0) {
      // window holds z[t-half .. t+half-1]; the 2×m average adds half of z[t+half] and removes half of z[t-half].
      trend = (window - 0.5 * z[t - half] + 0.5 * z[t + half]) / period;
    } else {
      trend = window / period;
    }
    const p = t % period;
    detrended.push(z[t] - trend);
    sums[p] += z[t] - trend;
    counts[p] += 1;
    const next = period % 2 === 0 ? t + half : t + half + 1;
    if (next < n) window += z[next] - z[t - half];
  }
  const raw = Array.from({ length: period }, (_, p) => (counts[p] ? sums[p] / counts[p] : 0));
  // Two or three values per week of the year are mostly noise. Smooth over five neighbouring weeks
  // ([1 2 3 2 1]/9), then shrink all indices towards zero by the share of their spread that noise
  // explains (an empirical-Bayes factor): a strong, regular season keeps nearly all of it, a weak
  // one little. The noise is measured by how much the seasons disagree on the same week.
  let within = 0;
  let withinDf = 0;
  for (let t = half; t + half < n; t++) {
    const p = t % period;
    if (counts[p] > 1) {
      within += (detrended[t - half] - raw[p]) ** 2;
      withinDf += 1 - 1 / counts[p];
    }
  }
  const at = (p: number) => raw[(p + period) % period];
  const smoothed = raw.map((_, p) => (at(p - 2) + 2 * at(p - 1) + 3 * raw[p] + 2 * at(p + 1) + at(p + 2)) / 9);
  const centred = smoothed.map((v) => v - mean(smoothed));
  const KERNEL_VARIANCE = 19 / 81; // sum of the squared smoothing weights
  let noise = 0;
  for (let p = 0; p < period; p++) noise += withinDf ? (within / withinDf / Math.max(counts[p], 1)) * KERNEL_VARIANCE : Infinity;
  noise /= period;
  const spread = centred.reduce((s, v) => s + v * v, 0) / period;
  const shrink = spread > 0 ? Math.max(0, 1 - noise / spread) : 0;
  const smooth = centred.map((v) => v * shrink);
  const centre = mean(smooth);
  return smooth.map((s) => s - centre);
}

function deseasonalised(z: readonly number[], indices: readonly number[]): number[] {
  const period = indices.length;
  return z.map((v, t) => v - indices[t % period]);
}

function reseasonalised(path: readonly number[], start: number, indices: readonly number[]): number[] {
  const period = indices.length;
  return path.map((v, i) => v + indices[(start + i) % period]);
}

/** Damped-trend exponential smoothing on the seasonally adjusted series; non-seasonal below two seasons. */
export function dampedTrendSeasonalCore(z: readonly number[], horizon: number, period: number): number[] {
  const indices = seasonalIndices(z, period);
  if (!indices) return dampedTrendCore(z, horizon);
  return reseasonalised(dampedTrendCore(deseasonalised(z, indices), horizon), z.length, indices);
}

export function thetaSeasonalCore(z: readonly number[], horizon: number, period: number): number[] {
  const indices = seasonalIndices(z, period);
  if (!indices) return thetaCore(z, horizon);
  return reseasonalised(thetaCore(deseasonalised(z, indices), horizon), z.length, indices);
}

// ---- Intermittent demand: Croston (with the Syntetos–Boylan correction) and TSB ----------------

const INTERMITTENT_ALPHAS = [0.05, 0.1, 0.2, 0.3];
const TSB_BETAS = [0.02, 0.05, 0.1, 0.2];

function crostonRun(y: readonly number[], alpha: number): { size: number; interval: number; sse: number } | null {
  const first = y.findIndex((v) => v > 0);
  if (first < 0) return null;
  let size = y[first];
  let interval = first + 1;
  let sinceLast = 1;
  let sse = 0;
  for (let t = first + 1; t < y.length; t++) {
    const f = (size / interval) * (1 - alpha / 2);
    sse += (y[t] - f) * (y[t] - f);
    if (y[t] > 0) {
      size += alpha * (y[t] - size);
      interval += alpha * (sinceLast - interval);
      sinceLast = 1;
    } else {
      sinceLast++;
    }
  }
  return { size, interval, sse };
}

/**
 * Croston's method with the Syntetos–Boylan (SBA) bias correction: smooths the size of the
 * non-zero sales and the gap between them separately; the forecast is a demand rate per week.
 */
export function crostonForecast(history: readonly number[], horizon: number): number[] {
  let best: { rate: number; sse: number } | null = null;
  for (const alpha of INTERMITTENT_ALPHAS) {
    const run = crostonRun(history, alpha);
    if (!run) return repeat(0, horizon);
    const rate = (run.size / run.interval) * (1 - alpha / 2);
    if (!best || run.sse < best.sse) best = { rate, sse: run.sse };
  }
  return repeat(best ? best.rate : 0, horizon);
}

/**
 * Teunter–Syntetos–Babai: smooths the probability of selling every week (so a product that
 * stopped selling decays towards zero, which Croston never does) and the size when it sells.
 */
export function tsbForecast(history: readonly number[], horizon: number): number[] {
  const n = history.length;
  let nonZero = 0;
  let sizeSum = 0;
  for (const v of history) {
    if (v > 0) {
      nonZero++;
      sizeSum += v;
    }
  }
  if (!nonZero) return repeat(0, horizon);
  let best = { rate: 0, sse: Infinity };
  for (const alpha of INTERMITTENT_ALPHAS) {
    for (const beta of TSB_BETAS) {
      let prob = nonZero / n;
      let size = sizeSum / nonZero;
      let sse = 0;
      for (const v of history) {
        const f = prob * size;
        sse += (v - f) * (v - f);
        prob += beta * ((v > 0 ? 1 : 0) - prob);
        if (v > 0) size += alpha * (v - size);
      }
      if (sse < best.sse) best = { rate: prob * size, sse };
    }
  }
  return repeat(best.rate, horizon);
}

// ---- Wrappers on demand as sold --------------------------------------------------------------

const clip = (values: number[]) => values.map((v) => (v > 0 ? v : 0));

/** Log scale for trend and seasonal methods: demand grows and varies in proportion to its size. */
function onLogScale(history: readonly number[], core: (z: number[]) => number[]): number[] {
  const offset = logOffset(history);
  return clip(core(history.map((v) => Math.log(v + offset))).map((v) => Math.exp(v) - offset));
}

/** 0 when every week sold something; otherwise a tenth of the average week, so a zero week is a dip, not minus infinity. */
export function logOffset(history: readonly number[]): number {
  if (history.every((v) => v > 0)) return 0;
  const avg = mean(history);
  return avg > 0 ? avg / 10 : 1;
}

export const naiveForecast = (history: readonly number[], horizon: number) => naiveCore(history, horizon);
export const seasonalNaiveForecast = (history: readonly number[], horizon: number, period = 52) => seasonalNaiveCore(history, horizon, period);
export const movingMeanForecast = (history: readonly number[], horizon: number, window = 4) => movingMeanCore(history, horizon, window);
export const dampedTrendForecast = (history: readonly number[], horizon: number) => onLogScale(history, (z) => dampedTrendCore(z, horizon));
export const dampedTrendSeasonalForecast = (history: readonly number[], horizon: number, period = 52) =>
  onLogScale(history, (z) => dampedTrendSeasonalCore(z, horizon, period));
export const thetaForecast = (history: readonly number[], horizon: number) => onLogScale(history, (z) => thetaCore(z, horizon));
export const thetaSeasonalForecast = (history: readonly number[], horizon: number, period = 52) =>
  onLogScale(history, (z) => thetaSeasonalCore(z, horizon, period));
