// A synthetic province at scale for benchmarks (bench:analytics here; issue 6's HTTP bench can
// reuse it): by default 10,000 farms in 60 communes, 100,000 products (10 per farm), 50,000 buyers and 1,000,000
// order lines (~620,000 orders) over 18 months ending at `now`, with the seed's shape — farms
// joining over time, big and small farms, weekends, mostly delivered, card and VietQR mixed.
// Deterministic (seeded PRNG, explicit ids) and inserted with multi-row INSERTs in batches, so the
// million lines load in about a minute on either engine.
import type { Db } from "../app/utils/db.server";
import { bulkInsert } from "../prisma/bulk-insert";
import { CATEGORIES, KINDS } from "../prisma/seed-data";
import { createRng } from "../tests/factories";
import { foldVietnamese } from "../app/modules/catalog/text";

export type AnalyticsDataOptions = { farms?: number; productsPerFarm?: number; lines?: number; communes?: number; buyers?: number; months?: number; now?: Date; seed?: number; log?: (msg: string) => void };
export type AnalyticsData = {
  provinceCode: string;
  officerId: string;
  farms: Array<{ id: string; ownerId: string; lines: number }>;
  /** A farm of median size and the busiest one, with their owners (for dashboards under load). */
  typicalFarm: { id: string; ownerId: string };
  busiestFarm: { id: string; ownerId: string };
  counts: { farms: number; products: number; buyers: number; orders: number; lines: number };
};

