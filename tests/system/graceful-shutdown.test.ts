// SIGTERM to the production server while checkouts are in flight: they all finish as whole orders,
// new connections are refused at once, the housekeeping timer stops, the database is disconnected
// and the process exits 0. Checkouts are held in flight for real: inside their transaction by a
// buyers whose form body is still arriving, and on PostgreSQL inside their transaction by a row
// lock this test holds.
import fs from "node:fs";
import http from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "~/utils/db.server";
import { buyerWithCart, checkoutForm, checkoutOutcome, expectConsistent, openFarms, type Buyer, type Farm } from "./shop";
import { runningApp, runningFile } from "../../server/running.js";
import { databaseUrl, engine, postForm, request, sleep, sqliteFile, startServer, terminate } from "./server";

/**
 * PostgreSQL: holds the product's row lock, so that checkouts insert their Order and then wait at
 * the conditional stock update — in flight inside their transaction — until released. (On SQLite
 * a lock held by another process would freeze the server's event loop instead: better-sqlite3
 * waits for the busy timeout synchronously. There, slow request bodies keep checkouts in flight.)
 */
async function holdProductRowLock(productId: string) {
  const conn = new pg.Client({ connectionString: databaseUrl });
  await conn.connect();
  await conn.query("BEGIN");
  await conn.query('SELECT 1 FROM "Product" WHERE id = $1 FOR UPDATE', [productId]);
  const observer = new pg.Client({ connectionString: databaseUrl });
  await observer.connect();
  return {
    release: async () => {
      await conn.query("COMMIT");
      await Promise.all([conn.end(), observer.end()]);
    },
    /** How many sessions of this database wait for a lock (the held checkouts). */
    waiting: async () => (await observer.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n,
    /** Orders visible to others meanwhile (none: an uncommitted Order is nobody's business). */
    visibleOrders: async (keys: string[]) => (await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM "Order" WHERE "idempotencyKey" = ANY($1)', [keys])).rows[0].n,
  };
}

/** A checkout whose form body arrives slowly (a phone on bad mobile data): half now, half later. */
function slowCheckout(server: { url: string }, fields: Record<string, string>, headers: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  const req = http.request(new URL("/checkout", server.url), {
    method: "POST",
    agent: false,
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)) },
  });
  const answer = new Promise<{ status: number; location: string }>((resolve, reject) => {
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? "" });
    });
    req.on("error", reject);
  });
  answer.catch(() => {}); // awaited by the test; never an unhandled rejection if it fails first
  req.write(body.slice(0, body.length >> 1));
  return { answer, finish: () => req.end(body.slice(body.length >> 1)) };
}

