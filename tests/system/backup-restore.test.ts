// `npm run db:backup` while node server.js takes checkouts, then `npm run db:restore`: the app keeps
// writing during the backup; the restore refuses while the app runs; the restored database passes
// its checks, holds every order committed before the backup started (and stock that agrees with
// them: one instant's snapshot), keeps the previous database aside, and serves again.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "~/utils/db.server";
import { backupSqlite, restoreSqlite } from "../../scripts/backup";
import { dropPgDatabase } from "../setup/db-admin";
import { buyerWithCart, checkoutForm, checkoutOutcome, expectConsistent, openFarms, type Buyer, type Farm } from "./shop";
import { databaseUrl, engine, postForm, request, sqliteFile, startServer, terminate } from "./server";

const FILLER_ROWS = 150_000; // ~110 MB on SQLite: the copy lasts long enough (0.3–1 s) to overlap with writes

/** Runs an npm script the way an operator does; resolves with its exit code and its JSON report. */
function npmRun(script: string, file: string) {
  return new Promise<{ code: number | null; report: Record<string, any>; output: string }>((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", script, "--", file], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "{}";
      try {
        resolve({ code, report: JSON.parse(last), output: out + err });
      } catch {
        reject(new Error(`${script} printed no JSON report:\n${out}${err}`));
      }
    });
  });
}

