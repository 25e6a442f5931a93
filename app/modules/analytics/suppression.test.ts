import { describe, expect, it } from "vitest";
import { isSmallCell, suppressPartition } from "./suppression";

describe("small-cell suppression", () => {
  it("hides cells of 1 or 2 farms, and zeros that describe 1 or 2 farms", () => {
    expect([0, 1, 2, 3, 40].map((f) => isSmallCell(f))).toEqual([false, true, true, false, false]);
    expect(isSmallCell(0, 2)).toBe(true); // "these two farms sold nothing"
    expect(isSmallCell(0, 3)).toBe(false);
    expect(isSmallCell(0, 0)).toBe(false);
  });

  it("hides one more cell so that a hidden commune is not the total minus the others", () => {
    const rows = [
      { value: 600, farms: 3 },
      { value: 1500, farms: 4 },
      { value: 700, farms: 1 },
    ];
    expect(suppressPartition(rows, { disjoint: true, totalFarms: 8 })).toEqual({ hidden: [ "complement", null, "small"], totalHidden: false });
  });

  it("needs nothing more when the hidden cells together already describe 3+ farms (disjoint rows)", () => {
    const rows = [
      { value: 900, farms: 5 },
      { value: 100, farms: 2 },
      { value: 50, farms: 1 },
    ];
    expect(suppressPartition(rows, { disjoint: true, totalFarms: 8 }).hidden).toEqual([null, "small", "small"]);
  });

  it("when farms may be in several rows (categories, days), a hidden row of its own 3+ farms is needed", () => {
    const rows = [
      { value: 900, farms: 5 },
      { value: 800, farms: 4 },
      { value: 100, farms: 2 },
      { value: 50, farms: 2 },
    ];
    // two hidden rows of 2 farms each may be the same 2 farms: the smallest published row goes too
    expect(suppressPartition(rows, { disjoint: false, totalFarms: 6 }).hidden).toEqual([null, "complement", "small", "small"]);
  });

  it("hides the total when nothing else can cover a hidden cell", () => {
    expect(suppressPartition([{ value: 10, farms: 2 }, { value: 0, farms: 0, population: 5 }], { disjoint: true, totalFarms: 2 }).totalHidden).toBe(true);
    expect(suppressPartition([{ value: 10, farms: 3 }, { value: 5, farms: 1 }, { value: 0, farms: 0, population: 4 }], { disjoint: true, totalFarms: 4 })).toEqual({
      hidden: ["complement", "small", null],
      totalHidden: false,
    });
  });
});
