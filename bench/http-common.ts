// What bench/http.ts and bench/http-mix.ts share: the options, a fresh data directory (or a fresh
// PostgreSQL database with --pg), the production server on 127.0.0.1, and stopping it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshPostgresDatabase } from "./pg-database";

export const argv = process.argv.slice(2);
export const opt = (name: string, fallback: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
export const flag = (name: string) => argv.includes(`--${name}`);

export type Bench = { base: string; env: NodeJS.ProcessEnv; dir: string; cleanup: () => Promise<void> };

/** A data directory (SQLite) or, with --pg, a fresh PostgreSQL database; the server's environment. */
export async function benchEnvironment({ port, processes, extra = {} }: { port: number; processes: number; extra?: Record<string, string> }): Promise<Bench> {
  const base = `http://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-bench-http-"));
  const cleanups: Array<() => Promise<void> | void> = [() => fs.rmSync(dir, { recursive: true, force: true })];
  let databaseUrl = process.env.DATABASE_URL ?? "";
  if (flag("pg")) {
    const fresh = await freshPostgresDatabase("cho_nong_bench_http");
    cleanups.push(fresh.drop);
    databaseUrl = fresh.url;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: databaseUrl,
    SQLITE_FILE: databaseUrl ? "" : path.join(dir, "app.db"),
    MEDIA_DIR: path.join(dir, "media"),
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: base,
    HOUSEKEEPING_INTERVAL_MS: "0",
    WEB_CONCURRENCY: String(processes),
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === "") delete env[k];
  return { base, env, dir, cleanup: async () => { for (const c of cleanups.reverse()) await c(); } };
}

export function sh(env: NodeJS.ProcessEnv, cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

export async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("server exited");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

export async function startServer(b: Bench, args: string[] = []): Promise<ChildProcess> {
  const server = spawn(process.execPath, [...args, "server.js"], { env: b.env, stdio: ["ignore", "ignore", "inherit"] });
  await waitFor(`${b.base}/resources/healthcheck`, server);
  return server;
}

export async function stopServer(server: ChildProcess | undefined) {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}
