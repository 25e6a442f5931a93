// Production server: Express + Remix, with compression, long-lived caching for fingerprinted
// assets, the client's IP in the load context (rate limits) and a graceful shutdown.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

// React and Remix pick their production code paths from NODE_ENV, read when the build is imported.
process.env.NODE_ENV ??= "production";

let build;
try {
  build = await import("./build/server/index.js");
} catch (error) {
  // Most often: the environment failed validation (env.server.ts names the variable).
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const trustProxy = process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";

const app = express();
app.disable("x-powered-by");
if (trustProxy) app.set("trust proxy", true);
app.use(compression());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
  }),
);

// Reservation expiry, refund retries and e-mail, on a timer in every process (idempotent).
const housekeeping = build.entry.module.startHousekeeping?.();

const server = app.listen(port, host, () => {
  const shown = host === "0.0.0.0" ? "localhost" : host;
  console.log(`Chợ Nông is listening on http://${shown}:${port}`);
});

// SIGTERM (orchestrators) / SIGINT (Ctrl-C): stop accepting connections at once, let in-flight
// requests finish (each keep-alive connection is closed as soon as it is idle), stop the
// housekeeping timer and wait for a run in progress, then disconnect the database. After
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
