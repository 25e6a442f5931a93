// A demand forecast drawn on the server as SVG: the most likely amount per week as a bar, the 80%
// range as a whisker, the recent weeks' real sales as grey bars before them. Announced through
// <title>/<desc>; the caller adds the table of the same figures.
import { scaleBand, scaleLinear } from "d3-scale";
import { useId } from "react";
import { CHART, INK, ValueAxis, XLabels } from "./axis";

export type ForecastBar = { label: string; lo: number; mostLikely: number; hi: number };

export function ForecastChart({ title, description, past, future, formatTick }: { title: string; description: string; past: Array<{ label: string; value: number }>; future: ForecastBar[]; formatTick: (v: number) => string }) {
  const id = useId();
  const { width, height, margin } = CHART;
  const n = past.length + future.length;
  const max = Math.max(0, ...past.map((p) => p.value), ...future.map((f) => f.hi));
  const x = scaleBand<number>().domain(Array.from({ length: n }, (_, i) => i)).range([margin.left, width - margin.right]).padding(0.25);
  const y = scaleLinear().domain([0, max || 1]).nice(4).range([height - margin.bottom, margin.top]);
  const base = y(0);
  const mid = (i: number) => (x(i) ?? 0) + x.bandwidth() / 2;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}t ${id}d`} className="h-auto w-full" preserveAspectRatio="xMidYMid meet">
      <title id={`${id}t`}>{title}</title>
      <desc id={`${id}d`}>{description}</desc>
      <ValueAxis y={y} formatTick={formatTick} width={width} />
      <g>
        {past.map((p, i) => (
          <rect key={`p${i}`} x={x(i)} y={y(p.value)} width={x.bandwidth()} height={Math.max(0, base - y(p.value))} fill={INK.hidden} rx={2} />
        ))}
        {future.map((f, j) => {
          const i = past.length + j;
          return (
            <g key={`f${j}`}>
              <rect x={x(i)} y={y(f.mostLikely)} width={x.bandwidth()} height={Math.max(0, base - y(f.mostLikely))} fill={INK.bar} rx={2} />
              <line x1={mid(i)} x2={mid(i)} y1={y(f.lo)} y2={y(f.hi)} stroke={INK.text} strokeWidth={2} />
              <line x1={mid(i) - 5} x2={mid(i) + 5} y1={y(f.hi)} y2={y(f.hi)} stroke={INK.text} strokeWidth={2} />
              <line x1={mid(i) - 5} x2={mid(i) + 5} y1={y(f.lo)} y2={y(f.lo)} stroke={INK.text} strokeWidth={2} />
            </g>
          );
        })}
      </g>
      <XLabels labels={[...past.map((p) => p.label), ...future.map((f) => f.label)]} x={mid} y={height - 8} />
    </svg>
  );
}
