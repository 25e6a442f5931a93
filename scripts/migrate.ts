// Applies the migrations of the configured engine, offline (prisma migrate deploy with the wasm
// schema engine, see ADR 002). Usable alone: `npm run db:deploy`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isPostgresUrl, sqliteFile } from "../prisma/db-location";

export function migrateDeploy(databaseUrl = process.env.DATABASE_URL, opts: { quiet?: boolean } = {}): void {
  const pg = isPostgresUrl(databaseUrl);
  const env = { ...process.env };
  if (pg) env.DATABASE_URL = databaseUrl;
  else {
    const file = databaseUrl?.startsWith("file:") ? databaseUrl.slice(5) : sqliteFile;
    env.SQLITE_FILE = file;
    delete env.DATABASE_URL;
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const r = spawnSync(
    path.resolve("node_modules/.bin/prisma"),
    ["migrate", "deploy", "--config", pg ? "prisma.postgres.config.ts" : "prisma.sqlite.config.ts"],
    { env, stdio: opts.quiet ? "pipe" : "inherit", encoding: "utf8" },
  );
  if (r.status !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${r.status})\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("scripts/migrate.ts")) {
  migrateDeploy();
}
