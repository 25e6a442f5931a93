// WEB_CONCURRENCY=2: one `node server.js` starts two workers on one port (node:cluster). Both
// serve, on one SQLite file too: parallel checkouts spread over both sell exactly the stock (on
// SQLite this needs write transactions that take the write lock when they begin, see
// patches/@prisma+adapter-better-sqlite3*.patch: with a plain BEGIN some failed at once). A
// worker that dies is replaced while the other goes on serving; SIGTERM to the primary stops the
// workers gracefully and it exits 0.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "~/utils/db.server";
import { buyerWithCart, checkoutForm, checkoutOutcome, expectConsistent, openFarms } from "./shop";
import { postForm, request, sleep, startServer, terminate, type AppServer } from "./server";

/** The pids of the primary's worker processes. */
function workersOf(server: AppServer): number[] {
  try {
    return execFileSync("ps", ["--ppid", String(server.pid), "-o", "pid="], { encoding: "utf8" }).split("\n").map((s) => Number(s.trim())).filter(Boolean);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

async function until<T>(what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)} after ${ms} ms`);
    await sleep(100);
  }
}

describe("WEB_CONCURRENCY: worker processes on one port", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startServer({ name: "cluster", env: { WEB_CONCURRENCY: "2" } });
    await until("two workers listening", () => (app.output().match(/is listening on/g) ?? []).length, (n) => n === 2);
  });
  afterAll(() => disconnectDb());

  it("starts two workers that both serve, and sells exactly the stock to buyers spread over them", async () => {
    expect(workersOf(app)).toHaveLength(2);
    const [farm] = await openFarms(1, { stockMilli: 5000 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => buyerWithCart([{ farmId: farm.farmId, productId: farm.productId, quantityMilli: 1000, paymentMethod: "VIETQR" }])));
    // a connection each: the operating system hands them to both workers
    const outcomes = await Promise.all(buyers.map((buyer) => postForm(app, "/checkout", checkoutForm(buyer), { cookie: buyer.cookie, ip: buyer.ip, origin: app.url }).then(checkoutOutcome)));
    expect(outcomes.filter((o) => o.kind === "order")).toHaveLength(5);
    expect(outcomes.filter((o) => o.kind === "outOfStock")).toHaveLength(15);
    await expectConsistent([farm]);
  });

  it("replaces a worker that dies, and keeps serving meanwhile", async () => {
    const [victim, survivor] = workersOf(app);
    process.kill(victim, "SIGKILL");
    // once the primary has seen it go, every new connection goes to the survivor
    await until("the primary noticing", () => app.output().includes(`worker ${victim} exited (SIGKILL); starting another`), Boolean);
    for (let i = 0; i < 10; i++) expect((await request(app.url, "/resources/healthcheck", { timeoutMs: 5000 })).status).toBe(200);
    const now = await until("a new worker", () => workersOf(app), (pids) => pids.length === 2 && !pids.includes(victim));
    expect(now).toContain(survivor);
    await until("the new worker listening", () => (app.output().match(/is listening on/g) ?? []).length, (n) => n === 3);
  });

  it("stops its workers gracefully on SIGTERM and exits 0", async () => {
    const pids = workersOf(app);
    expect(await terminate(app)).toEqual({ code: 0, signal: null });
    expect(app.output().match(/shutdown: requests finished/g)).toHaveLength(2);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(); // gone
  });
});
