// Before a test file's imports run: a fresh database of this project's engine, and DATABASE_URL
// pointing at it, so the app's own `db` (app/utils/db.server.ts) is what the tests exercise.
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { dropPgDatabase, pgAdmin, pgUrlFor } from "./db-admin";

const engine = process.env.TEST_DB_ENGINE;
const template = inject("templateDb");
const suffix = `${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
process.env.MEDIA_DIR = path.join(inject("mediaRoot"), suffix);

let cleanup: () => Promise<void>;
if (engine === "postgresql") {
  const name = `cho_nong_t_${suffix}`;
  await pgAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  process.env.DATABASE_URL = pgUrlFor(name);
  cleanup = () => dropPgDatabase(name);
} else {
  const file = path.join(path.dirname(template), `t_${suffix}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
  cleanup = async () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  };
}
// a worker process runs several test files: nothing of the previous file's database may remain
const closeReader = () => {
  globalThis.__dbReader?.connection.close(); // hotRead's connection (db.server.ts)
  delete globalThis.__dbReader;
};
closeReader();
delete globalThis.__db;

afterAll(async () => {
  // background sends a test started (deliverSoon after a commit) finish before the database goes
  const { stopDelivering } = await import("~/modules/notifications/deliver.server");
  await stopDelivering();
  closeReader();
  await globalThis.__db?.$disconnect();
  delete globalThis.__db;
  await cleanup();
});
