// bench/forecast: forecast accuracy on real weekly retail sales (Hass Avocado Board, 2015-01-04 …
// 2018-03-25, see ../shared/data/README.md). For every series with all 169 weeks, the last 12 weeks
// are held out and forecast by the app's own weeklyDemandForecast, and by the naive, seasonal-naive
// and last-4-weeks-mean baselines in the same run. Prints mean and median MASE (scaled by the
// in-sample seasonal-naive error, lag 52), the 80% interval's coverage of the held-out weeks and
// the time per 1,000 series; the last line is JSON.
//   npm run bench:forecast            the held-out test (last 12 weeks)
//   npm run bench:forecast -- --dev   development splits that never see those 12 weeks: forecasts
//                                     made after weeks 118, 124, 130, 137 and 145, each scored on
//                                     the 12 weeks that follow (all within the first 157 weeks);
//                                     tune on these, so the test stays a test
// AVOCADO_CSV=/path/to/avocado.csv overrides where the data is read from.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mase } from "../app/modules/forecasting/accuracy";
import { weeklyDemandForecast } from "../app/modules/forecasting/forecast";
import { movingMeanForecast, naiveForecast, seasonalNaiveForecast } from "../app/modules/forecasting/methods";

const HORIZON = 12;
const PERIOD = 52;
const WEEKS = 169;
const DEV = process.argv.includes("--dev");
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const csvPath = process.env.AVOCADO_CSV ?? path.resolve(repoRoot, "../shared/data/avocado.csv");

interface Series {
  name: string;
  firstWeek: Date;
  values: number[];
}

/** The file's header has no name for its leading row-index column, so columns are matched from the right. */
function readSeries(file: string): { complete: Series[]; incomplete: string[] } {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(",");
  const byName = new Map<string, Map<string, number>>();
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    const shift = cells.length - header.length;
    const cell = (name: string) => cells[header.indexOf(name) + shift];
    const key = `${cell("region")}/${cell("type")}`;
    const weeks = byName.get(key) ?? new Map<string, number>();
    weeks.set(cell("Date"), Number(cell("Total Volume")));
    byName.set(key, weeks);
  }
  const complete: Series[] = [];
  const incomplete: string[] = [];
  for (const [name, weeks] of [...byName].sort((a, b) => a[0].localeCompare(b[0]))) {
    const dates = [...weeks.keys()].sort();
    const first = new Date(`${dates[0]}T00:00:00Z`);
    const consecutive = dates.every((d, i) => new Date(`${d}T00:00:00Z`).getTime() === first.getTime() + i * 7 * 86_400_000);
    if (dates.length !== WEEKS || !consecutive) {
      incomplete.push(`${name} (${dates.length} weeks)`);
      continue;
    }
    complete.push({ name, firstWeek: first, values: dates.map((d) => weeks.get(d)!) });
  }
  return { complete, incomplete };
}

const { complete, incomplete } = readSeries(csvPath);
const DEV_CUTOFFS = [118, 124, 130, 137, 145];
// One task per forecast: a series cut to the weeks it is trained on plus the HORIZON weeks scored.
const tasks = (DEV ? DEV_CUTOFFS : [WEEKS - HORIZON]).flatMap((train) => complete.map((s) => ({ ...s, values: s.values.slice(0, train + HORIZON) })));

type Name = "naive" | "seasonalNaive" | "last4" | "ours";
const NAMES: Name[] = ["naive", "seasonalNaive", "last4", "ours"];
const scores: Record<Name, number[]> = { naive: [], seasonalNaive: [], last4: [], ours: [] };
const chosen = new Map<string, number>();
let covered = 0;
let heldOut = 0;
let oursMs = 0;

