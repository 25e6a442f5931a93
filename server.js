// Production server: Express + Remix, with security headers, the same-origin check and bounded
// request bodies on every request (ADR 011), compression, long-lived caching for fingerprinted
// assets, the client's IP in the load context (rate limits) and a graceful shutdown.
import { createRequestHandler } from "@remix-run/express";
import cluster from "node:cluster";
import compression from "compression";
import express from "express";
import fs from "node:fs";
import expressStaticGzip from "express-static-gzip";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";
import { pageCache } from "./server/page-cache.js";
import { markRunning } from "./server/running.js";

// React and Remix pick their production code paths from NODE_ENV, read when the build is imported.
process.env.NODE_ENV ??= "production";

// WEB_CONCURRENCY=N (N > 1): this process only starts N worker processes, which share the port
// (the operating system hands connections out in turn); each serves requests as below, with its
// own caches and housekeeping timer, exactly like separate machines behind a load balancer. A
// worker that dies is replaced; SIGTERM/SIGINT is passed to every worker, which finish their
// requests, and this process exits when they have (0 if they all shut down cleanly).
const workers = Number(process.env.WEB_CONCURRENCY || 1);
if (cluster.isPrimary && workers > 1) {
  await runPrimary(workers);
} else {
  await runServer();
}

/** @param {number} count */
async function runPrimary(count) {
  let closing = false;
  let failed = false;
  const fork = () => cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (closing) {
      if (code !== 0) failed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000).unref(); // not in a tight loop if it cannot start at all
  });
  /** @param {NodeJS.Signals} signal */
  const stop = (signal) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping ${count} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  markRunning({ port: Number(process.env.PORT || 3000) }); // for `npm run demo:reset` (server/running.js)
  for (let i = 0; i < count; i++) fork();
}

async function runServer() {
  // Tests build into a directory of their own (tests/integration/http-server.test.ts).
  const buildDir = path.resolve(process.env.REMIX_BUILD_DIRECTORY || "build");

  let build;
  try {
    build = await import(pathToFileURL(path.join(buildDir, "server/index.js")).href);
  } catch (error) {
    // Most often: the environment failed validation (env.server.ts names the variable).
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }

  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || "0.0.0.0";
  // From the build, so that they share the app's validated environment and typed, tested code.
  const { securityMiddleware, bodyLimitMiddleware, cacheTimingMiddleware, errorMiddleware, trustProxy } = build.entry.module;

  const app = express();
  app.disable("x-powered-by");
  // TRUST_PROXY=n: n proxies in front, so the client's address is the one the nearest proxy saw,
  // the n-th X-Forwarded-For entry from the right; what a client writes further left is ignored.
  // (`true` would take the leftmost entry, which the client chooses: never.)
  if (process.env.TRUST_PROXY === "true") {
    console.warn("TRUST_PROXY=true is read as TRUST_PROXY=1 (one proxy in front); set the number of proxies instead");
  }
  if (trustProxy > 0) app.set("trust proxy", trustProxy);
  // First: headers (with this request's CSP nonce) on every response, static files included, and
  // any request that may change something refused unless it comes from our own pages.
  app.use(securityMiddleware());
  // Then request bodies: over the limit of their kind of route (BODY_LIMIT_*), 413 before anything
  // reads them; chunked ones counted as they arrive.
  app.use(bodyLimitMiddleware());
  // each request's cache hits and time in its Server-Timing header (app/utils/cache-stats.server.ts)
  app.use(cacheTimingMiddleware());
  // Dynamic responses (pages, data) are compressed per response (each carries its own CSP nonce),
  // brotli at COMPRESSION_BROTLI_QUALITY (default 4, the package's). Measured by bench:http --mix
  // (ADR 015): quality 1 serves 30% more pages per second but sends 50% more bytes (7.9 against
  // 5.3 KB a page); on one bar of signal the bytes cost the buyer more than the CPU costs us.
  const brotliQuality = Math.min(11, Math.max(0, Number(process.env.COMPRESSION_BROTLI_QUALITY || 4)));
  app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality } } }));
  // The build wrote .br and .gz beside each asset (vite.config.ts): served as they are, brotli first.
  const precompressed = (dir, serveStatic) => expressStaticGzip(dir, { enableBrotli: true, orderPreference: ["br", "gzip"], index: false, serveStatic });
  app.use("/assets", precompressed(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  // The few files of public/ (favicon, manifest) by their exact paths: a page request does not
  // ask the file system for a file first (one stat per request saved).
  const clientDir = path.join(buildDir, "client");
  const publicFiles = new Set(
    fs.readdirSync(clientDir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && !/\.(br|gz)$/.test(f.name))
      .map((f) => "/" + path.relative(clientDir, path.join(f.parentPath, f.name)).split(path.sep).join("/"))
      .filter((p) => !p.startsWith("/assets/")),
  );
  const publicStatic = precompressed(clientDir, { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));
  // Anonymous visitors of public storefront pages share a few seconds' rendering (PAGE_CACHE_MS).
  const publicPages = pageCache();
  globalThis.__pageCache = publicPages; // its counters and purge, for /admin (cache-stats.server.ts)
  app.use(publicPages);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown", cspNonce: res.locals.cspNonce }),
    }),
  );
  app.use(errorMiddleware());

  // Reservation expiry, refund retries and e-mail, on a timer in every process (idempotent).
  const housekeeping = build.entry.module.startHousekeeping?.();

  const server = app.listen(port, host, () => {
    const shown = host === "0.0.0.0" ? "localhost" : host;
    console.log(`Chợ Nông is listening on http://${shown}:${port}`);
    if (cluster.isPrimary) markRunning({ port }); // for `npm run demo:reset` (server/running.js)
  });

  // SIGTERM (orchestrators) / SIGINT (Ctrl-C): stop accepting connections at once, let in-flight
  // requests finish (each keep-alive connection is closed as soon as it is idle), stop the
  // housekeeping timer and wait for a run in progress and for e-mail that requests started
  // sending, then disconnect the database. After
  // SHUTDOWN_TIMEOUT_MS (default 25 s, under Kubernetes' 30 s grace period) the process exits anyway;
  // checkout is one transaction, so an interrupted one leaves nothing behind.
  const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 25_000);
  let closing = false;
  function shutdown(signal) {
    if (closing) return;
    closing = true;
    const housekeepingStopped = housekeeping?.stop();
    setTimeout(() => {
      console.error(`shutdown: requests still running after ${shutdownTimeoutMs} ms, exiting`);
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(async () => {
      clearInterval(idle);
      try {
        await housekeepingStopped;
        await build.entry.module.disconnectDb?.();
        console.log("shutdown: requests finished, housekeeping stopped, database disconnected");
        process.exit(0);
      } catch (error) {
        console.error("shutdown:", error instanceof Error ? error.message : error);
        process.exit(1);
      }
    });
    server.closeIdleConnections();
    console.log(`${signal}: not accepting connections; closing after in-flight requests`);
  }
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
