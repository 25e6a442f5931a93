// Online backup and checked restore of the configured database (README "Running it for a whole
// province", ADR 012). Which database: DATABASE_URL, else SQLITE_FILE (as the app and db:deploy).
//
//   npm run db:backup -- <file>    while the app serves. SQLite: SQLite's online backup API copies
//                                  every page in one read transaction (a consistent snapshot; WAL
//                                  lets the app keep writing), checked with integrity_check.
//                                  PostgreSQL: pg_dump --format=custom (its own snapshot).
//   npm run db:restore -- <file>   with the app stopped: refuses while the database is in use,
//                                  checks the copy (integrity, migrations: none unknown, pending
//                                  ones applied), then swaps it in and keeps the previous database
//                                  aside (<file>.before-restore-<time>, or <db>_prev_<time>).
//
// The last line printed is one JSON object (what was done, sizes, times) for scripts and tests.
// Exit status: 0 done, 1 failed, 2 refused (in use, or a copy this code cannot run on).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, sqliteFile } from "../prisma/db-location";
import { migrateDeploy } from "./migrate";

export class Refused extends Error {}

const stamp = (d = new Date()) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z"); // 20261124T101500Z

/** Migration directory names of an engine, oldest first. */
export function knownMigrations(engine: "sqlite" | "postgres"): string[] {
  const dir = path.resolve("prisma", engine, "migrations");
  return fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isDirectory()).sort();
}

type MigrationRow = { migration_name: string; finished_at: unknown; rolled_back_at: unknown };

/** Compares a database's _prisma_migrations with this code's: what is pending, what is unknown. */
export function migrationStatus(rows: MigrationRow[], known: string[]) {
  const failed = rows.filter((r) => r.finished_at == null && r.rolled_back_at == null).map((r) => r.migration_name);
  const applied = new Set(rows.filter((r) => r.finished_at != null && r.rolled_back_at == null).map((r) => r.migration_name));
  return {
    latest: [...applied].sort().at(-1) ?? null,
    pending: known.filter((m) => !applied.has(m)),
    unknown: [...applied].filter((m) => !known.includes(m)),
    failed,
  };
}

function checkMigrations(status: ReturnType<typeof migrationStatus>, what: string) {
  if (status.failed.length) throw new Refused(`${what} has a failed migration (${status.failed.join(", ")}); resolve it with prisma migrate resolve first`);
  if (status.unknown.length) throw new Refused(`${what} was made by a newer version of Chợ Nông (migrations ${status.unknown.join(", ")} are unknown here): deploy that version, then restore`);
}

const TABLES = ["User", "Farm", "Product", "Order", "FarmOrder", "PaymentEvent"] as const;

// ───────────────────────────── SQLite ─────────────────────────────

