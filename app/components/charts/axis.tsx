// Shared pieces of the server-rendered SVG charts: the frame, the value axis and sparse x labels.
import type { ScaleLinear } from "d3-scale";

export const CHART = { width: 400, height: 210, margin: { top: 12, right: 10, bottom: 26, left: 46 } } as const;
export const INK = { bar: "#24622e", muted: "#a8a29e", grid: "#e7e5e4", text: "#57534e", hidden: "#d6d3d1" } as const;

/** Horizontal grid lines with their values on the left. */
export function ValueAxis({ y, formatTick, width, integer = false }: { y: ScaleLinear<number, number>; formatTick: (v: number) => string; width: number; integer?: boolean }) {
  return (
    <g aria-hidden="true">
      {y.ticks(4).filter((v) => !integer || Number.isInteger(v)).map((v) => (
        <g key={v} transform={`translate(0 ${y(v)})`}>
          <line x1={CHART.margin.left} x2={width - CHART.margin.right} stroke={INK.grid} />
          <text x={CHART.margin.left - 6} dy="0.32em" textAnchor="end" fontSize={11} fill={INK.text}>
            {formatTick(v)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** At most `max` evenly spaced labels, always the first and the last. */
export function sparseLabels(count: number, max = 6): Set<number> {
  if (count <= max) return new Set(Array.from({ length: count }, (_, i) => i));
  const step = (count - 1) / (max - 1);
  return new Set(Array.from({ length: max }, (_, i) => Math.round(i * step)));
}

export function XLabels({ labels, x, y }: { labels: string[]; x: (i: number) => number; y: number }) {
  const shown = sparseLabels(labels.length, 5);
  return (
    <g aria-hidden="true">
      {labels.map((label, i) =>
        shown.has(i) ? (
          <text key={i} x={x(i)} y={y} textAnchor={i === 0 && labels.length > 1 ? "start" : i === labels.length - 1 && labels.length > 1 ? "end" : "middle"} fontSize={11} fill={INK.text}>
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}
