import { describe, expect, it } from "vitest";
import { inQuietHours, sendableFrom } from "./quiet-hours";

// Vietnam is UTC+7: 22:00 there is 15:00 UTC, 06:00 there is 23:00 UTC the day before.
const vn = (isoLocal: string) => new Date(`${isoLocal}+07:00`);

describe("quiet hours (22:00–06:00 Vietnam time)", () => {
  it("knows the window's edges", () => {
    expect(inQuietHours(vn("2026-12-07T21:59:59"))).toBe(false);
    expect(inQuietHours(vn("2026-12-07T22:00:00"))).toBe(true);
    expect(inQuietHours(vn("2026-12-08T03:00:00"))).toBe(true);
    expect(inQuietHours(vn("2026-12-08T05:59:59"))).toBe(true);
    expect(inQuietHours(vn("2026-12-08T06:00:00"))).toBe(false);
  });

  it("holds a message written in the evening until 06:00 the next morning, one written after midnight until 06:00 that day", () => {
    expect(sendableFrom(vn("2026-12-07T23:10:00"), { quietHours: true, urgent: false })).toEqual(vn("2026-12-08T06:00:00"));
    expect(sendableFrom(vn("2026-12-08T02:00:00"), { quietHours: true, urgent: false })).toEqual(vn("2026-12-08T06:00:00"));
    // across a month's end
    expect(sendableFrom(vn("2026-12-31T22:30:00"), { quietHours: true, urgent: false })).toEqual(vn("2027-01-01T06:00:00"));
  });

  it("sends at once in the day, to someone who turned quiet hours off, and codes at any hour", () => {
    const day = vn("2026-12-07T10:00:00"), night = vn("2026-12-07T23:00:00");
    expect(sendableFrom(day, { quietHours: true, urgent: false })).toEqual(day);
    expect(sendableFrom(night, { quietHours: false, urgent: false })).toEqual(night);
    expect(sendableFrom(night, { quietHours: true, urgent: true })).toEqual(night);
  });
});
