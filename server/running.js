// "Is Chợ Nông running on this data?" — asked by `npm run demo:reset`, which must not pull the
// database out from under a running app. The server (server.js, or the dev server through its Vite
// plugin) writes `app.pid` next to the SQLite file when it starts listening and removes it when it
// exits; a file left by a crash names a process that no longer exists and is ignored.
import fs from "node:fs";
import path from "node:path";

/**
 * The SQLite file the app uses with this environment (DATABASE_URL=file:…, else SQLITE_FILE).
 * @param {Record<string, string | undefined>} [env]
 */
export function sqlitePath(env = process.env) {
  const url = env.DATABASE_URL;
  return path.resolve(url?.startsWith("file:") ? url.slice("file:".length) : (env.SQLITE_FILE ?? "data/app.db"));
}

/**
 * Where the marker of the app using this data lives: beside the SQLite file (default data/).
 * @param {Record<string, string | undefined>} [env]
 */
export function runningFile(env = process.env) {
  return path.join(path.dirname(sqlitePath(env)), "app.pid");
}

/**
 * Records that this process serves the app on `port`, until it exits.
 * @param {{ port: number, file?: string }} options
 */
export function markRunning({ port, file = runningFile() }) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, port, since: new Date().toISOString() }) + "\n");
  process.on("exit", () => {
    try {
      // only our own marker: another start may have replaced it
      if (JSON.parse(fs.readFileSync(file, "utf8")).pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  });
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0); // signal 0: asks whether it exists, sends nothing
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM"; // exists, someone else's
  }
}

/**
 * The app process recorded in `file` if it is still alive, else null.
 * @returns {{ pid: number, port: number, since: string } | null}
 */
export function runningApp(file = runningFile()) {
  let marker;
  try {
    marker = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  return Number.isInteger(marker?.pid) && marker.pid !== process.pid && alive(marker.pid) ? marker : null;
}
