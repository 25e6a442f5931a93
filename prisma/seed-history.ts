// 18 months of believable order history for the demo province, ending at the seed's "now", so the
// farm and department dashboards have something true-looking to show. Deterministic (its own
// seeded PRNG, explicit ids), built in memory and inserted with createMany in batches.
//  - each farm sells from the day it joined (farms' createdAt is spread over the 18 months), ramping
//    up over its first weeks, while the market itself grows;
//  - farm sizes vary a lot; small farms sell intermittently (some weeks nothing at all);
//  - products sell in their season (durian May–Aug, rambutan, mango, pomelo…; all year when the
//    product has no season), weekends sell more, and the weeks before each Tết in the span (the
//    forecasting module's table of lunar new years) peak for gift categories before a near stop
//    over the holiday;
//  - buyers are a pool of accounts that grows over time; many come back to farms they bought from;
//  - card and VietQR payments mixed (card growing), mostly DELIVERED, some CANCELLED and EXPIRED.
// Historical orders are all in a final state (nothing holds stock or awaits an action) and never
// touch products' stock: they are the past, and the demo's stock is what the e2e tests buy.
import type { Db, Prisma } from "../app/utils/db.server";
import type { SystemNote } from "../app/modules/orders/notes.server";
import { createRng, type Rng } from "../tests/factories";
import { tetDate, TET_YEARS } from "../app/modules/forecasting/tet";
import { foldVietnamese } from "../app/utils/fold";
import { bulkInsert } from "./bulk-insert";
import { FAMILY_NAMES } from "./seed-data";

export type HistoryFarm = { id: string; createdAt: Date; offersDelivery: boolean; offersPickup: boolean; communeName: string; demo?: boolean };
export type HistoryProduct = {
  id: string;
  farmId: string;
  name: string;
  unit: string;
  priceVnd: number;
  soldByWeight: boolean;
  stepMilli: number;
  status: string;
  seasonStartMonth: number | null;
  seasonEndMonth: number | null;
  topCategory: string; // slug of the top-level category
};

const DAY = 86_400_000;
const LOCAL = 7 * 3_600_000; // Asia/Ho_Chi_Minh, UTC+7 all year
export const HISTORY_MONTHS = 18;
// every Tết the table knows, as the start of its day in Vietnam
const TET = Array.from({ length: TET_YEARS.last - TET_YEARS.first + 1 }, (_, i) => tetDate(TET_YEARS.first + i)!.getTime() - LOCAL);

/** How much more a category sells at its pre-Tết peak (gifts: fruit baskets, cashews, honey, coffee…). */
const TET_PEAK: Record<string, number> = {
  "trai-cay": 2.6, "hat-dieu": 3, "mat-ong": 2.6, "ca-phe": 2.3, "ho-tieu": 1.9, gao: 2.1, "hai-san": 2, "trung-gia-cam": 2.2, "rau-cu": 1.5, nam: 1.4,
};
const GIVEN = ["Thị Lan", "Văn Hùng", "Thị Hồng", "Minh Tuấn", "Thị Thu", "Văn Nam", "Ngọc Anh", "Quốc Bảo", "Thị Hạnh", "Hoàng Long", "Thị Ngân", "Văn Phúc", "Thanh Hương", "Đức Minh", "Thị Kim", "Văn Lộc", "Mỹ Linh", "Gia Huy", "Thị Nga", "Văn Tài", "Bích Ngọc", "Quang Vinh", "Thị Trang", "Hữu Nghĩa"];
const STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Võ Thị Sáu", "Nguyễn An Ninh", "Bạch Đằng", "Hùng Vương", "Cách Mạng Tháng Tám"];
const CANCEL_REASONS = ["Khách đổi ý", "Vườn hết hàng đợt này", "Không liên lạc được khách", "Khách đặt nhầm số lượng"];

/** Season weight of a product in a month: in season, at its edges, or out of season (nearly nothing). */
function seasonWeight(p: HistoryProduct, month: number): number {
  if (!p.seasonStartMonth || !p.seasonEndMonth) return 1;
  const s = p.seasonStartMonth;
  const e = p.seasonEndMonth;
  const inSeason = (m: number) => (s <= e ? m >= s && m <= e : m >= s || m <= e);
  if (inSeason(month)) return 1.25;
  if (inSeason((month % 12) + 1) || inSeason(((month + 10) % 12) + 1)) return 0.3;
  return 0.03;
}