const DAY = 86_400_000;
const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(8, "0")}`;

export async function generateAnalyticsData(db: Db, options: AnalyticsDataOptions = {}): Promise<AnalyticsData> {
  const { farms: FARMS = 10_000, productsPerFarm: PER_FARM = 10, lines: LINES = 1_000_000, communes: COMMUNES = 60, buyers: BUYERS = 50_000, months = 18, now = new Date("2026-11-20T03:00:00Z"), seed = 1977, log = () => {} } = options;
  const rng = createRng(seed);
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - months);
  const span = now.getTime() - start.getTime();
  const created = new Date(start.getTime() - 30 * DAY);
  const inTx = (fn: (tx: Db) => Promise<void>) => db.$transaction(async (tx) => fn(tx as unknown as Db), { timeout: 600_000, maxWait: 60_000 });

  // the province, its communes and the category tree
  const provinceCode = "77";
  await db.adminUnit.create({ data: { code: provinceCode, name: "Tỉnh thử", nameEn: "Bench province", level: "PROVINCE" } });
  const communeCodes = Array.from({ length: COMMUNES }, (_, i) => `77${String(i + 1).padStart(3, "0")}`);
  await bulkInsert(db, "AdminUnit", communeCodes.map((code, i) => ({ code, name: `Xã ${i + 1}`, nameEn: `Commune ${i + 1}`, level: "COMMUNE", parentCode: provinceCode })));
  const categoryIds = new Map(CATEGORIES.map((c, i) => [c.slug, id("cat", i)]));
  for (const [i, c] of CATEGORIES.entries()) {
    await db.category.create({ data: { id: categoryIds.get(c.slug)!, slug: c.slug, nameVi: c.nameVi, nameEn: c.nameEn, sortOrder: i, parentId: c.parent ? categoryIds.get(c.parent) : null } });
  }

  // people: an officer, one owner per farm, buyers
  const officerId = "bench-officer";
  await inTx(async (tx) => {
    await bulkInsert(tx, "User", [{ id: officerId, name: "Cán bộ", email: "officer@bench.test", phone: null, role: "OFFICER", passwordHash: "!", createdAt: created, updatedAt: created }]);
    const users = [];
    for (let i = 0; i < FARMS; i++) users.push({ id: id("own", i), name: `Chủ vườn ${i}`, email: null, phone: `+8491${String(i).padStart(7, "0")}`, role: "FARMER", passwordHash: "!", createdAt: created, updatedAt: created });
    for (let i = 0; i < BUYERS; i++) users.push({ id: id("buy", i), name: `Người mua ${i}`, email: null, phone: `+8492${String(i).padStart(7, "0")}`, role: "BUYER", passwordHash: "!", createdAt: created, updatedAt: created });
    await bulkInsert(tx, "User", users);
  });
  log(`users: ${FARMS + BUYERS + 1}`);

  // farms: joined over the months (a third before the window), communes of very different sizes
  const farmRows: Array<Record<string, unknown>> = [];
  const farmMeta: Array<{ id: string; ownerId: string; joined: number; size: number; lines: number }> = [];
  for (let i = 0; i < FARMS; i++) {
    const joined = rng.chance(0.33) ? created.getTime() - rng.int(0, 365) * DAY : start.getTime() + Math.floor(rng.next() * span * 0.95);
    const commune = communeCodes[Math.min(COMMUNES - 1, Math.floor(Math.pow(rng.next(), 1.8) * COMMUNES))];
    const f = { id: id("farm", i), ownerId: id("own", i), joined, size: Math.exp((rng.next() + rng.next() + rng.next() - 1.5) * 1.6), lines: 0 };
    farmMeta.push(f);
    farmRows.push({ id: f.id, slug: `vuon-${i}`, name: `Vườn ${i}`, communeCode: commune, provinceCode, phone: `+8493${String(i).padStart(7, "0")}`, status: "ACTIVE", createdAt: new Date(joined), updatedAt: new Date(joined) });
  }
  await inTx(async (tx) => {
    await bulkInsert(tx, "Farm", farmRows);
    await bulkInsert(tx, "FarmMember", farmMeta.map((f) => ({ farmId: f.id, userId: f.ownerId, role: "OWNER", createdAt: new Date(f.joined) })));
    const certs = [];
    for (const [i, f] of farmMeta.entries()) {
      if (rng.chance(0.4)) certs.push({ id: id("vg", i), farmId: f.id, kind: "VIETGAP", number: `VG-${i}`, issuer: "TT", issuedAt: new Date(f.joined), expiresAt: new Date(now.getTime() + rng.int(-200, 900) * DAY), createdAt: new Date(f.joined) });
      if (rng.chance(0.15)) certs.push({ id: id("oc", i), farmId: f.id, kind: "OCOP", number: `OCOP-${i}`, issuer: "UBND", issuedAt: new Date(f.joined), expiresAt: null, createdAt: new Date(f.joined) });
    }
    await bulkInsert(tx, "Certification", certs);
  });
  log(`farms: ${FARMS}`);

  // products: PER_FARM per farm from the seed's kinds, with the folded search text the app writes
  const products: Array<{ id: string; name: string; unit: string; price: number; byWeight: boolean }[]> = [];
  await inTx(async (tx) => {
    const rows = [];
    for (const [i, f] of farmMeta.entries()) {
      const mine = [];
      for (let k = 0; k < PER_FARM; k++) {
        const kind = KINDS[(i * 7 + k * 11) % KINDS.length];
        const p = { id: id("p", i * PER_FARM + k), name: kind.name, unit: kind.unit, price: Math.round((kind.price[0] + rng.next() * (kind.price[1] - kind.price[0])) / 1000) * 1000, byWeight: !!kind.byWeight };
        mine.push(p);
        rows.push({
          id: p.id, farmId: f.id, slug: `p-${i}-${k}`, name: p.name, categoryId: categoryIds.get(kind.category)!, unit: p.unit, priceVnd: p.price, soldByWeight: p.byWeight,
          stepMilli: p.byWeight ? 500 : 1000, stockMilli: rng.int(0, 200) * 1000, status: rng.chance(0.95) ? "ACTIVE" : "ARCHIVED", searchText: foldVietnamese(`${p.name} Vườn ${i}`), createdAt: new Date(f.joined), updatedAt: new Date(f.joined),
        });
      }
      products.push(mine);
    }
    await bulkInsert(tx, "Product", rows);
  });
  log(`products: ${FARMS * PER_FARM}`);

  // lines shared out by farm size and how long the farm has been selling within the window
  const weight = farmMeta.map((f) => f.size * Math.max(0, now.getTime() - Math.max(f.joined, start.getTime())));
  const totalWeight = weight.reduce((s, w) => s + w, 0);
  let assigned = 0;
  farmMeta.forEach((f, i) => {
    f.lines = Math.floor((weight[i] / totalWeight) * LINES);
    assigned += f.lines;
  });
  for (let i = 0; assigned < LINES; i = (i + 1) % FARMS) {
    if (weight[i] === 0) continue;
    farmMeta[i].lines++;
    assigned++;
  }

  // Every order first in compact arrays (farm, time, line count, status…), then sorted by time and
  // written in that order with ids that grow with time, as cuid ids and SQLite's rowids do in
  // production, so a date range is as clustered on disk as it would really be.
  const ORDERS_MAX = LINES;
  const oFarm = new Int32Array(ORDERS_MAX);
  const oTime = new Float64Array(ORDERS_MAX);
  const oCount = new Uint8Array(ORDERS_MAX);
  let nOrders = 0;
  for (const [i, f] of farmMeta.entries()) {
    const from = Math.max(f.joined, start.getTime());
    let left = f.lines;
    while (left > 0) {
      const count = Math.min(left, rng.chance(0.55) ? 1 : rng.chance(0.6) ? 2 : 3);
      left -= count;
      // later orders more likely (the market grows); some weekday orders move to the weekend
      let at = from + Math.sqrt(rng.next()) * (now.getTime() - from);
      const weekday = new Date(at + 7 * 3_600_000).getUTCDay();
      if (weekday !== 0 && weekday !== 6 && rng.chance(0.15)) at = Math.min(now.getTime() - 1, at + (6 - weekday) * DAY);
      oFarm[nOrders] = i;
      oTime[nOrders] = Math.floor(at);
      oCount[nOrders] = count;
      nOrders++;
    }
  }
  const byTime = Uint32Array.from({ length: nOrders }, (_, k) => k).sort((x, y) => oTime[x] - oTime[y] || x - y);

  let nLine = 0;
  const CHUNK = 25_000;
  for (let c = 0; c < nOrders; c += CHUNK) {
    const orders: Array<Record<string, unknown>> = [];
    const farmOrders: Array<Record<string, unknown>> = [];
    const lines: Array<Record<string, unknown>> = [];
    for (let k = c; k < Math.min(nOrders, c + CHUNK); k++) {
      const o = byTime[k];
      const i = oFarm[o];
      const n = k + 1; // ids in time order
      const foId = id("fo", n);
      const r = rng.next();
      const card = rng.chance(0.3);
      const status = r < 0.05 ? "CANCELLED" : r < 0.08 && !card ? "EXPIRED" : r < 0.1 ? "CONFIRMED" : "DELIVERED";
      let subtotal = 0;
      const first = rng.int(0, 6);
      for (let q = 0; q < oCount[o]; q++) {
        const p = products[i][(first + q) % products[i].length];
        const step = p.byWeight ? 500 : 1000;
        const quantityMilli = Math.max(step, Math.round(((120_000 + rng.next() * 200_000) / p.price) * (1000 / step)) * step);
        const lineTotalVnd = Math.round((p.price * quantityMilli) / 1000);
        subtotal += lineTotalVnd;
        lines.push({ id: id("l", ++nLine), farmOrderId: foId, productId: p.id, productName: p.name, unit: p.unit, priceVnd: p.price, quantityMilli, lineTotalVnd });
      }
      const createdAt = new Date(oTime[o]);
      orders.push({ id: id("o", n), number: `B-${n}`, idempotencyKey: `bench-${n}`, buyerId: id("buy", rng.int(0, BUYERS - 1)), buyerName: "Người mua", buyerPhone: "+84920000000", totalVnd: subtotal, createdAt });
      farmOrders.push({
        id: foId, orderId: id("o", n), farmId: farmMeta[i].id, status, fulfilment: "PICKUP", address: "", paymentMethod: card ? "CARD" : "VIETQR",
        paymentStatus: status === "DELIVERED" || status === "CONFIRMED" ? "PAID" : status, transferRef: `B${n}`, subtotalVnd: subtotal, createdAt, updatedAt: createdAt,
      });
    }
    await inTx(async (tx) => {
      await bulkInsert(tx, "Order", orders);
      await bulkInsert(tx, "FarmOrder", farmOrders);
      await bulkInsert(tx, "OrderLine", lines);
    });
    if ((c / CHUNK) % 8 === 0) log(`order lines: ${nLine.toLocaleString("en")}`);
  }
  const nOrder = nOrders;
  const sorted = [...farmMeta].sort((a, b) => a.lines - b.lines);
  const pick = (f: (typeof farmMeta)[number]) => ({ id: f.id, ownerId: f.ownerId });
  return {
    provinceCode,
    officerId,
    farms: farmMeta.map((f) => ({ id: f.id, ownerId: f.ownerId, lines: f.lines })),
    typicalFarm: pick(sorted[Math.floor(sorted.length / 2)]),
    busiestFarm: pick(sorted[sorted.length - 1]),
    counts: { farms: FARMS, products: FARMS * PER_FARM, buyers: BUYERS, orders: nOrder, lines: nLine },
  };
}
