import { describe, expect, it } from "vitest";
import { roundForDisplay } from "./display";

describe("roundForDisplay", () => {
  it("rounds to about two significant figures, the band outwards", () => {
    expect(roundForDisplay({ point: 47.4, lo80: 40.6, hi80: 54.2 })).toEqual({ lo: 40, mostLikely: 47, hi: 55, step: 1 });
    expect(roundForDisplay({ point: 473, lo80: 406, hi80: 541 })).toEqual({ lo: 400, mostLikely: 470, hi: 550, step: 10 });
    expect(roundForDisplay({ point: 4.74, lo80: 4.06, hi80: 5.42 })).toEqual({ lo: 4, mostLikely: 4.7, hi: 5.5, step: 0.1 });
  });

  it("keeps zero forecasts at zero", () => {
    expect(roundForDisplay({ point: 0, lo80: 0, hi80: 0 })).toEqual({ lo: 0, mostLikely: 0, hi: 0, step: 1 });
    expect(roundForDisplay({ point: 0.3, lo80: 0, hi80: 2.2 })).toEqual({ lo: 0, mostLikely: 0.3, hi: 2.2, step: 0.1 });
  });
});
