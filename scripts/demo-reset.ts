// `npm run demo:reset`: the demo province again, for today. Deletes the SQLite database (and its
// WAL files) and the local photos, then runs the first-start path (scripts/setup.ts: migrate, seed
// anchored to now). It stops nothing: while the app runs on this data (server/running.js, or
// something answers on PORT) it refuses and changes nothing. It never touches PostgreSQL: an
// operator's database is not a demo.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isPostgresUrl } from "../prisma/db-location";
import { runningApp, runningFile, sqlitePath } from "../server/running.js";

function refuse(message: string): never {
  console.error(`demo:reset: ${message}\nNothing was changed.`);
  process.exit(1);
}

async function answersOn(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/resources/ping`, { signal: AbortSignal.timeout(1500) });
    return res.ok && (await res.text()) === "pong";
  } catch {
    return false;
  }
}

if (isPostgresUrl(process.env.DATABASE_URL)) {
  refuse("DATABASE_URL points to PostgreSQL. The demo lives in SQLite (data/app.db); unset DATABASE_URL to reset it.");
}
const app = runningApp();
if (app) {
  refuse(`Chợ Nông is running on this data (process ${app.pid}, port ${app.port}, since ${app.since}). Stop it first (Ctrl-C where it runs), then run npm run demo:reset again.\n(If it is not running, delete ${path.relative(".", runningFile())}.)`);
}
const port = Number(process.env.PORT || 3000);
if (await answersOn(port)) refuse(`Chợ Nông answers on port ${port}. Stop it first, then run npm run demo:reset again.`);

const sqliteFile = sqlitePath(); // DATABASE_URL=file:… or SQLITE_FILE, as the app reads them
const removed: string[] = [];
for (const file of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`, `${sqliteFile}-journal`]) {
  if (fs.existsSync(file)) {
    fs.rmSync(file);
    removed.push(path.relative(".", file));
  }
}
// the demo's photos and anything uploaded into it (content-addressed files the new seed rewrites)
const mediaDir = path.resolve(process.env.MEDIA_DIR || "data/media");
if ((process.env.MEDIA_STORE ?? "local") === "local" && fs.existsSync(mediaDir)) {
  fs.rmSync(mediaDir, { recursive: true, force: true });
  removed.push(`${path.relative(".", mediaDir)}/`);
}
console.log(`demo:reset: removed ${removed.length ? removed.join(", ") : "nothing (no demo yet)"}`);

const setup = spawnSync(process.execPath, ["--import", "tsx", "scripts/setup.ts"], { stdio: "inherit", env: process.env });
if (setup.status !== 0) {
  console.error("demo:reset: setting up the new demo failed (above). Run npm run demo:reset again once it is fixed.");
  process.exit(setup.status ?? 1);
}
console.log("demo:reset: the demo province is ready, its history ending now. Start it with npm start.");
