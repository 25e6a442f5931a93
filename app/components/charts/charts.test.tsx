import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";
import { LineChart } from "./line-chart";

describe("server-rendered SVG charts", () => {
  it("draws a bar chart as an image with a title and a description, a hidden value as an outline", () => {
    const html = renderToString(<BarChart title="Số đơn theo ngày" description="3 mốc" bars={[{ label: "01/03", value: 2 }, { label: "02/03", value: null }, { label: "03/03", value: 5 }]} formatTick={String} integer />);
    expect(html).toMatch(/^<svg[^>]* role="img" aria-labelledby="[^"]+t [^"]+d"/);
    expect(html).toContain("<title");
    expect(html).toContain(">Số đơn theo ngày</title>");
    expect(html).toContain(">3 mốc</desc>");
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain('stroke-dasharray="2 2"');
    expect(html).not.toMatch(/>\d+\.\d+</); // whole numbers only on a count axis
  });

  it("draws lines with d3-shape, broken where a value is hidden", () => {
    const html = renderToString(
      <LineChart title="Doanh thu" description="" labels={["a", "b", "c", "d"]} series={[{ name: "Kỳ này", values: [1, 2, null, 4] }, { name: "Kỳ trước", values: [2, 2, 2, 2], tone: "muted" }]} formatTick={String} />,
    );
    expect(html).toContain('role="img"');
    const paths = [...html.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(2);
    expect(paths[1].match(/M/g)).toHaveLength(2); // the main series: two segments around the gap
  });
});
