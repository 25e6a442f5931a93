// One typed Prisma client for the app, whichever engine is configured (ADR 002):
//   DATABASE_URL=postgresql://…  -> PostgreSQL (generated/postgres + @prisma/adapter-pg)
//   otherwise                    -> SQLite file (generated/sqlite + better-sqlite3)
// The app is typed against the SQLite client, the lowest common denominator, so code that
// type-checks runs on both engines; prisma/engine-parity.ts proves the cast below sound.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/client";
import { PrismaClient as PgClient } from "../../generated/postgres/client";
import { isPostgresUrl, sqliteFile } from "../../prisma/db-location";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbEngine = "sqlite" | "postgresql";
export { Prisma } from "../../generated/sqlite/client";

export function engineFor(url = process.env.DATABASE_URL): DbEngine {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

export function createDb(url = process.env.DATABASE_URL): Db {
  if (isPostgresUrl(url)) {
    const client = new PgClient({ adapter: new PrismaPg({ connectionString: url! }) });
    return client as unknown as Db; // sound because of prisma/engine-parity.ts (checked by tsc)
  }
  const file = url?.startsWith("file:") ? url.slice("file:".length) : sqliteFile;
  // busy timeout: a writer waits for another process's write lock instead of failing at once.
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }) });
}

declare global {
  var __db: Db | undefined;
}
/** The process-wide client (survives Vite HMR re-imports). */
export const db: Db = (globalThis.__db ??= createDb());

/** Graceful shutdown (server.js, after the last request): close the SQLite file or the pool. */
export async function disconnectDb(): Promise<void> {
  await db.$disconnect();
}
