// The production server as a child process: `node server.js` on the build of `npm run build`, on
// this test file's database (tests/setup/per-file-db.ts), on a free port of 3500–3599. Every
// process started here is killed by its pid when the file ends, also when a test failed; nothing
// else is ever signalled.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

export const engine = process.env.TEST_DB_ENGINE === "postgresql" ? "postgresql" : "sqlite";
export const databaseUrl = process.env.DATABASE_URL!;
/** The SQLite file of this test file (null on PostgreSQL). */
export const sqliteFile = engine === "sqlite" ? databaseUrl.slice("file:".length) : null;

const ROOT = process.cwd();
const BUILD = path.join(ROOT, "build/server/index.js");

/** Fails with the command to run when the production build is missing or older than the sources. */
export function requireFreshBuild(): void {
  if (!fs.existsSync(BUILD)) throw new Error("tests/system need the production build: run `npm run build` first (npm test does)");
  const newest = (p: string): number => {
    if (!fs.existsSync(p)) return 0;
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return fs.readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), 0);
  };
  const sources = Math.max(...["app", "public", "generated", "vite.config.ts"].map((p) => newest(path.join(ROOT, p))));
  if (fs.statSync(BUILD).mtimeMs < sources) throw new Error("build/ is older than app/: run `npm run build` first (npm test does)");
}

// Ports 3500–3599, a quarter per vitest worker so that parallel files rarely try the same one.
const poolId = Number(process.env.VITEST_POOL_ID ?? 1);
const slice = { from: 3500 + ((poolId - 1) % 4) * 25, size: 25 };
const handedOut = new Set<number>();

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer().once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const start = Math.floor(Math.random() * slice.size);
  for (let i = 0; i < slice.size; i++) {
    const port = slice.from + ((start + i) % slice.size);
    if (!handedOut.has(port) && (await portIsFree(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${slice.from}–${slice.from + slice.size - 1}`);
}

export type AppServer = {
  name: string;
  port: number;
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning: () => boolean;
};

const started = new Set<AppServer>();

export type ServerOptions = {
  name?: string;
  port?: number;
  /** The site's address as buyers see it (several processes behind one load balancer share it). */
  publicUrl?: string;
  housekeepingMs?: number;
  env?: Record<string, string>;
};

/** Starts `node server.js` and resolves once /resources/healthcheck answers 200. */
export async function startServer(opts: ServerOptions = {}): Promise<AppServer> {
  requireFreshBuild();
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await spawnServer(port, opts);
    } catch (e) {
      // another process took the port between the probe and the listen: try another one
      if (attempt < 4 && !opts.port && /EADDRINUSE/.test((e as Error).message)) continue;
      throw e;
    }
  }
}

const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-system-media-"));

async function spawnServer(port: number, opts: ServerOptions): Promise<AppServer> {
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? os.tmpdir(),
    TMPDIR: os.tmpdir(),
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: opts.publicUrl ?? url,
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: mediaRoot,
    // behind a "load balancer": each simulated buyer has an address of its own (X-Forwarded-For)
    TRUST_PROXY: "1",
    HOUSEKEEPING_INTERVAL_MS: String(opts.housekeepingMs ?? 0),
    ...opts.env,
  };
  const child = spawn(process.execPath, ["server.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const server: AppServer = {
    name: opts.name ?? `server:${port}`,
    port,
    url,
    pid: child.pid!,
    child,
    output: () => out,
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
  };
  started.add(server);
  void exited.then(() => started.delete(server));

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!server.isRunning()) throw new Error(`${server.name} exited while starting:\n${out}`);
    const status = await request(url, "/resources/healthcheck", { timeoutMs: 1000 }).then((r) => r.status, () => 0);
    if (status === 200) return server;
    await sleep(100);
  }
  killNow(server);
  throw new Error(`${server.name} did not answer /resources/healthcheck within 30 s:\n${out}`);
}

function killNow(server: AppServer) {
  if (server.isRunning()) process.kill(server.pid, "SIGKILL");
}

/** kill -9: the process gets no chance to finish anything. */
export async function crash(server: AppServer): Promise<void> {
  killNow(server);
  await server.exited;
}

/** SIGTERM, as an orchestrator stops a process; resolves with how it exited. */
export async function terminate(server: AppServer, timeoutMs = 20_000) {
  process.kill(server.pid, "SIGTERM");
  const timer = sleep(timeoutMs).then(() => null);
  const result = await Promise.race([server.exited, timer]);
  if (!result) {
    killNow(server);
    throw new Error(`${server.name} was still running ${timeoutMs} ms after SIGTERM:\n${server.output()}`);
  }
  return result;
}

afterAll(async () => {
  for (const s of [...started]) killNow(s);
  await Promise.all([...started].map((s) => s.exited));
  fs.rmSync(mediaRoot, { recursive: true, force: true });
});
// last resort if the worker itself goes away: our own children only, by pid
process.once("exit", () => {
  for (const s of started) if (s.isRunning()) process.kill(s.pid, "SIGKILL");
});

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type HttpResult = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One HTTP request on a connection of its own (no pooled socket survives a killed server).
 * Rejects on a connection error (refused, reset) — what a buyer sees when the server dies.
 */
export function request(
  base: string,
  pathname: string,
  { method = "GET", headers = {}, body, timeoutMs = 30_000, agent = false }: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number; agent?: http.Agent | false } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(pathname, base), { method, headers: { ...(body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {}), ...headers }, agent, timeout: timeoutMs }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A form POST as a browser sends it from our own page (Origin: the site's public address), passed
 * on by a load balancer: X-Forwarded-For the buyer's address, X-Forwarded-Host the public host
 * (Remix refuses an action whose Origin matches neither Host nor X-Forwarded-Host).
 */
export function postForm(server: { url: string }, pathname: string, fields: Record<string, string>, { cookie, ip, origin }: { cookie?: string; ip?: string; origin: string }) {
  return request(server.url, pathname, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: origin,
      "X-Forwarded-Host": new URL(origin).host,
      ...(cookie ? { Cookie: cookie } : {}),
      ...(ip ? { "X-Forwarded-For": ip } : {}),
    },
  });
}
