// The demo's order history is anchored to the moment the demo first starts (issue "The demo stays
// alive"): it ends that day, never after that moment, and its Tết peaks fall on the real lunar new
// years of its span, whichever year that is. Built in memory (no database): buildHistory is pure.
import { describe, expect, it } from "vitest";
import { buildHistory, HISTORY_MONTHS, type HistoryFarm, type HistoryProduct } from "./seed-history";

const DAY = 86_400_000;
const LOCAL = 7 * 3_600_000;

function province(now: Date) {
  const farms: HistoryFarm[] = Array.from({ length: 12 }, (_, i) => ({
    id: `f${i}`, createdAt: new Date(now.getTime() - (560 + i * 10) * DAY), offersDelivery: i % 3 !== 0, offersPickup: true, communeName: `Xã ${i}`, demo: i === 0,
  }));
  const products: HistoryProduct[] = farms.flatMap((f, i) => [
    { id: `${f.id}-a`, farmId: f.id, name: "Hạt điều rang muối", unit: "hũ", priceVnd: 180_000, soldByWeight: false, stepMilli: 1000, status: "ACTIVE", seasonStartMonth: null, seasonEndMonth: null, topCategory: "hat-dieu" },
    { id: `${f.id}-b`, farmId: f.id, name: "Rau muống", unit: "kg", priceVnd: 20_000 + i * 1000, soldByWeight: true, stepMilli: 500, status: "ACTIVE", seasonStartMonth: null, seasonEndMonth: null, topCategory: "rau-cu" },
  ]);
  return { farms, products };
}

const localDay = (t: number) => Math.floor((t + LOCAL) / DAY);

describe("the demo's order history", () => {
  it("ends on the day of the first start, never after that moment", () => {
    for (const now of [new Date("2026-12-07T04:30:00Z"), new Date("2028-12-01T09:00:00Z")]) {
      const h = buildHistory({ ...province(now), now });
      const placed = h.orders.map((o) => (o.createdAt as Date).getTime());
      const last = Math.max(...placed);
      expect(last).toBeLessThan(now.getTime());
      expect(localDay(last)).toBe(localDay(now.getTime())); // orders that same day (11:30 and 16:00 in Vietnam)
      // every step of every timeline is in the past too, and in order
      for (const e of h.events) expect((e.createdAt as Date).getTime()).toBeLessThan(now.getTime());
      const first = new Date(Math.min(...placed));
      const span = (now.getTime() - first.getTime()) / DAY;
      expect(span).toBeGreaterThan(HISTORY_MONTHS * 30 - 20);
      expect(span).toBeLessThan(HISTORY_MONTHS * 31 + 1);
    }
  });

  it("gives the demo farm orders every day of the last two weeks, the first start's morning included", () => {
    // 06:40 in Vietnam, before the usual first orders of a day; and an evening
    for (const now of [new Date("2026-12-06T23:40:00Z"), new Date("2027-07-20T13:00:00Z")]) {
      const h = buildHistory({ ...province(now), now });
      const days = new Set(h.farmOrders.filter((o) => o.farmId === "f0").map((o) => localDay((o.createdAt as Date).getTime())));
      for (let d = 0; d < 14; d++) expect(days.has(localDay(now.getTime()) - d), `${d} days before`).toBe(true);
      expect(h.farmOrders.every((o) => (o.createdAt as Date).getTime() < now.getTime())).toBe(true);
    }
  });

  it("is the same for the same moment and moves with it", () => {
    const now = new Date("2027-03-10T03:00:00Z");
    const a = buildHistory({ ...province(now), now });
    const b = buildHistory({ ...province(now), now });
    expect(b).toEqual(a);
    const later = new Date(now.getTime() + 30 * DAY);
    const c = buildHistory({ ...province(later), now: later });
    expect(localDay(Math.max(...c.orders.map((o) => (o.createdAt as Date).getTime())))).toBe(localDay(later.getTime()));
  });

  it("peaks in the weeks before each Tết of its span, 2028 included", () => {
    // first started in December 2028: its 18 months hold Tết 2028 (26 January), which the demo's
    // old hard-coded list of three years did not
    const now = new Date("2028-12-01T09:00:00Z");
    const h = buildHistory({ ...province(now), now });
    const sales = (from: string, to: string) => {
      const a = Date.parse(from) - LOCAL;
      const b = Date.parse(to) - LOCAL;
      const ids = new Set(h.farmOrders.filter((f) => f.status === "DELIVERED" && (f.createdAt as Date).getTime() >= a && (f.createdAt as Date).getTime() < b).map((f) => f.id));
      return h.lines.filter((l) => ids.has(l.farmOrderId) && l.productId.endsWith("-a")).reduce((s, l) => s + l.lineTotalVnd, 0);
    };
    // cashews (a Tết gift): the three weeks before 26 January 2028 against the three weeks from it
    expect(sales("2028-01-05", "2028-01-26")).toBeGreaterThan(2 * sales("2028-01-26", "2028-02-16"));
    // and the same weeks a month later sell like an ordinary month
    expect(sales("2028-03-05", "2028-03-26")).toBeLessThan(sales("2028-01-05", "2028-01-26"));
  });
});