/** Tết effect on a category on a day: a ramp over three weeks before, a near stop for the holiday. */
function tetFactor(category: string, t: number): number {
  const peak = TET_PEAK[category] ?? 1.4;
  for (const tet of TET) {
    const d = Math.floor((t - tet) / DAY); // days from Tết (mùng 1)
    if (d >= -21 && d <= -2) return 1 + (peak - 1) * Math.min(1, (d + 22) / 17);
    if (d === -1) return 0.5; // giao thừa
    if (d >= 0 && d <= 3) return 0.08;
    if (d >= 4 && d <= 8) return 0.55;
  }
  return 1;
}

const WEEKDAY = [1.4, 0.85, 0.95, 0.95, 1, 1.1, 1.3]; // Sunday first

function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l && k < 60);
  return k - 1;
}
const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

/** Local time of day of an order, in ms after local midnight: mornings and evenings, some late. */
function timeOfDay(rng: Rng): number {
  const r = rng.next();
  const hour = r < 0.42 ? 7 + rng.next() * 4.5 : r < 0.62 ? 11.5 + rng.next() * 5.5 : r < 0.94 ? 18 + rng.next() * 4 : 22 + rng.next() * 2; // last: up to midnight
  return Math.floor(hour * 3_600_000);
}

const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(7, "0")}`;

export function buildHistory({ farms, products, now, seed = 520 }: { farms: HistoryFarm[]; products: HistoryProduct[]; now: Date; seed?: number }) {
  const rng = createRng(seed);
  const todayStart = Math.floor((now.getTime() + LOCAL) / DAY) * DAY - LOCAL;
  const startDate = new Date(todayStart);
  startDate.setUTCMonth(startDate.getUTCMonth() - HISTORY_MONTHS);
  const start = startDate.getTime();
  const span = now.getTime() - start;

  // Buyers join over time (more of them later): buyer i is available from joinAt[i].
  const BUYERS = 900;
  const buyers = Array.from({ length: BUYERS }, (_, i) => {
    const joinAt = start + Math.pow(i / BUYERS, 1.5) * span * 0.97;
    const name = `${FAMILY_NAMES[Math.floor(rng.next() * FAMILY_NAMES.length)]} ${GIVEN[Math.floor(rng.next() * GIVEN.length)]}`;
    return { id: id("hb", i + 1), name, phone: `+8497${String(1_000_000 + i * 7919).slice(-7)}`, joinAt };
  });
  const availableBuyers = (t: number) => {
    let lo = 0;
    let hi = BUYERS;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (buyers[mid].joinAt <= t) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(1, lo);
  };

  const sellable = new Map<string, HistoryProduct[]>();
  for (const p of products) if (p.status === "ACTIVE") sellable.set(p.farmId, [...(sellable.get(p.farmId) ?? []), p]);
  const plan = farms
    .filter((f) => sellable.get(f.id)?.length)
    .map((f) => {
      const size = f.demo ? 1.7 : Math.exp(normal(rng) * 0.75 - 0.2) * 1.1;
      return { farm: f, products: sellable.get(f.id)!, size, intermittent: !f.demo && size < 0.55, regulars: [] as number[], activeWeek: true };
    });

  const users: Prisma.UserCreateManyInput[] = buyers.map((b) => ({
    id: b.id, name: b.name, nameFolded: foldVietnamese(b.name), phone: b.phone, email: null, role: "BUYER", passwordHash: "!", createdAt: new Date(b.joinAt), updatedAt: new Date(b.joinAt),
  }));
  const orders: Prisma.OrderCreateManyInput[] = [];
  const farmOrders: Prisma.FarmOrderCreateManyInput[] = [];
  const lines: Prisma.OrderLineCreateManyInput[] = [];
  const events: Prisma.OrderEventCreateManyInput[] = [];
  let nOrder = 0;
  let nLine = 0;
  let nEvent = 0;

  for (let dayStart = start; dayStart < now.getTime(); dayStart += DAY) {
    const localDate = new Date(dayStart + LOCAL);
    const month = localDate.getUTCMonth() + 1;
    const weekday = localDate.getUTCDay();
    const progress = (dayStart - start) / span;
    const market = 0.55 + 0.45 * progress;
    for (const f of plan) {
      if (f.intermittent && weekday === 1) f.activeWeek = rng.chance(0.45); // a small farm's week on or off
      const joined = f.farm.createdAt.getTime();
      if (dayStart + DAY <= joined) continue;
      if (f.intermittent && !f.activeWeek) continue;
      const weights = f.products.map((p) => seasonWeight(p, month) * tetFactor(p.topCategory, dayStart));
      const demand = weights.reduce((s, w) => s + w, 0) / weights.length;
      const ramp = Math.min(1, 0.3 + (dayStart - joined) / (45 * DAY));
      // the demo farmer's own farm sells every day of the last two weeks, the first start's day
      // included (what a newcomer logging in as it should see, whatever the season)
      const recentDemo = f.farm.demo && dayStart >= todayStart - 13 * DAY;
      const count = Math.max(recentDemo ? 1 : 0, poisson(rng, 1.15 * f.size * market * ramp * WEEKDAY[weekday] * demand));
      for (let k = 0; k < count; k++) {
        let at = dayStart + timeOfDay(rng);
        // its orders of that day fit before the moment of the first start, in the same order
        if (recentDemo && dayStart === todayStart && at >= now.getTime()) at = todayStart + Math.floor(((at - todayStart) * (now.getTime() - todayStart)) / DAY);
        if (at < joined || at >= now.getTime()) continue;
        nOrder++;
        // the buyer: a regular of this farm, or anyone who has joined by then
        const buyerIdx = f.regulars.length && rng.chance(0.42) ? f.regulars[Math.floor(rng.next() * f.regulars.length)] : Math.floor(rng.next() * availableBuyers(at));
        const buyer = buyers[buyerIdx];
        if (!f.regulars.includes(buyerIdx)) f.regulars.push(buyerIdx);

        // lines: distinct products, chosen by how much each sells that day
        const want = Math.min(f.products.length, rng.chance(0.55) ? 1 : rng.chance(0.67) ? 2 : 3);
        const chosen: HistoryProduct[] = [];
        const pool = f.products.map((p, i) => ({ p, w: weights[i] }));
        while (chosen.length < want) {
          const total = pool.reduce((s, x) => s + x.w, 0);
          let r = rng.next() * total;
          const pick = pool.findIndex((x) => (r -= x.w) <= 0);
          chosen.push(pool.splice(pick === -1 ? pool.length - 1 : pick, 1)[0].p);
        }
        const foId = id("hf", nOrder);
        let subtotal = 0;
        for (const p of chosen) {
          const price = Math.max(1000, Math.round((p.priceVnd * (0.9 + 0.1 * progress)) / 500) * 500);
          const spend = Math.exp(Math.log(230_000) + normal(rng) * 0.55);
          const step = p.soldByWeight ? p.stepMilli : 1000;
          const maxMilli = p.soldByWeight ? 10_000 : 12_000;
          const quantityMilli = Math.min(maxMilli, Math.max(step, Math.round((spend / price) * (1000 / step)) * step));
          const lineTotalVnd = Math.round((price * quantityMilli) / 1000);
          subtotal += lineTotalVnd;
          lines.push({ id: id("hl", ++nLine), farmOrderId: foId, productId: p.id, productName: p.name, unit: p.unit, priceVnd: price, quantityMilli, lineTotalVnd });
        }

        const card = rng.chance(0.14 + 0.22 * progress);
        const r = rng.next();
        const status = r < 0.055 ? "CANCELLED" : r < 0.085 && !card ? "EXPIRED" : "DELIVERED";
        const delivery = f.farm.offersDelivery && (!f.farm.offersPickup || rng.chance(0.72));
        const paidLater = status === "CANCELLED" && card && rng.chance(0.5);
        const paymentStatus = status === "DELIVERED" ? "PAID" : status === "EXPIRED" ? "EXPIRED" : paidLater ? "REFUNDED" : "CANCELLED";

        // the timeline, each step some minutes or hours after the previous one
        // what the system notes is a message key (app/modules/orders/notes.server.ts), shown in the reader's language
        const steps: Array<{ from: string | null; to: string; role: string; system?: SystemNote }> = [{ from: null, to: "AWAITING_PAYMENT", role: "BUYER" }];
        if (status === "EXPIRED") steps.push({ from: "AWAITING_PAYMENT", to: "EXPIRED", role: "SYSTEM", system: { key: "reservationExpired" } });
        else if (status === "CANCELLED" && !paidLater) steps.push({ from: "AWAITING_PAYMENT", to: "CANCELLED", role: rng.chance(0.6) ? "BUYER" : "FARM" });
        else {
          steps.push(card ? { from: "AWAITING_PAYMENT", to: "PAID", role: "PAYMENT", system: { key: "cardPaid" } } : { from: "AWAITING_PAYMENT", to: "PAID", role: "FARM" });
          if (status === "CANCELLED") steps.push({ from: "PAID", to: "CANCELLED", role: "FARM" });
          else {
            const ship = delivery ? "SHIPPED" : "READY_FOR_PICKUP";
            steps.push({ from: "PAID", to: "CONFIRMED", role: "FARM" }, { from: "CONFIRMED", to: "PACKED", role: "FARM" }, { from: "PACKED", to: ship, role: "FARM" }, { from: ship, to: "DELIVERED", role: "FARM" });
          }
        }
        const reason = status === "CANCELLED" ? CANCEL_REASONS[Math.floor(rng.next() * CANCEL_REASONS.length)] : null;
        const gaps = steps.map((s, i) => (i === 0 ? 0 : s.to === "EXPIRED" ? 30 * 60_000 : s.to === "DELIVERED" ? (6 + rng.next() * 40) * 3_600_000 : (5 + rng.next() * 180) * 60_000));
        // an order of the last hours went through its steps faster: none of them after "now"
        const took = gaps.reduce((a, b) => a + b, 0);
        const squeeze = at + took > now.getTime() ? (now.getTime() - 1 - at) / took : 1;
        let t = at;
        for (const [i, s] of steps.entries()) {
          t += Math.floor(gaps[i] * squeeze);
          events.push({
            id: id("he", ++nEvent), farmOrderId: foId, fromStatus: s.from, toStatus: s.to, actorId: s.role === "BUYER" ? buyer.id : null, actorRole: s.role,
            note: (s.to === "CANCELLED" ? reason : null) ?? "", systemNote: s.system ? JSON.stringify(s.system) : null, createdAt: new Date(t),
          });
        }
        const orderId = id("ho", nOrder);
        const seq = nOrder.toString(36).toUpperCase().padStart(6, "0");
        orders.push({
          id: orderId, number: `CN-0${seq}`, idempotencyKey: `seed-history-${nOrder}`, buyerId: buyer.id, buyerName: buyer.name, buyerPhone: buyer.phone,
          totalVnd: subtotal, createdAt: new Date(at),
        });
        farmOrders.push({
          id: foId, orderId, farmId: f.farm.id, status, fulfilment: delivery ? "DELIVERY" : "PICKUP",
          address: delivery ? `${1 + Math.floor(rng.next() * 180)} ${STREETS[Math.floor(rng.next() * STREETS.length)]}, ${f.farm.communeName}` : "",
          paymentMethod: card ? "CARD" : "VIETQR", paymentStatus, transferRef: `CN0${seq}`, subtotalVnd: subtotal, reservedUntil: null, cancelReason: reason,
          createdAt: new Date(at), updatedAt: new Date(t),
        });
      }
    }
  }
  // only buyers who bought something become accounts
  const used = new Set(orders.map((o) => o.buyerId));
  return { users: users.filter((u) => used.has(u.id)), orders, farmOrders, lines, events };
}

/** Inserts the history with multi-row INSERTs (about 6× faster than createMany here), parents first. */
export async function insertHistory(db: Db, history: ReturnType<typeof buildHistory>): Promise<void> {
  await bulkInsert(db, "User", history.users);
  await bulkInsert(db, "Order", history.orders);
  await bulkInsert(db, "FarmOrder", history.farmOrders);
  // each transfer was paid into the account its farm has (FarmOrder.bank*, ADR 015)
  await db.$executeRaw`UPDATE "FarmOrder" SET
    "bankBin" = (SELECT f."bankBin" FROM "Farm" f WHERE f."id" = "FarmOrder"."farmId"),
    "bankAccountNumber" = (SELECT f."bankAccountNumber" FROM "Farm" f WHERE f."id" = "FarmOrder"."farmId"),
    "bankAccountName" = (SELECT f."bankAccountName" FROM "Farm" f WHERE f."id" = "FarmOrder"."farmId")
    WHERE "paymentMethod" = 'VIETQR' AND "bankAccountNumber" IS NULL`;
  await bulkInsert(db, "OrderLine", history.lines);
  await bulkInsert(db, "OrderEvent", history.events);
}