for (const s of tasks) {
  const train = s.values.slice(0, -HORIZON);
  const test = s.values.slice(-HORIZON);
  const score = (forecast: number[]) => mase({ actual: test, forecast, insample: train, period: PERIOD })!;
  scores.naive.push(score(naiveForecast(train, HORIZON)));
  scores.seasonalNaive.push(score(seasonalNaiveForecast(train, HORIZON, PERIOD)));
  scores.last4.push(score(movingMeanForecast(train, HORIZON, 4)));
  const t0 = performance.now();
  // US sales: no Tết, so no holiday effect (the app passes "tet" for Vietnamese products).
  const ours = weeklyDemandForecast({ history: train, firstWeekStart: s.firstWeek, horizon: HORIZON, holidays: "none", seasonPeriod: PERIOD });
  oursMs += performance.now() - t0;
  scores.ours.push(score(ours.points.map((p) => p.point)));
  const label = ours.method === "combination" ? `combination of ${[...ours.components].sort().join(" + ")}` : ours.method;
  chosen.set(label, (chosen.get(label) ?? 0) + 1);
  ours.points.forEach((p, h) => {
    heldOut++;
    if (test[h] >= p.lo80 && test[h] <= p.hi80) covered++;
  });
}

// Time again over several passes, so the figure is not one cold start.
const passes = 5;
const t0 = performance.now();
for (let i = 0; i < passes; i++) {
  for (const s of tasks) {
    weeklyDemandForecast({ history: s.values.slice(0, -HORIZON), firstWeekStart: s.firstWeek, horizon: HORIZON, holidays: "none", seasonPeriod: PERIOD });
  }
}
const msPer1000Series = ((performance.now() - t0) / (passes * tasks.length)) * 1000;

const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, d = 4) => Number(x.toFixed(d));

console.log(`data: ${csvPath}`);
console.log(
  `${complete.length} complete series of ${WEEKS} weeks (skipped: ${incomplete.join(", ") || "none"}); ` +
    (DEV ? `DEV splits: trained on the first ${DEV_CUTOFFS.join(", ")} weeks, scored on the next ${HORIZON} (${tasks.length} forecasts)` : `last ${HORIZON} weeks held out`),
);
console.log(`\nMASE, scaled by the in-sample seasonal-naive (lag ${PERIOD}) error; lower is better\n`);
console.log(`${"method".padEnd(16)}${"mean".padStart(8)}${"median".padStart(8)}`);
for (const name of NAMES) console.log(`${name.padEnd(16)}${avg(scores[name]).toFixed(3).padStart(8)}${median(scores[name]).toFixed(3).padStart(8)}`);
const bestBaseline = Math.min(avg(scores.naive), avg(scores.seasonalNaive), avg(scores.last4));
console.log(`\nours / best baseline (mean MASE): ${(avg(scores.ours) / bestBaseline).toFixed(3)}  (target ≤ 0.900)`);
console.log(`80% interval coverage of the held-out weeks: ${((100 * covered) / heldOut).toFixed(1)}%`);
console.log(`time: ${msPer1000Series.toFixed(0)} ms per 1,000 series (first pass ${((oursMs / tasks.length) * 1000).toFixed(0)} ms per 1,000)`);
console.log(`\nmethods chosen (most frequent):`);
const byCount = [...chosen].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
for (const [label, count] of byCount.slice(0, 8)) console.log(`  ${String(count).padStart(4)}  ${label}`);
const rest = byCount.slice(8).reduce((sum, [, count]) => sum + count, 0);
if (rest) console.log(`  ${String(rest).padStart(4)}  ${byCount.length - 8} other choices`);
console.log(
  JSON.stringify({
    series: complete.length,
    horizon: HORIZON,
    maseMean: Object.fromEntries(NAMES.map((n) => [n, round(avg(scores[n]))])),
    maseMedian: Object.fromEntries(NAMES.map((n) => [n, round(median(scores[n]))])),
    coverage80: round(covered / heldOut),
    msPer1000Series: Math.round(msPer1000Series),
    ...(DEV ? { split: "dev", trainWeeks: DEV_CUTOFFS } : {}),
  }),
);
