import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.server";

describe("CSV exports", () => {
  it("starts with a UTF-8 byte-order mark, quotes as RFC 4180 and keeps Vietnamese intact", () => {
    const csv = toCsv(["Sản phẩm", "Số lượng"], [["Sầu riêng, Ri6", 1.5], ['Bưởi "da xanh"', 2], ["Rau", null]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('Sản phẩm,Số lượng\r\n"Sầu riêng, Ri6",1.5\r\n"Bưởi ""da xanh""",2\r\nRau,\r\n');
  });

  it("does not let a cell run as a spreadsheet formula", () => {
    const csv = toCsv(["a"], [["=HYPERLINK(\"http://x\")"], ["+1"], ["@SUM(1)"], [-5]]);
    expect(csv.slice(1).split("\r\n").slice(1, 5)).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+1", "'@SUM(1)", "-5"]);
  });
});
