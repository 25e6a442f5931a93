// Accuracy measures shared by the backtest and the benchmark.

/**
 * Mean absolute error of the naive forecast that repeats the value `period` weeks earlier, over
 * the in-sample history: the denominator of MASE. Null when it cannot be computed or is zero.
 */
export function naiveScale(insample: readonly number[], period = 1): number | null {
  if (insample.length <= period) return null;
  let sum = 0;
  for (let t = period; t < insample.length; t++) sum += Math.abs(insample[t] - insample[t - period]);
  const scale = sum / (insample.length - period);
  return scale > 0 ? scale : null;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): the forecast's mean absolute error divided
 * by the in-sample error of the (seasonal) naive method with lag `period`. Below 1 beats it.
 */
export function mase(input: { actual: readonly number[]; forecast: readonly number[]; insample: readonly number[]; period?: number }): number | null {
  const { actual, forecast, insample, period = 1 } = input;
  if (actual.length !== forecast.length) throw new RangeError("mase: actual and forecast differ in length");
  const scale = naiveScale(insample, period);
  if (scale === null || actual.length === 0) return null;
  return meanAbsoluteError(actual, forecast) / scale;
}

export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
  return actual.length ? sum / actual.length : 0;
}

/** Mean absolute percentage error over the weeks that sold something; null if none did. */
export function mape(actual: readonly number[], forecast: readonly number[]): number | null {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] > 0) {
      sum += Math.abs(actual[i] - forecast[i]) / actual[i];
      count++;
    }
  }
  return count ? sum / count : null;
}

/**
 * Weighted absolute percentage error: total absolute error over total sales. The "typical % off"
 * to show a farmer; unlike MAPE it stays meaningful when some weeks sell nothing.
 */
export function wape(actual: readonly number[], forecast: readonly number[]): number | null {
  let err = 0;
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    err += Math.abs(actual[i] - forecast[i]);
    total += Math.abs(actual[i]);
  }
  return total > 0 ? err / total : null;
}
