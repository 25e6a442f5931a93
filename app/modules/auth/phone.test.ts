import { describe, expect, it } from "vitest";
import { formatVnPhone, isVnMobile, looksLikePhone, normalizeVnPhone } from "./phone";

describe("Vietnamese phone numbers", () => {
  it.each([
    ["0912 345 678", "+84912345678"],
    ["0912.345.678", "+84912345678"],
    ["+84 912-345-678", "+84912345678"],
    ["(+84) 912 345 678", "+84912345678"],
    ["84912345678", "+84912345678"],
    ["0387654321", "+84387654321"],
    ["0283 822 1234", "+842838221234"], // Hồ Chí Minh City landline
  ])("normalises %s to %s", (input, expected) => {
    expect(normalizeVnPhone(input)).toBe(expected);
  });

  it.each(["0123 456 789", "0412345678", "091234567", "09123456789", "+1 650 253 0000", "0912-abc-678", "", "00912345678"])(
    "refuses %s",
    (input) => {
      expect(normalizeVnPhone(input)).toBeNull();
    },
  );

  it("formats for display and tells phones from e-mails", () => {
    expect(formatVnPhone("+84912345678")).toBe("0912 345 678");
    expect(looksLikePhone("0912 345 678")).toBe(true);
    expect(looksLikePhone("an@example.vn")).toBe(false);
  });

  it("tells mobiles (codes and SMS reach them) from landlines", () => {
    for (const m of ["0912 345 678", "0337 123 456", "0583 123 456", "0703 123 456", "0863 123 456"]) expect(isVnMobile(normalizeVnPhone(m)!)).toBe(true);
    const landline = normalizeVnPhone("0254 3852 123"); // a Bà Rịa – Vũng Tàu landline: a number, not a mobile
    expect(landline).toBe("+842543852123");
    expect(isVnMobile(landline!)).toBe(false);
    expect(isVnMobile("+8491234567")).toBe(false);
  });
});
