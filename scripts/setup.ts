// First-start automation, run by `npm start` and `npm run dev` before the server:
// data/ exists, Prisma clients generated, migrations applied, SQLite in WAL mode, the demo
// province seeded when the database is empty, and (with --build) a fresh production build.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isPostgresUrl, sqliteFile } from "../prisma/db-location";
import { migrateDeploy } from "./migrate";

const t0 = performance.now();
const step = (msg: string) => console.log(`[setup +${Math.round(performance.now() - t0)}ms] ${msg}`);
function run(cmd: string, args: string[]) {
  const r = spawnSync(path.resolve("node_modules/.bin", cmd), args, { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`[setup] ${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

const pg = isPostgresUrl(process.env.DATABASE_URL);
if (!fs.existsSync("generated/sqlite/client.ts") || !fs.existsSync("generated/postgres/client.ts")) {
  step("generating Prisma clients");
  run("prisma", ["generate", "--config", "prisma.sqlite.config.ts"]);
  run("prisma", ["generate", "--config", "prisma.postgres.config.ts"]);
}

step(`migrate deploy (${pg ? "postgresql" : `sqlite ${path.relative(".", sqliteFile)}`})`);
migrateDeploy();

// Validate the environment now, with its clear messages, before anything else uses it.
try {
  await import("../app/utils/env.server");
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const { createDb } = await import("../app/utils/db.server");
const { seedIfEmpty } = await import("../prisma/seed");
const db = createDb();
try {
  if (!pg) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // readers never wait for the writer
  const { fillFoldedNames } = await import("../app/modules/auth/folded-names.server");
  const filled = await fillFoldedNames(db);
  if (filled) step(`folded ${filled} account names for the admin's search`);
  if (process.argv.includes("--no-seed")) step("not seeding (--no-seed)");
  else {
    step("seed if empty");
    step((await seedIfEmpty(db)) ? "seeded the demo province" : "database has data, not seeding");
  }
} finally {
  await db.$disconnect();
}

if (process.argv.includes("--build")) {
  const out = "build/server/index.js";
  const newest = (p: string): number => {
    if (!fs.existsSync(p)) return 0;
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return fs.readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), 0);
  };
  const srcTime = Math.max(...["app", "public", "generated", "vite.config.ts", "package.json"].map(newest));
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < srcTime) {
    step("building (build/ missing or older than the sources)");
    run("remix", ["vite:build"]);
  } else step("build is up to date");
}
step("done");
