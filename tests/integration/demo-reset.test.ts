// `npm run demo:reset` as a newcomer runs it: refuses while the app runs on the data (the server's
// marker, or something answering on PORT) and changes nothing then; otherwise rebuilds the SQLite
// demo for "today" (its clock fixed here with DEMO_SEED_NOW): the old rows gone, the demo province
// back, its history ending that day. Refuses PostgreSQL outright. SQLite only: that is the demo.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/utils/db.server";
import { migrateDeploy } from "../../scripts/migrate";
import { tmpDir } from "../setup/db-admin";

const TODAY = "2027-05-02T10:00:00+07:00"; // the day the demo is reset, in Vietnam
const LOCAL = 7 * 3_600_000;

let dir: string;
let port: number;
const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, SQLITE_FILE: path.join(dir, "app.db"), MEDIA_DIR: path.join(dir, "media"), DEMO_SEED_NOW: TODAY, PORT: String(port), NODE_ENV: "development" };
  delete e.DATABASE_URL;
  delete e.VITEST; // the script as npm runs it
  return e;
};
// spawned, not spawnSync: the test's own fake app must answer while the script runs
function reset(extra: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo-reset.ts"], { env: { ...env(), ...extra } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.once("exit", (status) => resolve({ status, stdout, stderr })));
}

async function freePort(): Promise<number> {
  const s = http.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(`file:${path.join(dir, "app.db")}`);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

const sentinelCount = () => withDb((db) => db.user.count({ where: { email: "old-demo@example.test" } }));

describe.runIf(process.env.TEST_DB_ENGINE === "sqlite")("npm run demo:reset", () => {
  beforeAll(async () => {
    dir = tmpDir("cho-nong-demo-reset-");
    port = await freePort();
    // an old demo: a database with someone in it and a photo
    migrateDeploy(`file:${path.join(dir, "app.db")}`, { quiet: true });
    await withDb((db) => db.user.create({ data: { name: "Demo cũ", email: "old-demo@example.test", passwordHash: "!" } }));
    fs.mkdirSync(path.join(dir, "media"), { recursive: true });
    fs.writeFileSync(path.join(dir, "media", "old-upload.webp"), "old");
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses while the app runs on this data, and changes nothing", async () => {
    // a server process as server.js marks itself (server/running.js)
    const app: ChildProcess = spawn(
      process.execPath,
      ["--input-type=module", "-e", `import { markRunning } from "./server/running.js"; markRunning({ port: ${port} }); console.log("up"); setInterval(() => {}, 1000);`],
      { env: env(), stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise((r) => app.stdout!.once("data", r));
    try {
      const r = await reset();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Chợ Nông is running on this data (process ${app.pid}, port ${port}`);
      expect(r.stderr).toContain("Nothing was changed.");
      expect(await sentinelCount()).toBe(1);
      expect(fs.existsSync(path.join(dir, "media", "old-upload.webp"))).toBe(true);
    } finally {
      app.kill("SIGTERM");
      await new Promise((r) => app.once("exit", r));
    }
    // the marker a killed process left behind names a dead process: it does not count
    expect(fs.existsSync(path.join(dir, "app.pid"))).toBe(true);
  });

  it("refuses while something answers on PORT as the app does", async () => {
    const server = http.createServer((_req, res) => res.end("pong")).listen(port, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const r = await reset();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Chợ Nông answers on port ${port}`);
      expect(await sentinelCount()).toBe(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("never touches PostgreSQL", async () => {
    const r = await reset({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("DATABASE_URL points to PostgreSQL");
  });

  it("rebuilds the demo for today once the app is stopped", async () => {
    const r = await reset();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("demo:reset: removed");
    expect(r.stdout).toContain("seeded the demo province");
    expect(await sentinelCount()).toBe(0);
    expect(fs.existsSync(path.join(dir, "media", "old-upload.webp"))).toBe(false);
    await withDb(async (db) => {
      expect(await db.user.count({ where: { email: { in: ["farmer@chonong.vn", "officer@chonong.vn"] } } })).toBe(2);
      const now = new Date(TODAY).getTime();
      const last = await db.farmOrder.findFirstOrThrow({ orderBy: { createdAt: "desc" }, select: { createdAt: true } });
      expect(last.createdAt.getTime()).toBeLessThan(now);
      const localDay = (t: number) => new Date(t + LOCAL).toISOString().slice(0, 10);
      expect(localDay(last.createdAt.getTime())).toBe("2027-05-02"); // the demo's last orders are from that morning
      // the demo farmer sold in the last week before it
      const farmer = await db.farmMember.findFirstOrThrow({ where: { user: { email: "farmer@chonong.vn" } }, select: { farmId: true } });
      expect(await db.farmOrder.count({ where: { farmId: farmer.farmId, createdAt: { gte: new Date(now - 7 * 86_400_000) } } })).toBeGreaterThan(3);
      // certificates expire relative to that day: some already, most later
      expect(await db.certification.count({ where: { expiresAt: { lt: new Date(now) } } })).toBeGreaterThan(0);
      expect(await db.certification.count({ where: { expiresAt: { gt: new Date(now) } } })).toBeGreaterThan(0);
    });
  }, 180_000);
});
