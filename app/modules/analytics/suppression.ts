// Small-cell suppression for the department's aggregates (ADR 010). A published figure must never
// let a reader work out one or two households' sales:
//  1. primary: a cell to which 1 or 2 farms contribute is hidden; so is a zero that describes a
//     population of only 1 or 2 farms ("these two farms sold nothing" is about them too);
//  2. complementary: in a breakdown whose total is published, the hidden cells together must not
//     be recoverable as "total − the published cells": at least two cells are hidden, and what they
//     add up to describes at least MIN_FARMS farms; otherwise the smallest published cell is hidden
//     too (or, when none is left, the total).

export const MIN_FARMS = 3;

/** Primary rule for one cell: `farms` contributed to it, out of `population` it describes. */
export function isSmallCell(farms: number, population?: number): boolean {
  if (farms > 0) return farms < MIN_FARMS;
  return population !== undefined && population > 0 && population < MIN_FARMS;
}

export type PartitionRow = { value: number; farms: number; population?: number };
export type HiddenReason = "small" | "complement";

/**
 * The rows of a breakdown that must be hidden, given that the breakdown adds up to a total with
 * `totalFarms` contributors. `disjoint`: every farm falls in one row only (communes), so the hidden
 * rows' contributors can be added up; otherwise (categories, days) a farm may be in several rows,
 * and only a hidden row that on its own has MIN_FARMS contributors makes the residual safe.
 */
export function suppressPartition(
  rows: readonly PartitionRow[],
  { disjoint, totalFarms }: { disjoint: boolean; totalFarms: number },
): { hidden: Array<HiddenReason | null>; totalHidden: boolean } {
  const hidden: Array<HiddenReason | null> = rows.map((r) => (isSmallCell(r.farms, r.population) ? "small" : null));
  if (isSmallCell(totalFarms)) return { hidden, totalHidden: true };
  for (;;) {
    const idx = hidden.flatMap((h, i) => (h ? [i] : []));
    if (idx.length === 0 || idx.length === rows.length) return { hidden, totalHidden: false };
    const enough = disjoint ? idx.reduce((s, i) => s + rows[i].farms, 0) >= MIN_FARMS : idx.some((i) => rows[i].farms >= MIN_FARMS);
    if (idx.length >= 2 && enough) return { hidden, totalHidden: false };
    const candidates = rows
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => !hidden[i] && r.farms > 0)
      .sort((a, b) => a.r.value - b.r.value || a.r.farms - b.r.farms || a.i - b.i);
    if (candidates.length === 0) return { hidden, totalHidden: true };
    hidden[candidates[0].i] = "complement";
  }
}

/** A figure as sent to the page and the CSV: the number, or null when it is hidden. */
export type Guarded = number | null;
export const guard = (value: number, hidden: boolean): Guarded => (hidden ? null : value);
