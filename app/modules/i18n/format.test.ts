import { describe, expect, it } from "vitest";
import { formatDate, formatQuantity, formatVnd } from "./format";

const nbsp = (s: string) => s.replace(/\u00a0/g, " ");

describe("formatting", () => {
  it("formats đồng the Vietnamese way, with no decimals", () => {
    expect(nbsp(formatVnd(125000, "vi"))).toBe("125.000 ₫");
    expect(nbsp(formatVnd(0, "vi"))).toBe("0 ₫");
    expect(nbsp(formatVnd(1_250_000_000, "vi"))).toBe("1.250.000.000 ₫");
    expect(formatVnd(125000, "en")).toBe("₫125,000");
    expect(() => formatVnd(12.5, "vi")).toThrow(RangeError);
  });

  it("formats quantities in thousandths", () => {
    expect(formatQuantity(1500, "vi")).toBe("1,5");
    expect(formatQuantity(1500, "en")).toBe("1.5");
    expect(formatQuantity(40000, "vi")).toBe("40");
  });

  it("formats dates in the user's language, on Vietnam's clock", () => {
    // 2026-01-31 20:00 UTC is already 1 February in Hồ Chí Minh City (UTC+7)
    const d = new Date("2026-01-31T20:00:00Z");
    expect(formatDate(d, "vi")).toBe("01/02/2026");
    expect(formatDate(d, "en")).toBe("Feb 1, 2026");
    expect(formatDate(d, "en", { month: "long", year: "numeric" })).toBe("February 2026");
  });
});
