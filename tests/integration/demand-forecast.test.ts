// The farmer's demand forecast on real rows: weekly sales read from orders on the Asia/Ho_Chi_Minh
// calendar, through the forecaster, onto the sales dashboard; only for the farm's own members.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { farmDemandForecasts } from "~/modules/forecasting/demand.server";
import { loader as salesLoader } from "~/routes/seller+/farms.$farmId_.sales";
import { createCategory, createFarm, createProduct, createSale, createUser, ensureProvince } from "../factories";
import { call, getRequest, sessionCookieFor } from "./helpers";

const NOW = new Date("2026-09-16T05:00:00Z"); // a Wednesday, noon local
const WEEK = 7 * 86_400_000;
let owner: { id: string }, stranger: { id: string }, farm: { id: string };

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  const cat = await createCategory(db);
  owner = await createUser(db, { role: "FARMER" });
  stranger = await createUser(db, { role: "FARMER" });
  farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
  const steady = await createProduct(db, { farmId: farm.id, categoryId: cat.id, name: "Chôm chôm", unit: "kg", priceVnd: 30_000, soldByWeight: true });
  const fresh = await createProduct(db, { farmId: farm.id, categoryId: cat.id, name: "Măng cụt", unit: "kg", priceVnd: 60_000 });
  await createProduct(db, { farmId: farm.id, categoryId: cat.id, name: "Bưởi", unit: "qua", priceVnd: 50_000 });
  // 40 weeks of chôm chôm around 47 kg a week (two orders a week), 3 weeks of măng cụt
  const wiggle = [0, 3, -2, 4, -4, 1, -1, 2, -3, 0];
  for (let w = 40; w >= 1; w--) {
    const monday = new Date(Date.UTC(2026, 8, 14) - 7 * 3600_000 - w * WEEK); // Monday 00:00 local, w weeks back
    const kg = 47 + wiggle[w % wiggle.length];
    await createSale(db, { farmId: farm.id, createdAt: new Date(monday.getTime() + 26 * 3600_000), lines: [{ productId: steady.id, priceVnd: 30_000, quantityMilli: Math.floor(kg / 2) * 1000 }] });
    await createSale(db, { farmId: farm.id, createdAt: new Date(monday.getTime() + 4 * 86_400_000), lines: [{ productId: steady.id, priceVnd: 30_000, quantityMilli: (kg - Math.floor(kg / 2)) * 1000 }] });
    if (w <= 3) await createSale(db, { farmId: farm.id, createdAt: new Date(monday.getTime() + 2 * 86_400_000), lines: [{ productId: fresh.id, priceVnd: 60_000, quantityMilli: 5000 }] });
  }
});

describe(`demand forecast for a farm (${process.env.TEST_DB_ENGINE})`, () => {
  it("forecasts each product's coming weeks from its own weekly sales, with a range and honest caveats", async () => {
    const forecasts = await farmDemandForecasts({ userId: owner.id, farmId: farm.id, now: NOW });
    expect(forecasts.map((f) => f.name)).toEqual(["Chôm chôm", "Măng cụt", "Bưởi"]); // busiest first
    const [chom, mang, buoi] = forecasts;
    expect(chom.weeks).toHaveLength(6);
    expect(chom.weeks[0].weekStart).toBe("2026-09-21"); // the Monday after this week
    expect(chom.historyWeeks).toBe(40);
    const next = chom.weeks[0];
    expect(next.lo).toBeLessThanOrEqual(47);
    expect(next.hi).toBeGreaterThanOrEqual(47);
    expect(Math.abs(next.mostLikely - 47)).toBeLessThanOrEqual(4);
    expect(next.hi - next.lo).toBeLessThan(30); // a useful range, not "0 to anything"
    expect(chom.typicalErrorShare).not.toBeNull();
    expect(chom.lastWeeks).toHaveLength(8);
    expect(mang).toMatchObject({ reason: "short-history", historyWeeks: 3 });
    expect(mang.weeks[0].mostLikely).toBeGreaterThan(0);
    expect(buoi.reason).toBe("no-history");
  });

  it("is shown on the farm's own sales dashboard only", async () => {
    expect(await farmDemandForecasts({ userId: stranger.id, farmId: farm.id, now: NOW })).toEqual([]);
    const path = `/seller/farms/${farm.id}/sales`;
    const mine = (await call(salesLoader as never, getRequest(path, await sessionCookieFor(owner.id)), undefined, { farmId: farm.id })) as { forecasts: Array<{ name: string }> };
    expect(mine.forecasts.map((f) => f.name)).toContain("Chôm chôm");
    const theirs = (await call(salesLoader as never, getRequest(path, await sessionCookieFor(stranger.id)), undefined, { farmId: farm.id })) as Response;
    expect(theirs.status).toBe(404);
  });
});
