// The Lunar New Year (Tết Nguyên Đán) moves between 21 January and 20 February, so a fixed
// week-of-year cannot hold its effect on demand. These dates are the first day of the first lunar
// month on Vietnam's clock (UTC+7), computed with Hồ Ngọc Đức's astronomical algorithm (after
// Meeus). They match China's dates except 2030, when the new moon falls just before midnight in
// Hà Nội and just after it in Beijing.
const TET_DATES: Readonly<Record<number, string>> = {
  2010: "2010-02-14", 2011: "2011-02-03", 2012: "2012-01-23", 2013: "2013-02-10", 2014: "2014-01-31",
  2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16", 2019: "2019-02-05",
  2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
  2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13",
  2030: "2030-02-02", 2031: "2031-01-23", 2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19",
  2035: "2035-02-08", 2036: "2036-01-28", 2037: "2037-02-15", 2038: "2038-02-04", 2039: "2039-01-24",
  2040: "2040-02-12",
};

export const TET_YEARS = { first: 2010, last: 2040 } as const;

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * The calendar day in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year) as a day count since 1970-01-01.
 * A week start stored as midnight UTC and one stored as midnight in Hà Nội give the same day.
 */
export function vietnamDayNumber(date: Date): number {
  return Math.floor((date.getTime() + VN_OFFSET_MS) / DAY_MS);
}

/** Tết of a Gregorian year as a UTC-midnight Date, or null outside 2010–2040. */
export function tetDate(year: number): Date | null {
  const iso = TET_DATES[year];
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

function tetDayNumber(year: number): number | null {
  const date = tetDate(year);
  return date ? Math.floor(date.getTime() / DAY_MS) : null;
}

/**
 * Which week a week is relative to the nearest Tết: 0 for the week (7 days from `weekStartDay`)
 * that contains Tết's first day, -1 for the week before, +1 for the week after. Null when no Tết
 * of the year before, the same year or the year after is in the table.
 */
export function tetWeekOffset(weekStartDay: number): number | null {
  const year = new Date(weekStartDay * DAY_MS).getUTCFullYear();
  let best: number | null = null;
  for (const y of [year - 1, year, year + 1]) {
    const tet = tetDayNumber(y);
    if (tet === null) continue;
    const offset = Math.floor((weekStartDay - tet + 6) / 7);
    if (best === null || Math.abs(offset) < Math.abs(best)) best = offset;
  }
  return best;
}
