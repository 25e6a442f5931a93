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

export function createDb(url = process.env.DATABASE_URL): Db {
  if (isPostgresUrl(url)) {
    const client = new PgClient({ adapter: new PrismaPg({ connectionString: url! }) });
    return watchCatalogWrites(client as unknown as Db); // sound because of prisma/engine-parity.ts (checked by tsc)
  }
  const file = url?.startsWith("file:") ? url.slice("file:".length) : sqliteFile;
  // busy timeout: a writer waits for another process's write lock instead of failing at once.
  return watchCatalogWrites(new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }) }));
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