describe(`graceful shutdown of node server.js (${engine})`, () => {
  let farm: Farm;
  beforeAll(async () => {
    if (sqliteFile) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // as scripts/setup.ts leaves it
    [farm] = await openFarms(1, { stockMilli: 100_000 });
  });
  afterAll(() => disconnectDb());

  it("finishes in-flight checkouts, refuses new connections, stops housekeeping, disconnects, exits 0", async () => {
    const quantities = engine === "postgresql" ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2, 3, 4, 5];
    const buyers = await Promise.all(quantities.map((q) => buyerWithCart([{ farmId: farm.farmId, productId: farm.productId, quantityMilli: q * 1000, paymentMethod: "VIETQR" }])));
    const [control, idleOne, ...inFlight] = buyers;
    const slowBuyers = inFlight.slice(0, 3), lockedBuyers = engine === "postgresql" ? inFlight.slice(3) : [];
    const server = await startServer({ housekeepingMs: 100 });
    // the server marks the SQLite data it serves as in use (npm run demo:reset refuses then)
    const marker = runningFile({ DATABASE_URL: databaseUrl });
    if (sqliteFile) expect(runningApp(marker)?.pid).toBe(server.pid);
    const origin = server.url;
    const headersOf = (b: Buyer) => ({ Origin: origin, Cookie: b.cookie, "X-Forwarded-For": b.ip });
    const checkout = (b: Buyer) => postForm(server, "/checkout", checkoutForm(b), { cookie: b.cookie, ip: b.ip, origin }).then(checkoutOutcome);

    // Before the signal the timer works: an expired reservation is released within a few ticks.
    const placed = await checkout(control);
    if (placed.kind !== "order") throw new Error(JSON.stringify(placed));
    await db.farmOrder.updateMany({ where: { orderId: placed.orderId }, data: { reservedUntil: new Date(Date.now() - 1000) } });
    await expect.poll(async () => (await db.farmOrder.findFirstOrThrow({ where: { orderId: placed.orderId } })).status, { timeout: 5000 }).toBe("EXPIRED");
    // An order whose reservation this test expires after the signal.
    const idle = await checkout(idleOne);
    if (idle.kind !== "order") throw new Error(JSON.stringify(idle));

    // A keep-alive connection left idle (a browser's): shutdown must not wait for it.
    const keepAlive = new http.Agent({ keepAlive: true });
    expect((await request(server.url, "/resources/healthcheck", { agent: keepAlive })).status).toBe(200);

    // In flight: buyers on slow mobile data, half of each form sent; on PostgreSQL also checkouts
    // waiting inside their transaction, their Order inserted but not committed.
    const slow = slowBuyers.map((b) => slowCheckout(server, checkoutForm(b), headersOf(b)));
    const lock = engine === "postgresql" ? await holdProductRowLock(farm.productId) : null;
    const locked = Promise.allSettled(lockedBuyers.map(checkout));
    if (lock) {
      await expect.poll(lock.waiting, { timeout: 5000 }).toBe(lockedBuyers.length);
      expect(await lock.visibleOrders(lockedBuyers.map((b) => b.key))).toBe(0);
    }
    await sleep(300);

    const t0 = performance.now();
    process.kill(server.pid, "SIGTERM");
    await expect.poll(() => server.output(), { timeout: 3000 }).toContain("SIGTERM: not accepting connections; closing after in-flight requests");
    // New connections are refused at once (a load balancer moves on to another process); one that
    // raced the signal into the listen backlog is reset. None is served.
    const attempts: string[] = [];
    await expect
      .poll(async () => {
        attempts.push(await request(server.url, "/resources/healthcheck", { timeoutMs: 2000 }).then((r) => `served ${r.status}`, (e: NodeJS.ErrnoException) => e.code ?? e.message));
        return attempts.at(-1);
      }, { timeout: 2000, interval: 50 })
      .toBe("ECONNREFUSED");
    expect(attempts.filter((a) => a.startsWith("served"))).toEqual([]);

    // After the signal the timer must not run: expire a reservation while requests still drain.
    await db.farmOrder.updateMany({ where: { orderId: idle.orderId }, data: { reservedUntil: new Date(Date.now() - 60_000) } });
    await lock?.release();
    expect((await locked).map((r) => (r.status === "fulfilled" ? r.value.kind : String(r.reason)))).toEqual(lockedBuyers.map(() => "order"));
    await sleep(1000); // ten housekeeping intervals
    expect(server.isRunning()).toBe(true); // the slow buyers' requests are still in flight
    expect((await db.farmOrder.findFirstOrThrow({ where: { orderId: idle.orderId } })).status).toBe("AWAITING_PAYMENT");
    if (sqliteFile) await disconnectDb(); // so that the server's connection is the file's last one

    for (const s of slow) s.finish();
    for (const s of slow) expect(await s.answer).toMatchObject({ status: 302, location: expect.stringMatching(/^\/orders\/\w+$/) });

    const exit = await terminate(server);
    const drainMs = performance.now() - t0;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain("shutdown: requests finished, housekeeping stopped, database disconnected");
    // SQLite deletes the WAL when the last connection closes: the server closed its file cleanly.
    if (sqliteFile) expect(fs.existsSync(`${sqliteFile}-wal`)).toBe(false);
    if (sqliteFile) expect(fs.existsSync(marker)).toBe(false); // and its marker is gone
    keepAlive.destroy();

    // Every buyer has exactly one whole order; stock adds up.
    for (const b of [control, idleOne, ...slowBuyers, ...lockedBuyers]) expect(await db.order.count({ where: { idempotencyKey: b.key } })).toBe(1);
    await expectConsistent([farm]);
    console.log(`[graceful-shutdown ${engine}] ${slow.length + lockedBuyers.length} checkouts in flight at SIGTERM, all completed; exit 0 after ${Math.round(drainMs)} ms`);
  });
});