describe(`online backup and restore (${engine})`, () => {
  let farms: Farm[];
  let buyers: Buyer[];
  const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-backup-"));
  const backupFile = path.join(backupDir, engine === "sqlite" ? "app-backup.db" : "app-backup.dump");
  let keptAside: string | null = null;

  beforeAll(async () => {
    if (sqliteFile) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    farms = await openFarms(2, { stockMilli: 10_000_000 });
    buyers = await Promise.all(Array.from({ length: 150 }, (_, i) => buyerWithCart([{ farmId: farms[i % 2].farmId, productId: farms[i % 2].productId, quantityMilli: 1000 + (i % 5) * 1000, paymentMethod: "VIETQR" }])));
    if (engine === "sqlite") {
      await db.$executeRawUnsafe(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${FILLER_ROWS}) INSERT INTO "RateLimit" ("key", "hits", "windowStart") SELECT 'filler:' || i || ':' || hex(randomblob(150)), 1, '2026-01-01T00:00:00.000+00:00' FROM n`,
      );
    } else {
      await db.$executeRawUnsafe(`INSERT INTO "RateLimit" ("key", "hits", "windowStart") SELECT 'filler:' || i || ':' || repeat(md5(random()::text), 9), 1, now() FROM generate_series(1, ${FILLER_ROWS}) AS i`);
    }
  });
  afterAll(async () => {
    await disconnectDb();
    fs.rmSync(backupDir, { recursive: true, force: true });
    if (engine === "postgresql" && keptAside) await dropPgDatabase(keptAside);
  });

  it("backs up while the app writes, refuses to restore under a running app, restores a consistent copy", async () => {
    const server = await startServer();
    const answered: Array<{ key: string; at: number }> = [];
    let stop = false;
    // Three buyers' checkouts at a time, one after another, until told to stop.
    const queue = [...buyers];
    const lane = async () => {
      for (let b = queue.shift(); b && !stop; b = queue.shift()) {
        const o = checkoutOutcome(await postForm(server, "/checkout", checkoutForm(b), { cookie: b.cookie, ip: b.ip, origin: server.url }));
        if (o.kind !== "order") throw new Error(`checkout failed during the backup: ${JSON.stringify(o)}`);
        answered.push({ key: b.key, at: Date.now() });
      }
    };
    const lanes = Promise.all([lane(), lane(), lane()]);
    await expect.poll(() => answered.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(15);

    const startedAt = Date.now();
    const backup = await npmRun("db:backup", backupFile);
    const finishedAt = Date.now();
    const moreAfter = answered.length + 5;
    await expect.poll(() => answered.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(moreAfter);
    stop = true;
    await lanes;

    expect(backup.code, backup.output).toBe(0);
    const r = backup.report;
    if (engine === "sqlite") expect(r.integrity).toBe("ok");
    expect(r.migrations).toMatchObject({ pending: [], unknown: [], failed: [] });
    // the app kept committing checkouts while the copy was being read
    const duringCopy = answered.filter((a) => a.at > r.copyStartedAt && a.at < r.copyFinishedAt).length;
    const duringCommand = answered.filter((a) => a.at > startedAt && a.at < finishedAt).length;
    expect(duringCopy, `copy took ${r.copyMs} ms`).toBeGreaterThan(0);
    const before = answered.filter((a) => a.at < startedAt).map((a) => a.key);
    const after = answered.filter((a) => a.at > finishedAt).map((a) => a.key);

    // The restore refuses while the app has the database open, and changes nothing.
    await disconnectDb(); // this test's own connection is not the app
    const refused = await npmRun("db:restore", backupFile);
    expect(refused.code, refused.output).toBe(2);
    expect(refused.report).toMatchObject({ ok: false, refused: true, error: expect.stringMatching(/in use/) });
    expect(await db.order.count({ where: { idempotencyKey: { in: after } } })).toBe(after.length);
    await disconnectDb();

    expect(await terminate(server)).toEqual({ code: 0, signal: null });
    const restore = await npmRun("db:restore", backupFile);
    expect(restore.code, restore.output).toBe(0);
    keptAside = restore.report.keptAside;
    expect(restore.report).toMatchObject({ integrity: "ok", appliedMigrations: [], migrations: { pending: [], unknown: [] } });
    if (sqliteFile) {
      // independent of the script: the restored file opens and passes integrity_check
      const conn = new Database(sqliteFile, { readonly: true });
      expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
      conn.close();
      expect(fs.existsSync(keptAside!)).toBe(true);
    }

    // Every order committed before the backup started is there; none placed after it finished;
    // stock agrees with the orders (a torn copy would not).
    expect(await db.order.count({ where: { idempotencyKey: { in: before } } })).toBe(before.length);
    expect(await db.order.count({ where: { idempotencyKey: { in: after } } })).toBe(0);
    await expectConsistent(farms);
    const restoredOrders = await db.order.count();
    expect(restoredOrders).toBeGreaterThanOrEqual(before.length);
    expect(restoredOrders).toBeLessThanOrEqual(before.length + duringCommand);
    expect(await db.rateLimit.count({ where: { key: { startsWith: "filler:" } } })).toBe(FILLER_ROWS);

    // The app serves from the restored database; a buyer whose order the restore lost places it again.
    await disconnectDb();
    const again = await startServer();
    expect((await request(again.url, "/resources/healthcheck")).status).toBe(200);
    const lost = buyers.find((b) => b.key === after[0])!;
    const replay = checkoutOutcome(await postForm(again, "/checkout", checkoutForm(lost), { cookie: lost.cookie, ip: lost.ip, origin: again.url }));
    expect(replay.kind).toBe("order");
    await expectConsistent(farms);
    console.log(
      `[backup-restore ${engine}] ${(r.bytes / 1e6).toFixed(1)} MB backup: copy ${r.copyMs} ms, whole command ${finishedAt - startedAt} ms (${r.totalMs} ms in the script), ` +
        `${duringCopy} checkouts committed during the copy and ${duringCommand} during the command; restore ${restore.report.totalMs} ms; ${before.length} orders before, ${restoredOrders} restored`,
    );
  });

  it.runIf(engine === "sqlite")("refuses a damaged copy or one from a newer version, and leaves the database as it was", async () => {
    const file = sqliteFile!;
    const orders = await db.order.count();
    await disconnectDb();
    const good = path.join(backupDir, "good.db");
    expect((await backupSqlite(file, good)).integrity).toBe("ok");

    // a copy made by a newer version: one migration this code does not know
    const newer = path.join(backupDir, "newer.db");
    fs.copyFileSync(good, newer);
    const conn = new Database(newer);
    conn.prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '29990101000000_from_the_future', 0, 1, 1)").run();
    conn.close();
    await expect(restoreSqlite(newer, file)).rejects.toThrow(/newer version .*29990101000000_from_the_future/);

    // a damaged copy: bytes overwritten in the middle of the file
    const damaged = path.join(backupDir, "damaged.db");
    fs.copyFileSync(good, damaged);
    const fd = fs.openSync(damaged, "r+");
    const pageSize = 4096, pages = fs.statSync(damaged).size / pageSize;
    for (let p = Math.floor(pages / 3); p < Math.floor(pages / 3) + 20; p++) fs.writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, p * pageSize + 100);
    fs.closeSync(fd);
    await expect(restoreSqlite(damaged, file)).rejects.toThrow(/integrity_check|malformed|corrupt/i);

    // neither touched the database, and nothing was left beside it
    expect(await db.order.count()).toBe(orders);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes(".restoring"))).toEqual([]);
  });
});
