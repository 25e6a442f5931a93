// A bar chart drawn on the server as SVG (d3-scale for the geometry, no client code): readable
// with JavaScript off, announced by screen readers through its <title> and <desc>. A null value is
// a hidden (suppressed) figure and is drawn as an empty outline, not as zero.
import { scaleBand, scaleLinear } from "d3-scale";
import { useId } from "react";
import { CHART, INK, ValueAxis, XLabels } from "./axis";

export type Bar = { label: string; value: number | null };

/** `integer`: the values are counts, so the axis shows whole numbers only. */
export function BarChart({ title, description, bars, formatTick, integer = false }: { title: string; description: string; bars: Bar[]; formatTick: (v: number) => string; integer?: boolean }) {
  const id = useId();
  const { width, height, margin } = CHART;
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const x = scaleBand<number>().domain(bars.map((_, i) => i)).range([margin.left, width - margin.right]).padding(bars.length > 40 ? 0.1 : 0.2);
  const y = scaleLinear().domain([0, integer ? Math.max(max, 2) : max || 1]).nice(4).range([height - margin.bottom, margin.top]);
  const base = y(0);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}t ${id}d`} className="h-auto w-full" preserveAspectRatio="xMidYMid meet">
      <title id={`${id}t`}>{title}</title>
      <desc id={`${id}d`}>{description}</desc>
      <ValueAxis y={y} formatTick={formatTick} width={width} integer={integer} />
      <g>
        {bars.map((b, i) =>
          b.value === null ? (
            <rect key={i} x={x(i)} y={margin.top} width={x.bandwidth()} height={base - margin.top} fill="none" stroke={INK.hidden} strokeDasharray="2 2" />
          ) : (
            <rect key={i} x={x(i)} y={y(b.value)} width={x.bandwidth()} height={Math.max(0, base - y(b.value))} fill={INK.bar} rx={x.bandwidth() > 6 ? 2 : 0} />
          ),
        )}
      </g>
      <XLabels labels={bars.map((b) => b.label)} x={(i) => (x(i) ?? 0) + x.bandwidth() / 2} y={height - 8} />
    </svg>
  );
}
