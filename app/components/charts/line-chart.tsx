// A line chart drawn on the server as SVG (d3-scale and d3-shape): one or more series over the same
// buckets, e.g. this period against the previous one. Null values (hidden figures) break the line.
import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { useId } from "react";
import { CHART, INK, ValueAxis, XLabels } from "./axis";

export type Series = { name: string; values: Array<number | null>; tone?: "main" | "muted" };

export function LineChart({ title, description, labels, series, formatTick }: { title: string; description: string; labels: string[]; series: Series[]; formatTick: (v: number) => string }) {
  const id = useId();
  const { width, height, margin } = CHART;
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const x = scaleLinear().domain([0, Math.max(1, labels.length - 1)]).range([margin.left + 4, width - margin.right - 4]);
  const y = scaleLinear().domain([0, max || 1]).nice(4).range([height - margin.bottom, margin.top]);
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(i))
    .y((v) => y(v ?? 0));
  const dots = labels.length <= 45;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}t ${id}d`} className="h-auto w-full" preserveAspectRatio="xMidYMid meet">
      <title id={`${id}t`}>{title}</title>
      <desc id={`${id}d`}>{description}</desc>
      <ValueAxis y={y} formatTick={formatTick} width={width} />
      {/* muted series first, so the main one is drawn on top */}
      {[...series].sort((a, b) => (a.tone === "muted" ? 0 : 1) - (b.tone === "muted" ? 0 : 1)).map((s) => {
        const color = s.tone === "muted" ? INK.muted : INK.bar;
        return (
          <g key={s.name}>
            <path d={path(s.values) ?? ""} fill="none" stroke={color} strokeWidth={s.tone === "muted" ? 1.5 : 2.25} strokeDasharray={s.tone === "muted" ? "4 3" : undefined} strokeLinejoin="round" />
            {dots || s.values.length === 1
              ? s.values.map((v, i) => (v === null || s.tone === "muted" ? null : <circle key={i} cx={x(i)} cy={y(v)} r={2.2} fill={color} />))
              : null}
          </g>
        );
      })}
      <XLabels labels={labels} x={(i) => x(i)} y={height - 8} />
    </svg>
  );
}

/** The legend under a line chart, as HTML so it wraps on a phone. */
export function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-600">
      {series.map((s) => (
        <li key={s.name} className="flex items-center gap-1.5">
          <svg width="18" height="6" aria-hidden="true">
            <line x1="0" x2="18" y1="3" y2="3" stroke={s.tone === "muted" ? INK.muted : INK.bar} strokeWidth="2.5" strokeDasharray={s.tone === "muted" ? "4 3" : undefined} />
          </svg>
          {s.name}
        </li>
      ))}
    </ul>
  );
}
