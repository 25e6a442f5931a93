// CLI-only helpers (imported from prisma.*.config.ts, never from app code).
// They work around bugs of Prisma 6.19's experimental wasm schema engine ("engine: js").
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

type Q = { sql: string; args: unknown[] };
type Shadow = { executeRaw(q: Q): Promise<number>; executeScript(sql: string): Promise<void> };

// SQLite: the engine replays each migration.sql on the shadow DB with ONE executeRaw();
// better-sqlite3 rejects multi-statement SQL there.
function scriptAware<T extends Shadow>(shadow: T): T {
  const executeRaw = shadow.executeRaw.bind(shadow);
  shadow.executeRaw = async (q) => {
    if (q.args.length > 0) return executeRaw(q);
    await shadow.executeScript(q.sql);
    return 0;
  };
  return shadow;
}

export class MigrateBetterSQLite3 extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    return scriptAware(await super.connectToShadowDb());
  }
}

// Postgres 1: adapter-pg cannot decode catalog types (name=19, "char"=18, ...) that the engine
// reads from pg_catalog -> "Column type 'name' could not be deserialized". Report them as text.
const AS_TEXT = new Set([18, 19, 22, 24, 30, 194, 2205, 2206, 3734]);
const fixFields = (res: any) => {
  for (const r of Array.isArray(res) ? res : [res])
    for (const f of r?.fields ?? []) {
      if (AS_TEXT.has(f.dataTypeID)) f.dataTypeID = 25;
      else if (f.dataTypeID === 1003) f.dataTypeID = 1009; // name[] -> text[]
    }
  return res;
};
let patched = false;
function patchPgCatalogTypes() {
  if (patched) return;
  patched = true;
  for (const proto of [pg.Client.prototype, pg.Pool.prototype] as any[]) {
    const orig = proto.query;
    proto.query = function (this: unknown, ...args: any[]) {
      const cb = args[args.length - 1];
      if (typeof cb === "function") {
        args[args.length - 1] = (err: unknown, res: unknown) => cb(err, err ? res : fixFields(res));
        return orig.apply(this, args);
      }
      const ret = orig.apply(this, args);
      return ret && typeof ret.then === "function" ? ret.then(fixFields) : ret;
    };
  }
}

export function pgConfigFromUrl(url: string): pg.PoolConfig {
  // Discrete fields, not connectionString: the stock connectToShadowDb() only overrides
  // `database`, which a connectionString would silently win over (shadow == main DB).
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
    allowExitOnIdle: true, // don't keep the CLI alive for pg-pool's 10 s idle timeout
  };
}

// Postgres 2: the stock connectToShadowDb() drops the shadow DB before closing its pool
// ("database ... is being accessed by other users"). Close first, then DROP ... WITH (FORCE).
// Postgres 3: the wasm engine arms 10 s / 60 s setTimeout()s it never clears, so `migrate dev`
// lingers ~60 s after finishing. Unref long timers in the CLI process (config is CLI-only).
function unrefLongTimers() {
  const orig = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: (...a: any[]) => void, ms?: number, ...a: any[]) => {
    const t = orig(fn, ms, ...a);
    if ((ms ?? 0) >= 10_000) t.unref();
    return t;
  }) as typeof setTimeout;
}

export class MigratePg extends PrismaPg {
  constructor(private readonly cfg: pg.PoolConfig) {
    super(cfg);
    patchPgCatalogTypes();
    unrefLongTimers();
  }
  override async connectToShadowDb() {
    const admin = await this.connect();
    const database = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPg({ ...this.cfg, database }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}