function sqliteSummary(conn: InstanceType<typeof Database>) {
  const integrity = (conn.prepare("PRAGMA integrity_check").all() as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  const rows: Record<string, number> = {};
  for (const t of TABLES) rows[t] = (conn.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
  const migrations = conn.prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations").all() as MigrationRow[];
  return { integrity: integrity.join("; "), rows, migrations: migrationStatus(migrations, knownMigrations("sqlite")) };
}

function fsyncDir(dir: string) {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A consistent copy of a live SQLite file; the app may keep reading and writing meanwhile. */
export async function backupSqlite(source: string, dest: string) {
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  if (fs.existsSync(dest)) throw new Refused(`${dest} exists; a backup never overwrites a file`);
  const partial = `${dest}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  const t0 = performance.now();
  const copyStartedAt = Date.now();
  const src = new Database(source, { fileMustExist: true, timeout: 10_000 });
  let pages: number;
  try {
    // One step for all pages: the copy is read in a single read transaction, so it is the
    // database as of one instant. (Several steps would restart whenever the app writes.)
    pages = (await src.backup(partial, { progress: () => 0x7fffffff })).totalPages;
  } finally {
    src.close();
  }
  const copiedMs = performance.now() - t0;
  const copyFinishedAt = Date.now();
  const copy = new Database(partial, { timeout: 10_000 });
  let summary;
  try {
    copy.pragma("journal_mode = DELETE"); // one self-contained file (the source's WAL flag is copied too)
    summary = sqliteSummary(copy);
  } finally {
    copy.close();
  }
  if (summary.integrity !== "ok") throw new Error(`the copy failed integrity_check: ${summary.integrity}`);
  fs.renameSync(partial, dest);
  fsyncDir(path.dirname(path.resolve(dest)));
  return { engine: "sqlite", file: dest, bytes: fs.statSync(dest).size, pages, copyStartedAt, copyFinishedAt, copyMs: Math.round(copiedMs), totalMs: Math.round(performance.now() - t0), ...summary };
}

/**
 * Whether another connection has the SQLite file open. In WAL mode every open connection holds a
 * shared lock on the file for as long as it is open (even idle), so an exclusive lock is only
 * granted when no app process, script or shell has it open.
 */
export function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const probe = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("COMMIT");
    probe.pragma("wal_checkpoint(TRUNCATE)"); // nobody else: fold the WAL into the file before it moves
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_BUSY") return true;
    throw e;
  } finally {
    probe.close();
  }
}

export async function restoreSqlite(backup: string, target: string, now = new Date()) {
  if (!fs.existsSync(backup)) throw new Error(`no backup at ${backup}`);
  const t0 = performance.now();
  const check = new Database(backup, { readonly: true, fileMustExist: true });
  let before;
  try {
    before = sqliteSummary(check);
  } finally {
    check.close();
  }
  if (before.integrity !== "ok") throw new Refused(`${backup} fails integrity_check: ${before.integrity}`);
  checkMigrations(before.migrations, backup);
  if (sqliteInUse(target)) throw new Refused(`${target} is in use (the app or another program has it open): stop the app first`);

  // Prepare the copy beside the target (same file system: the final rename is atomic).
  const staging = `${target}.restoring`;
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) fs.rmSync(f, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  fs.copyFileSync(backup, staging);
  if (before.migrations.pending.length) migrateDeploy(`file:${staging}`, { quiet: true });
  const conn = new Database(staging, { fileMustExist: true });
  let after;
  try {
    conn.pragma("journal_mode = WAL"); // as scripts/setup.ts leaves the app's file
    after = sqliteSummary(conn);
  } finally {
    conn.close();
  }
  if (after.integrity !== "ok" || after.migrations.pending.length) throw new Error(`the prepared copy is not usable: integrity ${after.integrity}, pending ${after.migrations.pending.join(", ")}`);

  if (sqliteInUse(target)) throw new Refused(`${target} came into use meanwhile: stop the app first`);
  let keptAside: string | null = null;
  if (fs.existsSync(target)) {
    keptAside = `${target}.before-restore-${stamp(now)}`;
    fs.renameSync(target, keptAside);
    for (const suffix of ["-wal", "-shm"]) if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, keptAside + suffix);
  }
  fs.renameSync(staging, target);
  fsyncDir(path.dirname(path.resolve(target)));
  return { engine: "sqlite", restored: target, from: backup, keptAside, appliedMigrations: before.migrations.pending, totalMs: Math.round(performance.now() - t0), ...after };
}

// ──────────────────────────── PostgreSQL ────────────────────────────

/** libpq connection settings from a DATABASE_URL: Prisma-only parameters dropped, password in env. */
export function libpq(url: string, database?: string) {
  const u = new URL(url);
  for (const p of ["schema", "connection_limit", "pool_timeout", "socket_timeout", "pgbouncer", "statement_cache_size"]) u.searchParams.delete(p);
  if (database) u.pathname = `/${database}`;
  const password = decodeURIComponent(u.password);
  u.password = ""; // not on the command line, where `ps` shows it
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }, database: decodeURIComponent(u.pathname.slice(1)), withPassword: () => { const w = new URL(u); w.password = password; return w.toString(); } };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${cmd} is not installed: install the PostgreSQL client tools of the server's major version (Debian: apt-get install postgresql-client)`);
  if (r.status !== 0) throw new Error(`${cmd} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function pgSummary(url: string) {
  return withClient(url, async (c) => {
    const rows: Record<string, number> = {};
    for (const t of TABLES) rows[t] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n;
    const migrations = (await c.query<MigrationRow>("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations")).rows;
    return { rows, migrations: migrationStatus(migrations, knownMigrations("postgres")) };
  });
}

export async function backupPostgres(databaseUrl: string, dest: string) {
  if (fs.existsSync(dest)) throw new Refused(`${dest} exists; a backup never overwrites a file`);
  const conn = libpq(databaseUrl);
  const partial = `${dest}.partial`;
  fs.rmSync(partial, { force: true });
  const t0 = performance.now();
  const copyStartedAt = Date.now();
  // pg_dump reads everything in one repeatable-read snapshot: consistent while the app writes.
  run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${conn.url}`], conn.env);
  const copyMs = performance.now() - t0;
  const copyFinishedAt = Date.now();
  const entries = run("pg_restore", ["--list", partial], conn.env).split("\n").filter((l) => /^\d+;/.test(l)).length; // the archive reads back
  fs.renameSync(partial, dest);
  fsyncDir(path.dirname(path.resolve(dest)));
  return { engine: "postgresql", file: dest, bytes: fs.statSync(dest).size, archiveEntries: entries, copyStartedAt, copyFinishedAt, copyMs: Math.round(copyMs), totalMs: Math.round(performance.now() - t0), ...(await pgSummary(conn.withPassword())) };
}

const pgIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function restorePostgres(backup: string, databaseUrl: string, now = new Date()) {
  if (!fs.existsSync(backup)) throw new Error(`no backup at ${backup}`);
  const t0 = performance.now();
  const target = libpq(databaseUrl);
  const name = target.database;
  const admin = libpq(databaseUrl, "postgres").withPassword();
  run("pg_restore", ["--list", backup], target.env); // a readable custom-format archive
  const others = () =>
    withClient(admin, async (c) => (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name])).rows[0].n);
  if ((await others()) > 0) throw new Refused(`database ${name} is in use (${await others()} connections): stop the app first`);

  // Restore into a staging database; the live one is untouched until the checked copy is ready.
  const staging = `${name.slice(0, 50)}_restoring`;
  await withClient(admin, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${pgIdent(staging)}`);
    await c.query(`CREATE DATABASE ${pgIdent(staging)}`);
  });
  const stagingConn = libpq(databaseUrl, staging);
  try {
    run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${stagingConn.url}`, backup], stagingConn.env);
    const before = await pgSummary(stagingConn.withPassword());
    checkMigrations(before.migrations, backup);
    if (before.migrations.pending.length) migrateDeploy(stagingConn.withPassword(), { quiet: true });
    const after = await pgSummary(stagingConn.withPassword());
    if (after.migrations.pending.length) throw new Error(`migrations still pending after deploy: ${after.migrations.pending.join(", ")}`);

    // Swap by renaming (a rename fails while anyone is connected: then nothing has changed).
    if ((await others()) > 0) throw new Refused(`database ${name} came into use meanwhile: stop the app first`);
    const keptAside = `${name.slice(0, 40)}_prev_${stamp(now).toLowerCase()}`;
    const exists = await withClient(admin, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
    await withClient(admin, async (c) => {
      if (exists) await c.query(`ALTER DATABASE ${pgIdent(name)} RENAME TO ${pgIdent(keptAside)}`);
      await c.query(`ALTER DATABASE ${pgIdent(staging)} RENAME TO ${pgIdent(name)}`);
    });
    return { engine: "postgresql", restored: name, from: backup, keptAside: exists ? keptAside : null, appliedMigrations: before.migrations.pending, totalMs: Math.round(performance.now() - t0), integrity: "ok", ...after };
  } catch (e) {
    await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${pgIdent(staging)} WITH (FORCE)`)).catch(() => {});
    throw e;
  }
}

// ─────────────────────────────── CLI ───────────────────────────────

async function main(command: string | undefined, file: string | undefined) {
  if ((command !== "backup" && command !== "restore") || !file) {
    console.error("usage: npm run db:backup -- <file>   |   npm run db:restore -- <file>");
    return 1;
  }
  const url = process.env.DATABASE_URL;
  const pgUrl = isPostgresUrl(url) ? url! : null;
  const sqlite = url?.startsWith("file:") ? path.resolve(url.slice("file:".length)) : sqliteFile;
  const name = pgUrl ? libpq(pgUrl).database : sqlite;
  try {
    if (command === "backup") {
      const report = pgUrl ? await backupPostgres(pgUrl, file) : await backupSqlite(sqlite, file);
      console.log(`backed up ${name} to ${file}: ${(report.bytes / 1e6).toFixed(1)} MB in ${report.totalMs} ms`);
      console.log(JSON.stringify(report));
    } else {
      const report = pgUrl ? await restorePostgres(file, pgUrl) : await restoreSqlite(file, sqlite);
      console.log(`restored ${file} into ${name}; the previous database is kept as ${report.keptAside ?? "(there was none)"}`);
      console.log(JSON.stringify(report));
    }
    return 0;
  } catch (e) {
    console.error(`db:${command}: ${(e as Error).message}`);
    console.log(JSON.stringify({ ok: false, refused: e instanceof Refused, error: (e as Error).message }));
    return e instanceof Refused ? 2 : 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("scripts/backup.ts")) {
  process.exitCode = await main(process.argv[2], process.argv[3]);
}
