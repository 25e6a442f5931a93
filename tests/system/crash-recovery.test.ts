// kill -9 in the middle of a burst of checkouts and card-payment webhooks, then restart and replay
// everything, as buyers (resubmitting the same form, which shows a new card payment page) and
// Stripe (retrying every webhook until it gets a 200) do.
// Afterwards: every idempotency key has exactly one order, none is half-written or duplicated,
// stock adds up and is never negative, every payment event was applied exactly once.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "~/utils/db.server";
import { placeOrder } from "~/modules/orders/checkout.server";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET, startFakeStripe } from "../fakes/stripe";
import { buyerWithCart, checkoutForm, checkoutOutcome, expectConsistent, openFarms, type Buyer, type CheckoutOutcome, type Farm } from "./shop";
import { crash, engine, freePort, postForm, request, sleep, sqliteFile, startServer, type AppServer } from "./server";

const BUYERS = 40;
const STRIPE_IP = "198.51.100.7";

describe(`kill -9 during a burst of checkouts and webhooks, then restart and replay (${engine})`, () => {
  let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
  let farms: Farm[];
  let buyers: Buyer[];
  let expiring: string[];
  beforeAll(async () => {
    if (sqliteFile) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    stripe = await startFakeStripe({ port: await freePort() });
    farms = await openFarms(4, { stockMilli: 1_000_000 });
    // Each buyer: two farms in one cart, every other buyer paying the first part by card.
    buyers = await Promise.all(
      Array.from({ length: BUYERS }, (_, i) =>
        buyerWithCart([
          { farmId: farms[i % 4].farmId, productId: farms[i % 4].productId, quantityMilli: (1 + (i % 3)) * 1000, paymentMethod: i % 2 === 0 ? "CARD" : "VIETQR" },
          { farmId: farms[(i + 1) % 4].farmId, productId: farms[(i + 1) % 4].productId, quantityMilli: 2000, paymentMethod: "VIETQR" },
        ]),
      ),
    );
    // Unpaid orders whose reservations run out as the burst starts: housekeeping is busy too.
    expiring = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const f = farms[i % 4];
        const b = await buyerWithCart([{ farmId: f.farmId, productId: f.productId, quantityMilli: 5000, paymentMethod: "VIETQR" }]);
        const cartId = (await db.cart.findUniqueOrThrow({ where: { userId: b.userId } })).id;
        const input = { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Anh Tư", buyerPhone: "+84912000222", farms: [{ farmId: f.farmId, fulfilment: "DELIVERY" as const, address: "3 Hùng Vương, Bà Rịa", paymentMethod: "VIETQR" as const }] };
        const r = await placeOrder({ userId: b.userId, cartId, input, cardAvailable: false });
        if (!r.ok) throw new Error(r.error);
        return r.orderId;
      }),
    );
  });
  afterAll(async () => {
    await stripe?.close();
    await disconnectDb();
  });

  it("loses no order, duplicates none, keeps stock consistent and applies each payment event once", async () => {
    const env = { STRIPE_SECRET_KEY: FAKE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.apiBase };
    const t0 = performance.now();
    const mark = (what: string) => console.log(`[crash-recovery ${engine}] +${Math.round(performance.now() - t0)} ms ${what}`);
    let server: AppServer = await startServer({ env, housekeepingMs: 50 });
    const firstServer = server;
    mark("server up");
    const origin = () => server.url;
    const checkout = (b: Buyer): Promise<CheckoutOutcome> =>
      postForm(server, "/checkout", checkoutForm(b), { cookie: b.cookie, ip: b.ip, origin: origin() }).then(checkoutOutcome, (e: Error) => ({ kind: "lost", error: e.message }));
    type Webhook = { id: string; payload: string; signature: string };
    const webhooks = new Map<string, Webhook>();
    const deliver = (w: Webhook) =>
      request(server.url, "/resources/webhooks/stripe", { method: "POST", body: w.payload, headers: { "Content-Type": "application/json", "Stripe-Signature": w.signature, "X-Forwarded-For": STRIPE_IP } }).then(
        (r) => (r.status === 200 ? (JSON.parse(r.body) as { outcome: string }).outcome : `HTTP ${r.status}`),
        () => "lost",
      );
    /** The buyer pays on Stripe's page: Stripe sends checkout.session.completed (kept for replay). */
    const pay = (sessionId: string) => {
      const w = stripe.completed(stripe.sessions.get(sessionId)!);
      webhooks.set(w.id, w);
      return deliver(w);
    };

    // 1. The burst: all buyers at once, each card payment paid as soon as its page is shown.
    await db.farmOrder.updateMany({ where: { orderId: { in: expiring } }, data: { reservedUntil: new Date(Date.now() - 1000) } });
    const first = new Map<string, CheckoutOutcome>();
    const firstWebhooks: Array<Promise<string>> = [];
    let answered = 0, paidBeforeKill = 0;
    let killedAt = -1;
    // kill -9 once half the buyers have their answer and a few payments went through (or at 90%),
    // with checkouts, webhooks and housekeeping in flight
    const maybeKill = async () => {
      if (killedAt >= 0 || !((answered >= BUYERS * 0.5 && paidBeforeKill >= 3) || answered >= BUYERS * 0.9)) return;
      killedAt = answered;
      await crash(server);
    };
    await Promise.all(
      buyers.map(async (b, i) => {
        await sleep(i * 30); // buyers arrive over 1.2 s, so webhooks interleave with checkouts
        const o = await checkout(b);
        first.set(b.key, o);
        if (o.kind === "lost") return;
        answered++;
        if (o.kind === "card") {
          const delivery = pay(o.sessionId).then(async (d) => {
            if (d.startsWith("paid")) paidBeforeKill++;
            await maybeKill();
            return d;
          });
          firstWebhooks.push(delivery);
        }
        await maybeKill();
      }),
    );
    const firstDeliveries = await Promise.all(firstWebhooks);
    mark("killed");
    expect(killedAt).toBeGreaterThan(0);
    const lost = [...first.values()].filter((o) => o.kind === "lost").length;
    expect(lost, "some checkouts were in flight or not yet sent when the process died").toBeGreaterThan(0);
    expect([...first.values()].filter((o) => o.kind === "refused" || o.kind === "outOfStock"), firstServer.output()).toEqual([]);

    // 2. What the crash left: an order for every key that was answered, none twice, none partial.
    const ordersOf = async (key: string) => db.order.count({ where: { idempotencyKey: key } });
    for (const [key, o] of first) {
      const n = await ordersOf(key);
      if (o.kind === "order" || o.kind === "card") expect(n, `answered key ${key}`).toBe(1);
      else expect(n).toBeLessThanOrEqual(1);
    }
    const committedUnanswered = (await Promise.all([...first].filter(([, o]) => o.kind === "lost").map(([k]) => ordersOf(k)))).reduce((s, n) => s + n, 0);
    const ordersAtCrash = await expectConsistent(farms);
    for (const w of webhooks.values()) {
      const applied = await db.paymentEvent.count({ where: { id: `STRIPE:${w.id}` } });
      expect(applied).toBeLessThanOrEqual(1);
    }
    const appliedBeforeCrash = firstDeliveries.filter((d) => d.startsWith("paid")).length;

    // 3. Restart on the same database. Buyers resubmit every form (those with an unpaid card part
    //    get a new payment page, replacing the one they may already have paid), then Stripe
    //    retries every webhook: a payment on a replaced page still counts.
    server = await startServer({ env, housekeepingMs: 50 });
    mark("restarted");
    const second = new Map<string, CheckoutOutcome>();
    await Promise.all(buyers.map(async (b) => second.set(b.key, await checkout(b))));
    for (const o of second.values()) expect(["order", "card"]).toContain(o.kind);
    const redelivered = await Promise.all([...webhooks.values()].map(deliver));
    expect(redelivered.every((d) => d === "paid 1 of 1" || d === "duplicate"), redelivered.join(", ")).toBe(true);
    // Whoever still has an unpaid card part pays on the page the resubmission showed.
    const late: Array<Promise<string>> = [];
    for (const [key, o] of second) {
      if (o.kind !== "card") continue;
      const unpaid = await db.farmOrder.count({ where: { order: { idempotencyKey: key }, paymentMethod: "CARD", status: "AWAITING_PAYMENT" } });
      if (unpaid) late.push(pay(o.sessionId));
    }
    expect((await Promise.all(late)).every((d) => d === "paid 1 of 1")).toBe(true);
    // Stripe retries everything once more: nothing changes.
    expect(new Set(await Promise.all([...webhooks.values()].map(deliver)))).toEqual(new Set(["duplicate"]));
    mark("replayed");
    // 4. Exactly one order per key, consistent; every card part paid once, each event stored once.
    for (const b of buyers) expect(await ordersOf(b.key), `key ${b.key}`).toBe(1);
    await expectConsistent(farms);
    const cardParts = await db.farmOrder.findMany({
      where: { paymentMethod: "CARD", order: { idempotencyKey: { in: buyers.map((b) => b.key) } } },
      select: { id: true, status: true, paidVnd: true, subtotalVnd: true, events: { where: { toStatus: "PAID" }, select: { id: true } } },
    });
    expect(cardParts).toHaveLength(BUYERS / 2);
    for (const p of cardParts) {
      expect(p).toMatchObject({ status: "PAID", paidVnd: p.subtotalVnd });
      expect(p.events).toHaveLength(1);
    }
    for (const w of webhooks.values()) expect(await db.paymentEvent.count({ where: { id: `STRIPE:${w.id}` } })).toBe(1);
    // the reservations that ran out during the burst were released once, their stock returned
    const released = await db.orderEvent.groupBy({ by: ["farmOrderId"], where: { toStatus: "EXPIRED", farmOrder: { orderId: { in: expiring } } }, _count: true });
    expect(released.map((r) => r._count)).toEqual(expiring.map(() => 1));

    console.log(
      `[crash-recovery ${engine}] killed after ${killedAt}/${BUYERS} answers: ${lost} checkouts lost in flight (${committedUnanswered} of them committed, answer lost), ` +
        `${ordersAtCrash - expiring.length} orders at the crash, ${appliedBeforeCrash} card payments applied before it; ` +
        `after restart and replay ${BUYERS} orders, ${cardParts.length} card parts paid once (${redelivered.filter((d) => d.startsWith("paid")).length} on a page replaced by the resubmission, ${late.length} on the new page), ${webhooks.size} webhook events each stored once`,
    );
  });
});
