// Multi-row INSERT for seeding and benchmarks, where Prisma's createMany (about 10,000 rows/s
// through the driver adapters here) would dominate start-up. Values go as bound parameters, so the
// adapters store them exactly as Prisma itself would (DateTime as ISO-8601 text on SQLite,
// timestamp on PostgreSQL; booleans as 0/1 on SQLite). Only for trusted, generated rows: table and
// column names are interpolated.
import type { Db, DbEngine } from "../app/utils/db.server";
import { isPostgresUrl } from "./db-location";

const MAX_PARAMS = 30_000; // under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters

/** The engine of this client (the seed test seeds a SQLite file while DATABASE_URL names PostgreSQL). */
export function engineOf(db: Db): DbEngine {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider === "postgresql" || provider === "sqlite") return provider;
  return isPostgresUrl(process.env.DATABASE_URL) ? "postgresql" : "sqlite";
}

export async function bulkInsert<T extends Record<string, unknown>>(db: Db, table: string, rows: readonly T[], engine = engineOf(db)): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const args: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = columns.map((c) => {
        const v = row[c];
        args.push(engine === "sqlite" && typeof v === "boolean" ? (v ? 1 : 0) : v === undefined ? null : v);
        return engine === "postgresql" ? `$${args.length}` : "?";
      });
      return `(${marks.join(", ")})`;
    });
    await db.$executeRawUnsafe(head + tuples.join(", "), ...args);
  }
}
