// The per-engine harness of the database benches: each engine measured in a process of its own
// (the app's modules bind one database client per process), on a fresh migrated database that is
// removed afterwards. The child prints its figures as one JSON line last; the parent echoes the
// rest and collects those lines.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrateDeploy } from "../scripts/migrate";

export type Engine = "sqlite" | "postgresql";
const PG_ADMIN = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** `--engine sqlite|postgresql` when this process is a child, else null. */
export function childEngine(): Engine | null {
  const i = process.argv.indexOf("--engine");
  const e = i === -1 ? null : process.argv[i + 1];
  return e === "sqlite" || e === "postgresql" ? e : null;
}

/** In a child: a fresh migrated database of `engine`, `run` on its URL, its result printed as JSON. */
export async function benchOnFreshDatabase(engine: Engine, label: string, run: (engine: Engine, url: string) => Promise<unknown>): Promise<void> {
  if (engine === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cho-nong-bench-${label}-`));
    const url = `file:${path.join(dir, "bench.db")}`;
    migrateDeploy(url, { quiet: true });
    try {
      console.log(JSON.stringify(await run(engine, url)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const name = `cho_nong_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  try {
    migrateDeploy(u.toString(), { quiet: true });
    console.log(JSON.stringify(await run(engine, u.toString())));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/** In the parent: `script` once per engine as a child with `args`; each child's JSON result by engine. */
export function eachEngineInItsOwnProcess(script: string, args: string[]): Record<Engine, unknown> {
  const results = {} as Record<Engine, unknown>;
  for (const e of ["sqlite", "postgresql"] as const) {
    const r = spawnSync(process.execPath, ["--import", "tsx", script, "--engine", e, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
    const lines = r.stdout.trim().split("\n");
    for (const l of lines.slice(0, -1)) console.log(l);
    if (r.status !== 0) process.exit(r.status ?? 1);
    results[e] = JSON.parse(lines.at(-1)!);
  }
  return results;
}
