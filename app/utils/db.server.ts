// One typed Prisma client for the app, whichever engine is configured (ADR 002):
//   DATABASE_URL=postgresql://…  -> PostgreSQL (generated/postgres + @prisma/adapter-pg)
//   otherwise                    -> SQLite file (generated/sqlite + better-sqlite3)
// The app is typed against the SQLite client, the lowest common denominator, so code that
// type-checks runs on both engines; prisma/engine-parity.ts proves the cast below sound.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/client";
import { PrismaClient as PgClient } from "../../generated/postgres/client";
import { isPostgresUrl, sqliteFile } from "../../prisma/db-location";
import { bumpCatalogVersion } from "./cache.server";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbEngine = "sqlite" | "postgresql";
export { Prisma } from "../../generated/sqlite/client";

export function engineFor(url = process.env.DATABASE_URL): DbEngine {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

// Tables whose content the storefront shows: a write to any of them invalidates this process's
// catalog cache (cache.server.ts), wherever in the code it happens.
const CATALOG_MODELS = new Set(["Product", "ProductImage", "Farm", "FarmImage", "Certification", "Category", "Media", "AdminUnit"]);
const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);

function watchCatalogWrites(client: SqliteClient): Db {
  return client.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const result = await query(args);
          if (CATALOG_MODELS.has(model) && WRITES.has(operation)) bumpCatalogVersion();
          return result;
        },
      },
    },
  }) as unknown as Db;
}

const sqliteFileFor = (url: string | undefined) => (url?.startsWith("file:") ? url.slice("file:".length) : sqliteFile);

export function createDb(url = process.env.DATABASE_URL): Db {
  if (isPostgresUrl(url)) {
    const client = new PgClient({ adapter: new PrismaPg({ connectionString: url! }) });
    return watchCatalogWrites(client as unknown as Db); // sound because of prisma/engine-parity.ts (checked by tsc)
  }
  const file = sqliteFileFor(url);
  // busy timeout: a writer waits for another process's write lock instead of failing at once.
  return watchCatalogWrites(new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }) }));
}

declare global {
  var __db: Db | undefined;
}
/** The process-wide client (survives Vite HMR re-imports). */
export const db: Db = (globalThis.__db ??= createDb());

// Plain SQL for the few reads every request makes (the session, the header's cart count, the
// cart being added to). Through Prisma on PostgreSQL. On SQLite, straight to a second
// better-sqlite3 connection of the same file, each statement prepared once: measured ~2 µs a
// query against ~85 µs through Prisma's query pipeline, which was ~10 % of a signed-in page's CPU
// (ADR 013). Reads only (`query_only`) and never inside a transaction: in WAL mode each statement
// sees everything committed before it, as on the app's own connection.
type SqlValue = string | number | null;
type Reader = { statements: Map<string, Database.Statement>; connection: Database.Database };
declare global {
  var __dbReader: Reader | null | undefined;
}
function reader(): Reader | null {
  if (globalThis.__dbReader !== undefined) return globalThis.__dbReader;
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) return (globalThis.__dbReader = null);
  const connection = new Database(sqliteFileFor(url), { fileMustExist: true, timeout: 5000 });
  connection.pragma("query_only = ON");
  return (globalThis.__dbReader = { statements: new Map(), connection });
}

/** Rows of a read-only SQL statement (a tagged template: values become parameters, never SQL text). */
export function hotRead<T>(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<T[]> {
  if (!/^\s*SELECT\s/i.test(strings[0])) return Promise.reject(new Error("hotRead runs SELECT statements only"));
  const r = reader();
  if (!r) return db.$queryRaw<T[]>(strings, ...values);
  const sql = strings.join("?");
  try {
    let statement = r.statements.get(sql);
    if (!statement) r.statements.set(sql, (statement = r.connection.prepare(sql)));
    return Promise.resolve(statement.all(...values) as T[]);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Graceful shutdown (server.js, after the last request): close the SQLite file or the pool. */
export async function disconnectDb(): Promise<void> {
  // both connections: SQLite folds the WAL into the file when the last one closes
  globalThis.__dbReader?.connection.close();
  globalThis.__dbReader = undefined;
  await db.$disconnect();
}
