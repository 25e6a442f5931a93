// Two app processes (two `node server.js`, as on two machines behind a load balancer) on one
// PostgreSQL database: 50 parallel checkouts for the last 5 units, split across both, sell exactly
// the stock; a double submission reaching both processes makes one order; both processes'
// housekeeping timers, racing over the same expired reservations, release each exactly once.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "~/utils/db.server";
import { placeOrder } from "~/modules/orders/checkout.server";
import { buyerWithCart, checkoutForm, checkoutOutcome, expectConsistent, openFarms, type Buyer, type Farm } from "./shop";
import { engine, postForm, startServer, type AppServer } from "./server";

describe.runIf(engine === "postgresql")("two app processes on one PostgreSQL database", () => {
  let a: AppServer, b: AppServer;
  const site = { url: "" }; // the one public address both processes serve (PUBLIC_URL, Origin)
  beforeAll(async () => {
    a = await startServer({ name: "app-1", housekeepingMs: 50 });
    site.url = a.url;
    b = await startServer({ name: "app-2", housekeepingMs: 50, publicUrl: a.url });
  });
  afterAll(() => disconnectDb());

  const checkoutAt = (server: AppServer, buyer: Buyer) => postForm(server, "/checkout", checkoutForm(buyer), { cookie: buyer.cookie, ip: buyer.ip, origin: site.url }).then(checkoutOutcome);

  it("sells exactly the last 5 units to 50 parallel buyers split across both processes", async () => {
    const [farm] = await openFarms(1, { stockMilli: 5000 });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => buyerWithCart([{ farmId: farm.farmId, productId: farm.productId, quantityMilli: 1000, paymentMethod: "VIETQR" }])));
    const outcomes = await Promise.all(buyers.map((buyer, i) => checkoutAt(i % 2 ? b : a, buyer).then((o) => ({ o, by: i % 2 ? "app-2" : "app-1" }))));
    const sold = outcomes.filter((x) => x.o.kind === "order");
    expect(sold).toHaveLength(5);
    expect(outcomes.filter((x) => x.o.kind === "outOfStock")).toHaveLength(45);
    expect((await db.product.findUniqueOrThrow({ where: { id: farm.productId } })).stockMilli).toBe(0);
    expect(await db.orderLine.count({ where: { productId: farm.productId } })).toBe(5);
    await expectConsistent([farm]);
    console.log(`[multi-process] the 5 units went to buyers served by ${sold.map((x) => x.by).join(", ")}`);
  });

  it("makes one order when the same form reaches both processes at once", async () => {
    const [farm] = await openFarms(1, { stockMilli: 100_000 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => buyerWithCart([{ farmId: farm.farmId, productId: farm.productId, quantityMilli: 2000, paymentMethod: "VIETQR" }])));
    const pairs = await Promise.all(buyers.map((buyer) => Promise.all([checkoutAt(a, buyer), checkoutAt(b, buyer)])));
    for (const [i, [x, y]] of pairs.entries()) {
      expect(x).toMatchObject({ kind: "order" });
      expect(y).toEqual(x); // both answers lead to the same order (never "cart empty" for the slower one)
      expect(await db.order.count({ where: { idempotencyKey: buyers[i].key } })).toBe(1);
    }
    expect((await db.product.findUniqueOrThrow({ where: { id: farm.productId } })).stockMilli).toBe(100_000 - 20 * 2000);
  });

  it("releases each expired reservation exactly once with both housekeeping timers racing", async () => {
    const COUNT = 40;
    const logged = (s: AppServer) => [...s.output().matchAll(/housekeeping: released (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    // One round: COUNT reservations run out at the same instant, so both processes find them all due
    // on their next tick. Which process wins how many is up to the scheduler (on a loaded machine one
    // may take them all), so rounds repeat until both have taken part in one; every round must
    // release each reservation exactly once.
    const round = async () => {
      const farms: Farm[] = await openFarms(3, { stockMilli: 1_000_000 });
      const buyers = await Promise.all(Array.from({ length: COUNT }, (_, i) => buyerWithCart([{ farmId: farms[i % 3].farmId, productId: farms[i % 3].productId, quantityMilli: 3000, paymentMethod: "VIETQR" }])));
      const orderIds = await Promise.all(
        buyers.map(async (buyer, i) => {
          const cartId = (await db.cart.findUniqueOrThrow({ where: { userId: buyer.userId } })).id;
          const farms0 = [{ farmId: farms[i % 3].farmId, fulfilment: "DELIVERY" as const, address: "5 Trần Hưng Đạo, Vũng Tàu", paymentMethod: "VIETQR" as const }];
          const r = await placeOrder({ userId: buyer.userId, cartId, cardAvailable: false, input: { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Chị Lan", buyerPhone: "+84912000333", farms: farms0 } });
          if (!r.ok) throw new Error(r.error);
          return r.orderId;
        }),
      );
      const before = { a: logged(a), b: logged(b) };
      await db.farmOrder.updateMany({ where: { orderId: { in: orderIds } }, data: { reservedUntil: new Date(Date.now() - 1000) } });
      await expect.poll(() => db.farmOrder.count({ where: { orderId: { in: orderIds }, status: "EXPIRED" } }), { timeout: 20_000, interval: 100 }).toBe(COUNT);
      await expect.poll(() => logged(a) + logged(b) - before.a - before.b, { timeout: 5000 }).toBe(COUNT);

      const events = await db.orderEvent.groupBy({ by: ["farmOrderId"], where: { toStatus: "EXPIRED", farmOrder: { orderId: { in: orderIds } } }, _count: true });
      expect(events).toHaveLength(COUNT);
      expect(events.every((e) => e._count === 1)).toBe(true);
      for (const f of farms) expect((await db.product.findUniqueOrThrow({ where: { id: f.productId } })).stockMilli).toBe(1_000_000); // returned once, not twice
      await expectConsistent(farms);
      return { byA: logged(a) - before.a, byB: logged(b) - before.b };
    };
    const rounds: { byA: number; byB: number }[] = [];
    while (rounds.length < 5 && !rounds.some((r) => r.byA > 0 && r.byB > 0)) rounds.push(await round());
    console.log(`[multi-process] ${COUNT} expired reservations released once per round: ${rounds.map((r) => `${r.byA} by app-1 + ${r.byB} by app-2`).join("; ")}`);
    expect(rounds.some((r) => r.byA > 0 && r.byB > 0), "in some round both processes took part").toBe(true);
  }, 120_000);
});
