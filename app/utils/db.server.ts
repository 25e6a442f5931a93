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
import { bumpCatalogVersion, catalogVersion } from "./cache.server";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbEngine = "sqlite" | "postgresql";
export { Prisma } from "../../generated/sqlite/client";

export function engineFor(url = process.env.DATABASE_URL): DbEngine {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

// Tables whose content the storefront shows: a write to any of them invalidates this process's
// catalog cache (cache.server.ts), wherever in the code it happens.
const CATALOG_MODELS = new Set(["Product", "ProductImage", "Farm", "FarmImage", "Certification", "Category", "Media", "AdminUnit", "SellerIdentity"]);
const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);

/**
 * A write of a product's stock alone (checkout's reservation, a cancellation returning stock, a
 * farm's stock edit) does not drop the catalog cache: live stock is read outside it (product page,
 * cart), and every order flushing every cached page made the cache useless under real traffic
 * (bench:http --mix: 46% hits with stock flushes, ADR 015). Cached lists may show an "in stock"
 * that changed, for at most CATALOG_CACHE_MS, as in other processes already.
 */
function isStockOnly(model: string, operation: string, args: unknown): boolean {
  if (model !== "Product" || (operation !== "update" && operation !== "updateMany")) return false;
  const data = (args as { data?: Record<string, unknown> } | undefined)?.data;
  return !!data && Object.keys(data).length > 0 && Object.keys(data).every((k) => k === "stockMilli");
}

function watchCatalogWrites(client: SqliteClient): Db {
  return client.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const result = await query(args);
          if (CATALOG_MODELS.has(model) && WRITES.has(operation) && !isStockOnly(model, operation, args)) bumpCatalogVersion();
          return result;
        },
      },
    },
  }) as unknown as Db;
}

/**
 * A write inside a transaction bumps the version before the transaction commits; a request reading
 * between that bump and the commit (PostgreSQL: another connection) would cache the old rows under
 * the new version. So a transaction that wrote catalog rows bumps again once it has settled: what
 * was cached in between is dropped (ADR 013).
 */
function bumpAfterTransactions(client: Db): Db {
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const wrapped = async (...args: unknown[]) => {
    const before = catalogVersion();
    try {
      return await transaction(...args);
    } finally {
      if (catalogVersion() !== before) bumpCatalogVersion();
    }
  };
  return new Proxy(client, { get: (target, prop, receiver) => (prop === "$transaction" ? wrapped : Reflect.get(target, prop, receiver)) });
}

const sqliteFileFor = (url: string | undefined) => (url?.startsWith("file:") ? url.slice("file:".length) : sqliteFile);

export function createDb(url = process.env.DATABASE_URL): Db {
  if (isPostgresUrl(url)) {
    const client = new PgClient({ adapter: new PrismaPg({ connectionString: url! }) });
    return bumpAfterTransactions(watchCatalogWrites(client as unknown as Db)); // sound because of prisma/engine-parity.ts (checked by tsc)
  }
  const file = sqliteFileFor(url);
  // busy timeout: a writer waits for another process's write lock instead of failing at once.
  const factory = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
  // the connection Prisma opens, kept for hotExecute (the same connection, so the same order of writes)
  let connection: SqliteConnection | undefined;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const opened = await connect();
    // closed by $disconnect: forgotten, so hotExecute goes through Prisma (which reconnects)
    const dispose = opened.dispose.bind(opened);
    opened.dispose = () => {
      if (connection === opened) connection = undefined;
      return dispose();
    };
    return (connection = opened);
  };
  const client = bumpAfterTransactions(watchCatalogWrites(new SqliteClient({ adapter: factory })));
  sqliteConnections.set(client, () => connection);
  return client;
}

// Prisma's SQLite connection (its driver adapter), as hotExecute uses it.
type SqliteConnection = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
const sqliteConnections = new WeakMap<Db, () => SqliteConnection | undefined>();

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

// One hot write, add to cart, as plain SQL: through Prisma a parameterised statement is planned by
// its query compiler on every call (measured 272 µs against 32 µs straight to the driver adapter,
// ~15 % of an add-to-cart request; ADR 013). On SQLite it goes to the adapter Prisma itself opened:
// the same connection, and it waits while another request's transaction is open on it
// (patches/@prisma+adapter-better-sqlite3). Through Prisma on PostgreSQL. A failing statement
// rejects with the driver's error on SQLite (a DriverAdapterError), Prisma's on PostgreSQL.
const ANY_TYPE = { scalarType: "unknown", arity: "scalar" } as const;

/** Runs one INSERT/UPDATE/DELETE (a tagged template: values become parameters); the number of rows it changed. */
export function hotExecute(strings: TemplateStringsArray, ...values: Array<SqlValue | Date>): Promise<number> {
  if (!/^\s*(INSERT|UPDATE|DELETE)\s/i.test(strings[0])) return Promise.reject(new Error("hotExecute runs INSERT, UPDATE or DELETE statements only"));
  const connection = sqliteConnections.get(db)?.();
  if (!connection) return db.$executeRaw(strings, ...values);
  return connection.executeRaw({ sql: strings.join("?"), args: values, argTypes: values.map(() => ANY_TYPE) });
}

/** Graceful shutdown (server.js, after the last request): close the SQLite file or the pool. */
export async function disconnectDb(): Promise<void> {
  // both connections: SQLite folds the WAL into the file when the last one closes
  globalThis.__dbReader?.connection.close();
  globalThis.__dbReader = undefined;
  await db.$disconnect();
}
