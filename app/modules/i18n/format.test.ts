import { describe, expect, it } from "vitest";
import { formatDate, formatQuantity, formatVnd, monthInVietnam } from "./format";

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

  it("tells the month on Vietnam's clock (UTC+7), the same as Intl does", () => {
    expect(monthInVietnam(new Date("2026-01-31T16:59:59Z"))).toBe(1);
    expect(monthInVietnam(new Date("2026-01-31T17:00:00Z"))).toBe(2); // midnight, 1 February in Hà Nội
    expect(monthInVietnam(new Date("2026-12-31T17:00:00Z"))).toBe(1);
    const intl = new Intl.DateTimeFormat("en", { month: "numeric", timeZone: "Asia/Ho_Chi_Minh" });
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 3 * 3_600_000 + 17 * 60_000) expect(monthInVietnam(new Date(t))).toBe(Number(intl.format(t)));
  });
});
