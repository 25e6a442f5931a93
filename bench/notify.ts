// bench/notify: the notification outbox (app/modules/notifications, ADR 014) under load, against
// the local fakes of the providers' real HTTP APIs (tests/fakes: Zalo ZNS + OAuth, eSMS, a Web
// Push service that decrypts and checks VAPID).
//
// 10,000 new-order events go through the real path, each in its own transaction
// (recordOrderEvent → announceOrderEvent → notify: one Notification and its first
// NotificationDelivery per farm member), started at a steady rate, while delivery runs at the same
// time. Then it waits until no delivery is PENDING or SENDING and counts, from what the fakes
// recorded (joined on our delivery id → notification → event → the event's commit time):
// messages/s, commit → provider-accepted latency, provider calls, lost notifications (nothing
// accepted anywhere) and doubled ones (accepted more than once).
//
// Processes, like a deployment with two app processes (all on one machine):
//   this one  the bench: the fakes of Zalo, eSMS and the push service (they share no process with
//             the database: with SQLite a process waiting for the write lock stops entirely), and
//             the measurements
//   web       one app process taking the events (up to --emitters transactions at once, as
//             concurrent requests would) and the providers' callbacks (the real route handlers)
//   2 × deliver  (PostgreSQL) app processes sending: deliverDue() in a loop, a short sleep when
//             nothing was due (the app itself calls it after its commits and on timers); on
//             SQLite, a one-process setup, that loop runs in the web process (--delivery)
//
// Runs, on one fresh database (SQLite, or PostgreSQL with --pg, dropped at the end):
//   bare       the ceiling: the same messages sent straight to the fakes by two processes (the
//              eSMS sender object, the ZNS request and the web-push call the senders make), no database
//   baseline   the outbox, no provider failures
//   fail500    20 % of provider calls answered 500 before the provider takes the message
//   ambiguous  20 % "accept-then-500": the provider takes the message, the answer is lost. eSMS
//              dedupes on RequestId and Web Push replaces by Topic; Zalo has no duplicate check, and
//              the app relies on Zalo's signed delivery event (POST /resources/webhooks/zalo, the
//              real route action) to mark the delivery sent before its retry falls due
// The last line is one JSON object with every figure.
//
//   npm run bench:notify [-- --pg] [--events 10000] [--farms 300] [--rate 150|max] [--emitters 4]
//     [--retry-base 1000] [--fail 0.2] [--deliverers 2] [--delivery processes|in-web] [--poll 20] [--timeout 120]
//     [--receipts route|direct] [--runs bare,baseline,fail500,ambiguous] [--profile] [--cpu-prof dir]
// --rate: events started per second, at most --emitters transactions at once (max: as fast as they
// go; the table says what was achieved). --delivery in-web: the delivery loops in the web process
// (one database connection for everything) instead of processes of their own. --receipts direct: Zalo's events verified and recorded with
// the route's own functions but without its rate limit. --profile: SQL time by statement shape in
// the app processes (failed statements are always reported). --cpu-prof: the web and delivery
// processes' V8 CPU profiles into dir (one file per thread).
import { fork, type ChildProcess } from "node:child_process";
import { freshPostgresDatabase } from "./pg-database";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] ?? fallback : fallback);
const num = (name: string, fallback: number) => {
  const v = Number(opt(name, String(fallback)));
  return Number.isFinite(v) ? v : fallback;
};
const flag = (name: string) => argv.includes(`--${name}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ——— Messages between the bench and its processes ————————————————————————————————————————

type BareItem = { channel: "ZNS" | "SMS" | "PUSH"; deliveryId: string; phone: string; userId: string; params: string; link: string; sub?: { endpoint: string; p256dh: string; auth: string } };
type SqlStat = { sql: string; n: number; ms: number; max: number; failed: number; error?: string };
type SqlReport = { sql: SqlStat[]; txWaitMs: number; txCount: number };
/** The event loop's delay (ms): how long the process could not run anything at all. */
type LoopDelay = { p99: number; max: number };
type DelivererStats = SqlReport & {
  pid: number;
  batches: number[][]; // [ms, claimed, sent, retried, failedOver, dead] per deliverDue that claimed something
  emptyPolls: number;
  emptyMs: number;
  errors: number; // deliverDue threw (logged and carried on, as the app's deliverSoon does)
  errorExamples: string[];
  loop: LoopDelay;
};
type Emitted = { commits: Array<[eventId: string, at: number]>; txMs: number[]; failed: number; errors: string[]; maxLagMs: number; start: number; seconds: number };
type WebStats = SqlReport & { callbacks: Record<string, Record<string, number>>; loop: LoopDelay; delivery: Array<Omit<DelivererStats, keyof SqlReport | "loop">> };
type BareResult = { pid: number; ms: number; calls: number; ok: number; failed: number; perCall: Record<BareItem["channel"], number[]>; errors: string[] };
type ToChild = { type: "stop" } | { type: "bare"; items: BareItem[]; concurrency: number } | { type: "emit"; farmOrderIds: string[]; rate: number | null; emitters: number };
type FromChild =
  | { type: "ready" }
  | { type: "stats"; stats: DelivererStats }
  | { type: "emitted"; emitted: Emitted }
  | { type: "webStats"; stats: WebStats }
  | { type: "bareDone"; result: BareResult };

const ROLE = opt("child", "");
if (ROLE === "deliver") await deliverer();
else if (ROLE === "web") await web();
else if (ROLE === "bare") await bareSender();
else await main();

// ——— In the app processes ——————————————————————————————————————————————————————————————

/**
 * SQL time and failures by statement shape, and the time transactions waited to begin: the driver
 * adapters' connect() wrapped before the app makes its client (a clock read per statement).
 */
async function watchSql(): Promise<() => SqlReport> {
  const byShape = new Map<string, SqlStat>();
  const tx = { waitMs: 0, count: 0 };
  const shape = (sql: string) =>
    sql
      .replace(/\s+/g, " ")
      .replace(/\$\d+/g, "?")
      .replace(/\?(, ?\?)+/g, "?…")
      .replace(/"public"\.|`main`\.|"main"\./g, "")
      .slice(0, 150);
  const time = <A extends unknown[], R>(fn: (...a: A) => Promise<R>, sqlOf: (...a: A) => string) =>
    async (...a: A): Promise<R> => {
      const t = performance.now();
      let error: string | undefined;
      try {
        return await fn(...a);
      } catch (e) {
        const c = (e as { cause?: { originalCode?: string; originalMessage?: string; kind?: string } }).cause;
        error = c ? `${c.kind ?? ""} ${c.originalCode ?? ""} ${c.originalMessage ?? ""}`.trim() : String((e as Error).message).slice(0, 100);
        throw e;
      } finally {
        const key = shape(sqlOf(...a));
        const s = byShape.get(key) ?? { sql: key, n: 0, ms: 0, max: 0, failed: 0 };
        const ms = performance.now() - t;
        s.n++;
        s.ms += ms;
        s.max = Math.max(s.max, ms);
        if (error) {
          s.failed++;
          s.error = error;
        }
        byShape.set(key, s);
      }
    };
  type Q = { sql: string };
  type Queryable = { queryRaw: (q: Q) => Promise<unknown>; executeRaw: (q: Q) => Promise<unknown> };
  type Transaction = Queryable & { commit: () => Promise<void>; rollback: () => Promise<void> };
  type Adapter = Queryable & { startTransaction: (isolationLevel?: unknown) => Promise<Transaction> };
  const wrap = (q: Queryable) => {
    q.queryRaw = time(q.queryRaw.bind(q), (x: Q) => x.sql);
    q.executeRaw = time(q.executeRaw.bind(q), (x: Q) => x.sql);
  };
  const patch = (proto: { connect: () => Promise<unknown> }) => {
    const connect = proto.connect;
    proto.connect = async function (this: unknown) {
      const adapter = (await connect.call(this)) as Adapter;
      wrap(adapter);
      const begin = time(adapter.startTransaction.bind(adapter), (_level?: unknown) => "BEGIN (startTransaction: the connection's mutex, then the database's lock)");
      adapter.startTransaction = async (isolationLevel?: unknown) => {
        const t = performance.now();
        const transaction = await begin(isolationLevel);
        tx.waitMs += performance.now() - t;
        tx.count++;
        wrap(transaction);
        transaction.commit = time(transaction.commit.bind(transaction), () => "COMMIT");
        return transaction;
      };
      return adapter;
    };
  };
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  patch(PrismaBetterSQLite3.prototype as unknown as { connect: () => Promise<unknown> });
  patch(PrismaPg.prototype as unknown as { connect: () => Promise<unknown> });
  return () => ({ sql: [...byShape.values()].sort((a, b) => b.ms - a.ms), txWaitMs: tx.waitMs, txCount: tx.count });
}

function watchLoop(): () => LoopDelay {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return () => ({ p99: +(h.percentile(99) / 1e6).toFixed(1), max: +(h.max / 1e6).toFixed(1) });
}

type LoopStats = Omit<DelivererStats, keyof SqlReport | "loop">;

/** deliverDue in a loop until `stopping()`: what a delivery process (or, with --delivery in-web, the web process) runs. */
async function deliveryLoop(deliverDue: () => Promise<{ claimed: number; sent: number; retried: number; failedOver: number; dead: number }>, stopping: () => boolean): Promise<LoopStats> {
  const poll = num("poll", 20);
  const stats: LoopStats = { pid: process.pid, batches: [], emptyPolls: 0, emptyMs: 0, errors: 0, errorExamples: [] };
  while (!stopping()) {
    const t = performance.now();
    let r;
    try {
      r = await deliverDue();
    } catch (e) {
      // like deliverSoon: logged, and the next round goes on (rows left SENDING wait for their lease)
      stats.errors++;
      const message = String((e as Error).message).replace(/\s+/g, " ").trim();
      if (stats.errorExamples.length < 3) stats.errorExamples.push(message.slice(-200));
      await sleep(poll);
      continue;
    }
    const ms = performance.now() - t;
    if (r.claimed > 0) stats.batches.push([+ms.toFixed(2), r.claimed, r.sent, r.retried, r.failedOver, r.dead]);
    else {
      stats.emptyPolls++;
      stats.emptyMs += ms;
      await sleep(poll);
    }
  }
  return stats;
}

/** A delivery process: deliverDue in a loop until told to stop. */
async function deliverer() {
  process.on("disconnect", () => process.exit(1)); // the bench went away
  const sqlReport = await watchSql();
  const { deliverDue } = await import("../app/modules/notifications/deliver.server");
  const { renderNotification } = await import("../app/modules/notifications/texts.server");
  const { db } = await import("../app/utils/db.server");
  await deliverDue(); // connects; nothing is due yet
  await renderNotification({ kind: "ORDER_NEW", params: "{}", locale: "vi", link: "/" }); // i18n loaded
  let stopping = false;
  process.on("message", (m: ToChild) => {
    if (m.type === "stop") stopping = true;
  });
  const loop = watchLoop();
  process.send!({ type: "ready" } satisfies FromChild);
  const stats = await deliveryLoop(deliverDue, () => stopping);
  const full: DelivererStats = { ...stats, ...sqlReport(), loop: loop() };
  await db.$disconnect();
  process.send!({ type: "stats", stats: full } satisfies FromChild, () => process.exit(0));
}

/** The web process: the providers' callbacks through the app's route handlers, and the events. */
async function web() {
  process.on("disconnect", () => process.exit(1));
  const sqlReport = await watchSql();
  const { db } = await import("../app/utils/db.server");
  const { recordOrderEvent } = await import("../app/modules/orders/events.server");
  const { action: zaloWebhook } = await import("../app/routes/resources+/webhooks.zalo");
  const { loader: smsWebhook } = await import("../app/routes/resources+/webhooks.sms");
  const { recordReceipt, verifyZaloSignature } = await import("../app/modules/notifications/receipts.server");
  // the addresses the providers' callbacks come from (each provider its own)
  const ZALO_IP = "203.0.113.10", ESMS_IP = "203.0.113.20";
  const direct = opt("receipts", "route") === "direct";
  const callbacks: Record<string, Record<string, number>> = {};

  const route = async (req: http.IncomingMessage, body: string): Promise<Response> => {
    const u = new URL(req.url ?? "/", process.env.PUBLIC_URL);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(u, { method: req.method, headers, body: req.method === "POST" ? body : undefined });
    if (u.pathname === "/resources/webhooks/zalo" && req.method === "POST") {
      if (!direct) return zaloWebhook({ request, context: { clientIp: ZALO_IP }, params: {} });
      // the route's own checks and receipt, without its rate limit
      const event = JSON.parse(body) as { timestamp?: string; message?: { msg_id?: string; tracking_id?: string; delivery_time?: string } };
      if (!verifyZaloSignature({ appId: process.env.ZALO_APP_ID!, oaSecret: process.env.ZALO_OA_SECRET_KEY!, rawBody: body, timestamp: String(event.timestamp ?? ""), header: headers.get("X-ZEvent-Signature") })) {
        return new Response("invalid signature", { status: 400 });
      }
      await recordReceipt({ deliveryId: event.message?.tracking_id, providerRef: event.message?.msg_id, delivered: true, at: new Date(Number(event.message?.delivery_time)) });
      return Response.json({ received: true });
    }
    if (u.pathname === "/resources/webhooks/sms" && req.method === "GET") return smsWebhook({ request, context: { clientIp: ESMS_IP }, params: {} });
    return new Response("not found", { status: 404 });
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      route(req, Buffer.concat(chunks).toString("utf8"))
        .catch((e: unknown) => (e instanceof Response ? e : new Response(String(e), { status: 500 })))
        .then(async (r) => {
          const key = new URL(req.url ?? "/", "http://x").pathname.split("/").pop()!;
          const byStatus = (callbacks[key] ??= {});
          byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
          res.writeHead(r.status, { "Content-Type": r.headers.get("Content-Type") ?? "text/plain" }).end(Buffer.from(await r.arrayBuffer()));
        });
    });
  });
  await new Promise<void>((r) => server.listen(num("port", 0), "127.0.0.1", r));

  const emit = async (m: Extract<ToChild, { type: "emit" }>): Promise<Emitted> => {
    const out: Emitted = { commits: [], txMs: [], failed: 0, errors: [], maxLagMs: 0, start: Date.now(), seconds: 0 };
    let inFlight = 0;
    let slot: (() => void) | null = null;
    const one = async (farmOrderId: string) => {
      const t = performance.now();
      try {
        const eventId = await db.$transaction((tx) => recordOrderEvent(tx, { farmOrderId, fromStatus: null, toStatus: "AWAITING_PAYMENT", actorRole: "BUYER" }));
        out.commits.push([eventId, Date.now()]);
        out.txMs.push(+(performance.now() - t).toFixed(2));
      } catch (e) {
        // as a request would: the order is refused, the bench goes on
        out.failed++;
        if (out.errors.length < 3) out.errors.push(String((e as Error).message).replace(/\s+/g, " ").trim().slice(-200));
      } finally {
        inFlight--;
        slot?.();
      }
    };
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (const [n, id] of m.farmOrderIds.entries()) {
      if (m.rate !== null) {
        const wait = t0 + (n * 1000) / m.rate - performance.now();
        if (wait > 1) await sleep(wait);
        else out.maxLagMs = Math.max(out.maxLagMs, Math.round(-wait));
      }
      while (inFlight >= m.emitters) await new Promise<void>((r) => (slot = r));
      // each event starts in a macrotask of its own, as a request arriving on a socket does (a
      // chain of promises would keep this process from answering the providers' callbacks)
      await new Promise<void>((r) => setImmediate(r));
      inFlight++;
      pending.push(one(id));
    }
    await Promise.all(pending);
    out.seconds = (performance.now() - t0) / 1000;
    return out;
  };

  // --delivery in-web: the delivery loops run here, in this process, instead of processes of their own
  let stopping = false;
  const inWeb = opt("delivery", "processes") === "in-web" ? num("deliverers", 2) : 0;
  const { deliverDue } = await import("../app/modules/notifications/deliver.server");
  const delivery = inWeb ? Array.from({ length: inWeb }, () => deliveryLoop(deliverDue, () => stopping)) : [];
  const loop = watchLoop();
  process.on("message", (m: ToChild) => {
    if (m.type === "emit") void emit(m).then((emitted) => process.send!({ type: "emitted", emitted } satisfies FromChild));
    if (m.type === "stop") {
      stopping = true;
      server.closeAllConnections();
      server.close(() => {
        void Promise.all(delivery).then(async (d) => {
          const stats: WebStats = { callbacks, loop: loop(), ...sqlReport(), delivery: d };
          await db.$disconnect();
          process.send!({ type: "webStats", stats } satisfies FromChild, () => process.exit(0));
        });
      });
    }
  });
  process.send!({ type: "ready" } satisfies FromChild);
}

/** The ceiling: the same requests the senders make, no database. */
async function bareSender() {
  process.on("disconnect", () => process.exit(1));
  const webpush = (await import("web-push")).default;
  const { createEsmsSender } = await import("../app/modules/notifications/providers/esms.server");
  const { renderNotification } = await import("../app/modules/notifications/texts.server");
  const e = process.env;
  const sms = createEsmsSender({ apiKey: e.ESMS_API_KEY!, secretKey: e.ESMS_SECRET_KEY!, brandname: e.ESMS_BRANDNAME!, apiBase: e.ESMS_API_BASE! });
  const templates = JSON.parse(e.ZALO_ZNS_TEMPLATES!) as Record<string, string>;
  const vapid = { ...webpush.generateVAPIDKeys(), subject: "mailto:no-reply@chonong.vn" };
  const agent = new https.Agent({ ca: fs.readFileSync(e.WEB_PUSH_CA_FILE!, "utf8"), keepAlive: true });
  await renderNotification({ kind: "ORDER_NEW", params: "{}", locale: "vi", link: "/" });
  process.send!({ type: "ready" } satisfies FromChild);
  const m = await new Promise<Extract<ToChild, { type: "bare" }>>((resolve) => process.on("message", (x: ToChild) => x.type === "bare" && resolve(x)));
  const result: BareResult = { pid: process.pid, ms: 0, calls: 0, ok: 0, failed: 0, perCall: { ZNS: [], SMS: [], PUSH: [] }, errors: [] };
  const sendOne = async (it: BareItem) => {
    const t = performance.now();
    const text = await renderNotification({ kind: "ORDER_NEW", params: it.params, locale: "vi", link: it.link });
    let ok = false;
    try {
      if (it.channel === "SMS") {
        const r = await sms.send({ deliveryId: it.deliveryId, kind: "ORDER_NEW", userId: it.userId, phone: it.phone, email: null, text, expiresAt: null });
        ok = r.ok;
        if (!r.ok) result.errors.push(r.error);
      } else if (it.channel === "ZNS") {
        const body = JSON.stringify({ phone: it.phone.replace(/^\+/, ""), template_id: templates[text.zns.template], template_data: text.zns.data, tracking_id: it.deliveryId });
        const res = await fetch(`${e.ZALO_API_BASE}/message/template`, { method: "POST", headers: { "Content-Type": "application/json", access_token: e.ZALO_ACCESS_TOKEN! }, body, signal: AbortSignal.timeout(10_000) });
        const json = (await res.json()) as { error?: number; message?: string };
        ok = res.status === 200 && json.error === 0;
        if (!ok) result.errors.push(`ZNS ${res.status} ${json.error} ${json.message}`);
      } else {
        const payload = JSON.stringify({ title: text.title, body: text.body, url: text.url, tag: it.deliveryId });
        await webpush.sendNotification({ endpoint: it.sub!.endpoint, keys: { p256dh: it.sub!.p256dh, auth: it.sub!.auth } }, payload, { vapidDetails: vapid, TTL: 86_400, topic: it.deliveryId, urgency: "high", timeout: 10_000, agent });
        ok = true;
      }
    } catch (err) {
      result.errors.push(String((err as Error).message).slice(0, 200));
    }
    result.calls++;
    if (ok) result.ok++;
    else result.failed++;
    result.perCall[it.channel].push(+(performance.now() - t).toFixed(2));
  };
  const t0 = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: m.concurrency }, async () => {
    while (i < m.items.length) await sendOne(m.items[i++]);
  }));
  result.ms = performance.now() - t0;
  result.errors = result.errors.slice(0, 5);
  process.send!({ type: "bareDone", result } satisfies FromChild, () => process.exit(0));
}

// ——— The bench ——————————————————————————————————————————————————————————————————————————

async function main() {
  const PG = flag("pg");
  const EVENTS = num("events", 10_000);
  const FARMS = num("farms", 300);
  const RATE = opt("rate", "150") === "max" ? null : num("rate", 150);
  const EMITTERS = num("emitters", 4);
  // the app's default is 10 s; 1 s lets retries fall due within a run and still leaves Zalo's
  // delivery event (tens of milliseconds) time to arrive before a retry of a lost answer
  const RETRY_BASE_MS = num("retry-base", 1000);
  const FAIL = num("fail", 0.2);
  // SQLite is a one-process setup (README, ADR 012): delivery runs in the web process, as the app
  // does after its commits; PostgreSQL: two processes sending, like two app processes
  const IN_WEB = opt("delivery", PG ? "processes" : "in-web") === "in-web";
  const DELIVERERS = num("deliverers", IN_WEB ? 1 : 2);
  const POLL_MS = num("poll", 20);
  const DRAIN_TIMEOUT_MS = num("timeout", 120) * 1000;
  const RECEIPTS = opt("receipts", "route") === "direct" ? "direct" : "route";
  const RUNS = opt("runs", "bare,baseline,fail500,ambiguous").split(",").filter(Boolean);
  const CPU_PROF = opt("cpu-prof", "");
  const PROFILE = flag("profile");
  const started = performance.now();

  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (e) {
        console.error(`cleanup: ${(e as Error).message}`);
      }
    }
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  try {
    // A fresh database, migrated like production's.
    const { migrateDeploy } = await import("../scripts/migrate");
    let url: string;
    if (PG) {
      const fresh = await freshPostgresDatabase("cho_nong_bench_notify");
      cleanups.push(fresh.drop);
      url = fresh.url;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-bench-notify-"));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      url = `file:${path.join(dir, "bench.db")}`;
    }
    migrateDeploy(url, { quiet: true });

    // The web process's address (the providers' callbacks, the links in messages): a free port now.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const PUBLIC_URL = `http://127.0.0.1:${port}`;

    // A production-like environment before any app module is imported (they make the database
    // client and read the environment at import); the app processes inherit it.
    Object.assign(process.env, { NODE_ENV: "production", DATABASE_URL: url, NOTIFY_RETRY_BASE_MS: String(RETRY_BASE_MS), PUBLIC_URL, HOUSEKEEPING_INTERVAL_MS: "0" });
    for (const k of ["SQLITE_FILE", "SMTP_URL", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"]) delete process.env[k];
    const { db } = await import("../app/utils/db.server");
    cleanups.push(() => db.$disconnect());
    if (!PG) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // as scripts/setup.ts leaves the app's file
    const { bulkInsert } = await import("../prisma/bulk-insert");
    const { startMessagingFakes, zaloPhone } = await import("../tests/fakes/messaging");

    // ——— Data: farms whose owners have verified phones, products, a buyer's orders ———
    const t0 = performance.now();
    const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(6, "0")}`;
    const created = new Date(Date.now() - 30 * 86_400_000);
    // farm i: i % 10 === 3 → its owner's number is not a Zalo user (ZNS → SMS); i % 10 === 7 → the
    // owner also has a Web Push subscription (PUSH first); the rest reach ZNS. quietHours off: the
    // bench runs at any hour (22:00–06:00 Vietnam time would hold every message until 06:00).
    const farmKind = (i: number) => (i % 10 === 3 ? "SMS" : i % 10 === 7 ? "PUSH" : "ZNS");
    const ownerPhone = (i: number) => `+8491${String(i).padStart(7, "0")}`;
    await db.adminUnit.create({ data: { code: "77", name: "Tỉnh thử", nameEn: "Bench province", level: "PROVINCE" } });
    await db.adminUnit.create({ data: { code: "77001", name: "Xã thử", nameEn: "Bench commune", level: "COMMUNE", parentCode: "77" } });
    await db.category.create({ data: { id: "cat-bench", slug: "rau", nameVi: "Rau", nameEn: "Vegetables" } });
    const BUYERS = 200;
    await bulkInsert(db, "User", [
      ...Array.from({ length: FARMS }, (_, i) => ({ id: id("own", i), name: `Chủ vườn ${i}`, email: null, phone: ownerPhone(i), phoneVerifiedAt: created, role: "FARMER", locale: i % 20 === 5 ? "en" : "vi", quietHours: false, passwordHash: "!", createdAt: created, updatedAt: created })),
      ...Array.from({ length: BUYERS }, (_, i) => ({ id: id("buy", i), name: `Người mua ${i}`, email: `mua${i}@bench.test`, phone: null, phoneVerifiedAt: null, role: "BUYER", locale: "vi", quietHours: false, passwordHash: "!", createdAt: created, updatedAt: created })),
    ]);
    await bulkInsert(db, "Farm", Array.from({ length: FARMS }, (_, i) => ({ id: id("farm", i), slug: `vuon-${i}`, name: `Vườn Bench ${i}`, communeCode: "77001", provinceCode: "77", phone: ownerPhone(i), status: "ACTIVE", createdAt: created, updatedAt: created })));
    await bulkInsert(db, "FarmMember", Array.from({ length: FARMS }, (_, i) => ({ farmId: id("farm", i), userId: id("own", i), role: "OWNER", createdAt: created })));
    await bulkInsert(db, "Product", Array.from({ length: FARMS * 3 }, (_, k) => ({ id: id("p", k), farmId: id("farm", Math.floor(k / 3)), slug: `p-${k}`, name: `Rau ${k}`, categoryId: "cat-bench", unit: "kg", priceVnd: 20_000 + (k % 7) * 5000, stepMilli: 1000, stockMilli: 1_000_000, status: "ACTIVE", searchText: `rau ${k}`, createdAt: created, updatedAt: created })));
    const farmOrders: Array<{ id: string; farm: number }> = [];
    const CHUNK = 2000;
    for (let c = 0; c < EVENTS; c += CHUNK) {
      const orders = [], parts = [], lines = [];
      for (let n = c; n < Math.min(EVENTS, c + CHUNK); n++) {
        const farm = n % FARMS, product = farm * 3 + (n % 3), qty = 1 + (n % 4);
        const price = 20_000 + (product % 7) * 5000;
        const at = new Date();
        orders.push({ id: id("o", n), number: `CN-B${n}`, idempotencyKey: `bench-${n}`, buyerId: id("buy", n % BUYERS), buyerName: `Người mua ${n % BUYERS}`, buyerPhone: "+84920000000", totalVnd: price * qty, createdAt: at });
        parts.push({ id: id("fo", n), orderId: id("o", n), farmId: id("farm", farm), status: "AWAITING_PAYMENT", fulfilment: "PICKUP", address: "", paymentMethod: "VIETQR", paymentStatus: "UNPAID", transferRef: `B${n}`, subtotalVnd: price * qty, reservedUntil: new Date(Date.now() + 3 * 3600_000), createdAt: at, updatedAt: at });
        lines.push({ id: id("l", n), farmOrderId: id("fo", n), productId: id("p", product), productName: `Rau ${product}`, unit: "kg", priceVnd: price, quantityMilli: qty * 1000, lineTotalVnd: price * qty });
        farmOrders.push({ id: id("fo", n), farm });
      }
      await bulkInsert(db, "Order", orders);
      await bulkInsert(db, "FarmOrder", parts);
      await bulkInsert(db, "OrderLine", lines);
    }
    if (PG) await db.$executeRawUnsafe("ANALYZE");
    console.log(`${PG ? "postgresql" : "sqlite"}: ${FARMS} farms (${FARMS * 3} products), ${EVENTS.toLocaleString("en")} orders loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(
      `events: ${RATE === null ? "as fast as they go" : `${RATE}/s steady`}, at most ${EMITTERS} transactions at once, in one web process; ${DELIVERERS} delivery ${IN_WEB ? "loops in the web process" : DELIVERERS === 1 ? "process" : "processes"}, each deliverDue() in a loop, ` +
        `${POLL_MS} ms sleep when nothing was due; NOTIFY_RETRY_BASE_MS=${RETRY_BASE_MS}; fail rate ${FAIL * 100} %; Zalo's events: ${RECEIPTS === "route" ? "the real route action (its rate limit included)" : "verify + recordReceipt (no rate limit)"}`,
    );

    // ——— Processes ———
    const self = fileURLToPath(import.meta.url);
    const spawnChild = (role: "deliver" | "bare" | "web", env: NodeJS.ProcessEnv) => {
      const execArgv = ["--import", "tsx", ...(CPU_PROF && role !== "bare" ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(CPU_PROF)] : [])];
      const args = ["--child", role, "--poll", String(POLL_MS), "--port", String(port), "--receipts", RECEIPTS, "--deliverers", String(DELIVERERS), "--delivery", IN_WEB ? "in-web" : "processes"];
      const child = fork(self, args, { execArgv, env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
      child.on("error", (e) => console.error(`${role} process ${child.pid}: ${e.message}`));
      cleanups.push(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill();
      });
      return child;
    };
    const nextMessage = <T extends FromChild["type"]>(child: ChildProcess, type: T) =>
      new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
        const onMessage = (m: FromChild) => {
          if (m.type !== type) return;
          child.off("message", onMessage);
          child.off("exit", onExit);
          resolve(m as Extract<FromChild, { type: T }>);
        };
        const onExit = (code: number | null) => reject(new Error(`a child process exited (${code}) before "${type}"`));
        child.on("message", onMessage);
        child.once("exit", onExit);
      });
    const send = (child: ChildProcess, m: ToChild) => child.connected && child.send(m);
    const exited = (child: ChildProcess) => (child.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r())));

    type Fakes = Awaited<ReturnType<typeof startMessagingFakes>>;
    const pushSubs = new Map<number, { endpoint: string; p256dh: string; auth: string }>();
    async function startFakes(withZaloEvents: boolean): Promise<Fakes> {
      const fakes = await startMessagingFakes({ zaloCallbackUrl: withZaloEvents ? `${PUBLIC_URL}/resources/webhooks/zalo` : undefined });
      pushSubs.clear();
      for (let i = 0; i < FARMS; i++) {
        if (farmKind(i) === "SMS") fakes.zalo.setNotZaloUser(zaloPhone(ownerPhone(i)));
        if (farmKind(i) === "PUSH") {
          const s = fakes.push.subscribe();
          pushSubs.set(i, { endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth });
        }
      }
      return fakes;
    }
    const appEnv = (fakes: Fakes): NodeJS.ProcessEnv => ({ ...process.env, ...fakes.env });

    const results: Record<string, Record<string, unknown>> = {};

    // ——— bare: the ceiling ———
    if (RUNS.includes("bare")) {
      const fakes = await startFakes(false);
      const loadBefore = os.loadavg()[0];
      try {
        const items: BareItem[] = farmOrders.map((fo, n) => {
          const params = JSON.stringify({ number: `CN-B${n}`, farm: `Vườn Bench ${fo.farm}`, buyer: `Người mua ${n % BUYERS}`, amountVnd: 20_000, payment: "VIETQR" });
          return { channel: farmKind(fo.farm), deliveryId: randomBytes(12).toString("hex"), phone: ownerPhone(fo.farm), userId: id("own", fo.farm), params, link: `/seller/orders/${fo.id}`, sub: pushSubs.get(fo.farm) };
        });
        const children = Array.from({ length: DELIVERERS }, () => spawnChild("bare", appEnv(fakes)));
        await Promise.all(children.map((c) => nextMessage(c, "ready")));
        const start = Date.now();
        const done = children.map((c) => nextMessage(c, "bareDone"));
        children.forEach((c, k) => send(c, { type: "bare", items: items.filter((_, i) => i % DELIVERERS === k), concurrency: 16 }));
        const parts = (await Promise.all(done)).map((d) => d.result);
        await Promise.all(children.map(exited));
        const lastAt = Math.max(...fakes.zalo.messages.map((m) => m.at), ...fakes.sms.messages.map((m) => m.at), ...fakes.push.received.map((m) => m.at));
        const perCall = parts.flatMap((p) => Object.values(p.perCall).flat()).sort((a, b) => a - b);
        const byChannel = (c: BareItem["channel"]) => {
          const xs = parts.flatMap((p) => p.perCall[c]).sort((a, b) => a - b);
          return { n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95) };
        };
        const accepted = fakes.zalo.messages.length + fakes.sms.messages.length + fakes.push.received.length;
        results.bare = {
          messages: items.length,
          accepted,
          failed: parts.reduce((s, p) => s + p.failed, 0),
          errors: parts.flatMap((p) => p.errors).slice(0, 3),
          providerCalls: { zns: fakes.zalo.calls, sms: fakes.sms.calls, push: fakes.push.calls.length },
          seconds: +((lastAt - start) / 1000).toFixed(2),
          messagesPerSecond: +(accepted / ((lastAt - start) / 1000)).toFixed(1),
          callMs: { p50: pct(perCall, 50), p95: pct(perCall, 95), p99: pct(perCall, 99), max: perCall.at(-1) ?? null },
          callMsByChannel: { zns: byChannel("ZNS"), sms: byChannel("SMS"), push: byChannel("PUSH") },
          loadAvg1m: [+loadBefore.toFixed(2), +os.loadavg()[0].toFixed(2)],
        };
      } finally {
        await fakes.close();
      }
      printProgress("bare", results.bare);
    }

    // ——— the outbox ———
    const scenarios = [
      { name: "baseline", fail: 0, mode: "500" as const, zaloEvents: false },
      { name: "fail500", fail: FAIL, mode: "500" as const, zaloEvents: false },
      { name: "ambiguous", fail: FAIL, mode: "accept-then-500" as const, zaloEvents: true },
    ].filter((s) => RUNS.includes(s.name));

    for (const sc of scenarios) {
      // a clean slate: no notifications, events, counters or tokens from the run before
      await db.notificationDelivery.deleteMany({});
      await db.notification.deleteMany({});
      await db.orderEvent.deleteMany({});
      await db.rateLimit.deleteMany({});
      await db.pushSubscription.deleteMany({});
      await db.appSecret.deleteMany({ where: { key: "zalo.oauth" } });
      if (PG) await db.$executeRawUnsafe(`VACUUM ANALYZE "NotificationDelivery", "Notification", "OrderEvent", "RateLimit", "PushSubscription", "AppSecret"`);

      const fakes = await startFakes(sc.zaloEvents);
      try {
        await bulkInsert(db, "PushSubscription", [...pushSubs].map(([i, s]) => ({ id: id("ps", i), userId: id("own", i), endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, userAgent: "bench", createdAt: new Date() })));
        const webProcess = spawnChild("web", appEnv(fakes));
        const deliverers = IN_WEB ? [] : Array.from({ length: DELIVERERS }, () => spawnChild("deliver", appEnv(fakes)));
        await Promise.all([webProcess, ...deliverers].map((c) => nextMessage(c, "ready")));
        for (const f of [fakes.zalo, fakes.sms, fakes.push]) f.setFailRate(sc.fail, sc.mode);

        const loadBefore = os.loadavg()[0];
        const emittedMessage = nextMessage(webProcess, "emitted");
        send(webProcess, { type: "emit", farmOrderIds: farmOrders.map((f) => f.id), rate: RATE, emitters: EMITTERS });
        const { emitted } = await emittedMessage;

        // until nothing is waiting to be sent (or the timeout)
        const deadline = Date.now() + DRAIN_TIMEOUT_MS;
        let open = -1;
        while (Date.now() < deadline) {
          open = await db.notificationDelivery.count({ where: { status: { in: ["PENDING", "SENDING"] } } });
          if (open === 0) break;
          await sleep(100);
        }
        const drainedAt = Date.now();
        // the providers' last callbacks (sent 30 ms after a message; each gives up after 5 s)
        for (let i = 0; i < 60; i++) {
          const zaloDone = !sc.zaloEvents || fakes.zalo.callbacks.length >= fakes.zalo.messages.length;
          if (zaloDone && fakes.sms.callbacks.length >= fakes.sms.messages.length) break;
          await sleep(100);
        }
        const stats = deliverers.map((c) => nextMessage(c, "stats"));
        const webStats = nextMessage(webProcess, "webStats");
        for (const c of [webProcess, ...deliverers]) send(c, { type: "stop" });
        const web = (await webStats).stats;
        // in-web delivery: its loops' figures, with the web process's SQL and event loop
        const delivererStats = IN_WEB ? web.delivery.map((d) => ({ ...d, sql: [], txWaitMs: 0, txCount: 0, loop: web.loop })) : (await Promise.all(stats)).map((s) => s.stats);
        await Promise.all([webProcess, ...deliverers].map(exited));

        results[sc.name] = { ...(await measure({ fakes, emitted, web, drainedAt, openAtEnd: open, delivererStats })), loadAvg1m: [+loadBefore.toFixed(2), +os.loadavg()[0].toFixed(2)] };
      } finally {
        await fakes.close();
      }
      printProgress(sc.name, results[sc.name]);
    }

    // ——— What happened, from the fakes' records and the database ———
    async function measure(r: { fakes: Fakes; emitted: Emitted; web: WebStats; drainedAt: number; openAtEnd: number; delivererStats: DelivererStats[] }) {
      const { fakes, emitted } = r;
      const commitAt = new Map(emitted.commits);
      const notifications = await db.notification.findMany({ select: { id: true, dedupeKey: true, status: true, plan: true } });
      const deliveries = await db.notificationDelivery.findMany({ select: { id: true, notificationId: true, channel: true, status: true, attempts: true, deliveredAt: true, lastError: true } });
      const ofDelivery = new Map(deliveries.map((d) => [d.id, d.notificationId]));
      type Seen = { zalo: number[]; sms: number[]; pushRaw: number[]; pushInbox: number };
      const seen = new Map<string, Seen>(notifications.map((n) => [n.id, { zalo: [], sms: [], pushRaw: [], pushInbox: 0 }]));
      let unknown = 0;
      const add = (deliveryId: string | undefined, f: (s: Seen) => void, counted = true) => {
        const s = deliveryId ? seen.get(ofDelivery.get(deliveryId) ?? "") : undefined;
        if (s) f(s);
        else if (counted) unknown++;
      };
      for (const m of fakes.zalo.messages) add(m.trackingId, (s) => s.zalo.push(m.at));
      for (const m of fakes.sms.messages) add(m.requestId, (s) => s.sms.push(m.at));
      for (const m of fakes.push.received) add(m.topic, (s) => s.pushRaw.push(m.at));
      // (the inbox keeps copies of received messages: not counted again as unmatched)
      for (const sub of pushSubs.values()) for (const m of fakes.push.inbox(sub.endpoint)) add(m.topic, (s) => s.pushInbox++, false);

      const latencies: number[] = [];
      const gaps: number[] = []; // between the first two copies of a doubled notification
      const doubledExamples: string[] = [];
      const lostExamples: string[] = [];
      let lost = 0, doubled = 0, doubledRaw = 0, lastAccepted = 0, crossChannel = 0, znsDoubledWithReceipt = 0;
      const receipted = new Set(deliveries.filter((d) => d.deliveredAt).map((d) => d.notificationId));
      const perProvider = { zns: 0, sms: 0, pushRaw: 0, pushInbox: 0 };
      for (const n of notifications) {
        const s = seen.get(n.id)!;
        const all = [...s.zalo, ...s.sms, ...s.pushRaw].sort((a, b) => a - b);
        if (all.length === 0) {
          lost++;
          if (lostExamples.length < 3) lostExamples.push(`${n.id} ${n.status} plan ${n.plan}`);
          continue;
        }
        lastAccepted = Math.max(lastAccepted, all[0]);
        const committed = commitAt.get(n.dedupeKey.split(":")[1]); // order-event:<event id>:<user id>
        if (committed !== undefined) latencies.push(all[0] - committed);
        // what the person gets: each ZNS and each SMS is a message on the phone; push messages with
        // the same Topic replace each other at the push service (and the service worker shows one
        // per tag), so the Topic inbox counts for Web Push
        if (s.zalo.length + s.sms.length + s.pushInbox > 1) {
          doubled++;
          const copies = [...s.zalo, ...s.sms].sort((a, b) => a - b);
          if (copies.length > 1) gaps.push(copies[1] - copies[0]);
          if (doubledExamples.length < 4) {
            const rows = deliveries.filter((d) => d.notificationId === n.id).map((d) => `${d.channel} ${d.status} attempts ${d.attempts}${d.deliveredAt ? " receipt" : ""}${d.lastError ? ` (${d.lastError.slice(0, 70)})` : ""}`);
            doubledExamples.push(`copies at +${all.map((t) => t - (committed ?? 0)).join(", +")} ms after commit; ${rows.join("; ")}`);
          }
        }
        if (all.length > 1) doubledRaw++;
        if (s.zalo.length > 1) perProvider.zns++;
        if (s.zalo.length > 1 && receipted.has(n.id)) znsDoubledWithReceipt++; // Zalo's event was recorded, too late
        if (s.sms.length > 1) perProvider.sms++;
        if (s.pushRaw.length > 1) perProvider.pushRaw++;
        if (s.pushInbox > 1) perProvider.pushInbox++;
        if ([s.zalo.length, s.sms.length, s.pushRaw.length].filter((x) => x > 0).length > 1) crossChannel++;
      }
      latencies.sort((a, b) => a - b);
      gaps.sort((a, b) => a - b);
      const delivered = notifications.length - lost;
      const span = (lastAccepted - emitted.start) / 1000;
      const count = <T>(xs: T[], key: (x: T) => string) => xs.reduce<Record<string, number>>((o, x) => ((o[key(x)] = (o[key(x)] ?? 0) + 1), o), {});
      const batches = r.delivererStats.flatMap((s) => s.batches);
      const batchMs = batches.map((b) => b[0]).sort((a, b) => a - b);
      const full = batches.filter((b) => b[1] >= 24).map((b) => b[0] / b[1]).sort((a, b) => a - b);
      const claimed = batches.reduce((s, b) => s + b[1], 0);
      const busyMs = batches.reduce((s, b) => s + b[0], 0);
      const txSorted = [...emitted.txMs].sort((a, b) => a - b);
      const sent = deliveries.filter((d) => d.status === "SENT").map((d) => d.id);
      const acceptedIds = new Set([...fakes.zalo.messages.map((m) => m.trackingId), ...fakes.sms.messages.map((m) => m.requestId), ...fakes.push.received.map((m) => m.topic)]);
      const sqlDeliver = sqlSummary(r.delivererStats);
      const sqlWeb = sqlSummary([r.web]);
      return {
        events: commitAt.size,
        emitted: { seconds: +emitted.seconds.toFixed(1), perSecond: +(commitAt.size / emitted.seconds).toFixed(1), txMs: { p50: pct(txSorted, 50), p95: pct(txSorted, 95), p99: pct(txSorted, 99), max: txSorted.at(-1) ?? null }, failed: emitted.failed, errors: emitted.errors, maxLagMs: emitted.maxLagMs },
        notifications: notifications.length,
        plans: count(notifications, (n) => n.plan),
        delivered,
        messagesPerSecond: +(delivered / span).toFixed(1),
        seconds: +span.toFixed(1),
        latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: latencies.at(-1) ?? null },
        providerCalls: { zns: fakes.zalo.calls, sms: fakes.sms.calls, push: fakes.push.calls.length, total: fakes.zalo.calls + fakes.sms.calls + fakes.push.calls.length },
        accepted: { zns: fakes.zalo.messages.length, sms: fakes.sms.messages.length, pushRaw: fakes.push.received.length, pushInbox: [...pushSubs.values()].reduce((k, s) => k + fakes.push.inbox(s.endpoint).length, 0) },
        lost,
        lostExamples,
        doubled,
        doubledCounting: "ZNS messages + SMS messages + Web Push Topic-inbox entries per notification > 1",
        doubledRaw,
        doubledByProvider: perProvider,
        znsDoubledWithReceipt,
        crossChannel,
        doubledGapMs: { min: gaps[0] ?? null, p50: pct(gaps, 50), max: gaps.at(-1) ?? null },
        doubledExamples,
        unmatchedProviderRecords: unknown,
        sentWithoutProviderRecord: sent.filter((d) => !acceptedIds.has(d)).length,
        notificationStatus: count(notifications, (n) => n.status),
        deliveryStatus: count(deliveries, (d) => `${d.channel} ${d.status}`),
        deliveriesPerNotification: +(deliveries.length / Math.max(1, notifications.length)).toFixed(3),
        attempts: count(deliveries, (d) => String(d.attempts)),
        receiptsMarked: deliveries.filter((d) => d.deliveredAt).length,
        stillOpenAtEnd: r.openAtEnd,
        drainedAfterEmitS: +((r.drainedAt - emitted.start) / 1000 - emitted.seconds).toFixed(1),
        callbacks: r.web.callbacks,
        callbacksAsProvidersSawThem: { zalo: count(fakes.zalo.callbacks, (c) => String(c.status)), esms: count(fakes.sms.callbacks, (c) => String(c.status)) },
        eventLoopDelayMs: { web: r.web.loop, deliver: r.delivererStats.map((d) => d.loop) },
        web: { failedStatements: sqlWeb.failed, txCount: sqlWeb.txCount, txWaitMs: sqlWeb.txWaitMs, beginMaxMs: sqlWeb.beginMaxMs, ...(PROFILE ? { sql: { totalMs: sqlWeb.totalMs, queries: sqlWeb.queries, top: sqlWeb.top } } : {}) },
        deliverDue: {
          batches: batches.length,
          claimed,
          batchMs: { p50: pct(batchMs, 50), p95: pct(batchMs, 95), max: batchMs.at(-1) ?? null },
          msPerMessageInFullBatches: full.length ? pct(full, 50) : null,
          messagesPerBusySecondPerProcess: +(claimed / (busyMs / 1000) / r.delivererStats.length).toFixed(1),
          errors: r.delivererStats.reduce((s, d) => s + d.errors, 0),
          errorExamples: r.delivererStats.flatMap((d) => d.errorExamples).slice(0, 3),
          emptyPolls: r.delivererStats.reduce((s, d) => s + d.emptyPolls, 0),
          emptyPollMs: +(r.delivererStats.reduce((s, d) => s + d.emptyMs, 0) / Math.max(1, r.delivererStats.reduce((s, d) => s + d.emptyPolls, 0))).toFixed(2),
          claimedPerProcess: r.delivererStats.map((d) => d.batches.reduce((s, b) => s + b[1], 0)),
          failedStatements: sqlDeliver.failed,
          txCount: sqlDeliver.txCount,
          txWaitMs: sqlDeliver.txWaitMs,
          beginMaxMs: sqlDeliver.beginMaxMs,
          ...(PROFILE ? { sql: { totalMs: sqlDeliver.totalMs, queries: sqlDeliver.queries, top: sqlDeliver.top } } : {}),
        },
      };
    }

    function printProgress(name: string, r: Record<string, unknown>) {
      const x = r as { messagesPerSecond?: number; latencyMs?: { p95: number }; lost?: number; doubled?: number; callMs?: { p95: number } };
      console.log(`${name}: done — ${x.messagesPerSecond} messages/s${x.latencyMs ? `, p95 ${x.latencyMs.p95} ms commit → provider, lost ${x.lost}, doubled ${x.doubled}` : `, p95 ${x.callMs?.p95} ms a call`}`);
    }

    // ——— Table and JSON ———
    const names = Object.keys(results);
    const get = (r: Record<string, unknown> | undefined, p: string): unknown => p.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), r);
    const json = (v: unknown) => (v === undefined ? "–" : JSON.stringify(v).replace(/"/g, ""));
    const outbox = (f: (r: Record<string, unknown>) => unknown) => (r: Record<string, unknown>, n: string) => (n === "bare" ? "–" : f(r));
    const rows: Array<[string, (r: Record<string, unknown>, name: string) => unknown]> = [
      ["events (notifications created)", (r, n) => (n === "bare" ? `${get(r, "messages")} msgs` : `${get(r, "events")} (${get(r, "notifications")})`)],
      ["events/s achieved; event tx p50/p95 ms", outbox((r) => `${get(r, "emitted.perSecond")}; ${get(r, "emitted.txMs.p50")}/${get(r, "emitted.txMs.p95")}`)],
      ["event tx failed; emitter's max lag ms", outbox((r) => `${get(r, "emitted.failed")}; ${get(r, "emitted.maxLagMs")}`)],
      ["delivered notifications", (r, n) => (n === "bare" ? get(r, "accepted") : get(r, "delivered"))],
      ["messages/s (first event → last delivery)", (r) => get(r, "messagesPerSecond")],
      ["commit → provider p50 ms (bare: a call)", (r, n) => get(r, n === "bare" ? "callMs.p50" : "latencyMs.p50")],
      ["commit → provider p95 ms", (r, n) => get(r, n === "bare" ? "callMs.p95" : "latencyMs.p95")],
      ["commit → provider p99 ms", (r, n) => get(r, n === "bare" ? "callMs.p99" : "latencyMs.p99")],
      ["commit → provider max ms", (r, n) => get(r, n === "bare" ? "callMs.max" : "latencyMs.max")],
      ["provider calls ZNS/SMS/Push", (r) => `${get(r, "providerCalls.zns")}/${get(r, "providerCalls.sms")}/${get(r, "providerCalls.push")}`],
      ["accepted ZNS/SMS/Push raw/Push inbox", outbox((r) => `${get(r, "accepted.zns")}/${get(r, "accepted.sms")}/${get(r, "accepted.pushRaw")}/${get(r, "accepted.pushInbox")}`)],
      ["LOST (must be 0)", outbox((r) => get(r, "lost"))],
      ["rows SENT with nothing at the provider", outbox((r) => get(r, "sentWithoutProviderRecord"))],
      ["DOUBLED (must be 0; Push by Topic inbox)", outbox((r) => get(r, "doubled"))],
      ["doubled ZNS/SMS/Push raw/Push inbox", outbox((r) => `${get(r, "doubledByProvider.zns")}/${get(r, "doubledByProvider.sms")}/${get(r, "doubledByProvider.pushRaw")}/${get(r, "doubledByProvider.pushInbox")}`)],
      ["doubled ZNS with a Zalo event recorded", outbox((r) => get(r, "znsDoubledWithReceipt"))],
      ["doubled counting raw Push receipts", outbox((r) => get(r, "doubledRaw"))],
      ["accepted on two channels", outbox((r) => get(r, "crossChannel"))],
      ["doubles: ms between copies min/p50/max", outbox((r) => `${get(r, "doubledGapMs.min")}/${get(r, "doubledGapMs.p50")}/${get(r, "doubledGapMs.max")}`)],
      ["notification status", outbox((r) => json(get(r, "notificationStatus")))],
      ["delivery rows by attempts", outbox((r) => json(get(r, "attempts")))],
      ["deliveries per notification", outbox((r) => get(r, "deliveriesPerNotification"))],
      ["still PENDING/SENDING at the end", outbox((r) => get(r, "stillOpenAtEnd"))],
      ["drain after the last event, s", outbox((r) => get(r, "drainedAfterEmitS"))],
      ["deliverDue batches (rows claimed)", outbox((r) => `${get(r, "deliverDue.batches")} (${get(r, "deliverDue.claimed")})`)],
      ["deliverDue batch ms p50/p95/max", outbox((r) => `${get(r, "deliverDue.batchMs.p50")}/${get(r, "deliverDue.batchMs.p95")}/${get(r, "deliverDue.batchMs.max")}`)],
      ["ms per message, batches of ≥24", outbox((r) => get(r, "deliverDue.msPerMessageInFullBatches") ?? "–")],
      ["msgs per busy second per process", outbox((r) => get(r, "deliverDue.messagesPerBusySecondPerProcess"))],
      ["empty polls (mean ms)", outbox((r) => `${get(r, "deliverDue.emptyPolls")} (${get(r, "deliverDue.emptyPollMs")})`)],
      ["deliverDue threw", outbox((r) => get(r, "deliverDue.errors"))],
      ["tx waited to begin: deliver | web, s", outbox((r) => `${((get(r, "deliverDue.txWaitMs") as number) / 1000).toFixed(1)} | ${((get(r, "web.txWaitMs") as number) / 1000).toFixed(1)}`)],
      ["longest wait to begin a tx: deliver | web ms", outbox((r) => `${get(r, "deliverDue.beginMaxMs")} | ${get(r, "web.beginMaxMs")}`)],
      ["event loop max ms: web | deliverers", outbox((r) => `${get(r, "eventLoopDelayMs.web.max")} | ${(get(r, "eventLoopDelayMs.deliver") as LoopDelay[]).map((l) => l.max).join(", ")}`)],
      ["callbacks answered (route: status)", outbox((r) => json(get(r, "callbacks")))],
      ["callbacks as Zalo | eSMS saw them", outbox((r) => `${json(get(r, "callbacksAsProvidersSawThem.zalo"))} | ${json(get(r, "callbacksAsProvidersSawThem.esms"))}`)],
      ["receipts recorded (deliveredAt)", outbox((r) => get(r, "receiptsMarked"))],
      ["load average (1 min) before/after", (r) => (get(r, "loadAvg1m") as number[]).join("/")],
    ];
    const header = ["", ...names.map((n) => ({ bare: "bare (no db)", baseline: "outbox 0 %", fail500: `outbox ${FAIL * 100} % 500`, ambiguous: `outbox ${FAIL * 100} % accept-then-500` })[n] ?? n)];
    const table = [header, ...rows.map(([label, f]) => [label, ...names.map((n) => String(f(results[n], n) ?? "–"))])];
    const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
    console.log(`\n${PG ? "PostgreSQL" : "SQLite"}, ${os.cpus().length} cores, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    for (const row of table) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    for (const n of names) {
      for (const e of (get(results[n], "emitted.errors") as string[] | undefined) ?? []) console.log(`${n}: an event transaction failed: ${e}`);
      for (const e of (get(results[n], "deliverDue.errorExamples") as string[] | undefined) ?? []) console.log(`${n}: deliverDue threw: ${e}`);
      for (const d of (get(results[n], "doubledExamples") as string[] | undefined) ?? []) console.log(`${n}: doubled: ${d}`);
      for (const [who, key] of [["delivery", "deliverDue.failedStatements"], ["web", "web.failedStatements"]] as const) {
        for (const f of (get(results[n], key) as Array<{ sql: string; failed: number; error?: string }> | undefined) ?? []) console.log(`${n}: ${who} processes: ${f.failed}× failed (${f.error}): ${f.sql}`);
      }
    }
    if (PROFILE) {
      for (const n of names) {
        for (const [who, key] of [["the delivery processes (both)", "deliverDue.sql"], ["the web process", "web.sql"]] as const) {
          const sql = get(results[n], key) as { totalMs: number; queries: number; top: Array<{ sql: string; n: number; ms: number; maxMs: number }> } | undefined;
          if (!sql) continue;
          console.log(`\n${n}: SQL in ${who}, ${sql.totalMs} ms over ${sql.queries} statements; by shape:`);
          for (const s of sql.top) console.log(`  ${String(s.ms).padStart(8)} ms ${String(s.n).padStart(7)}× (max ${String(s.maxMs).padStart(5)} ms)  ${s.sql}`);
        }
      }
    }
    console.log(JSON.stringify({
      bench: "notify",
      engine: PG ? "postgresql" : "sqlite",
      cores: os.cpus().length,
      seconds: Math.round((performance.now() - started) / 1000),
      events: EVENTS,
      farms: FARMS,
      mix: "owner phones: 80 % ZNS, 10 % not Zalo users (ZNS → SMS), 10 % with a Web Push subscription (PUSH first)",
      emission: `${RATE === null ? "as fast as possible" : `steady ${RATE} events/s`}, at most ${EMITTERS} event transactions at once, in one web process, concurrent with delivery`,
      delivery: `${DELIVERERS} ${IN_WEB ? "loops in the web process" : DELIVERERS === 1 ? "process" : "processes"}, each deliverDue() in a loop, ${POLL_MS} ms sleep when nothing was due`,
      retryBaseMs: RETRY_BASE_MS,
      failRate: FAIL,
      zaloEvents: RECEIPTS === "route" ? "the real route action (its rate limit included), from one address" : "verifyZaloSignature + recordReceipt (no rate limit)",
      latency: "provider-accepted time (the fake's record) − the event's commit time, first accepted copy per notification",
      ...results,
    }));
  } finally {
    await cleanup();
  }
}

function pct(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return +sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1);
}

function sqlSummary(reports: SqlReport[]) {
  const merged = new Map<string, SqlStat>();
  for (const s of reports.flatMap((d) => d.sql)) {
    const m = merged.get(s.sql) ?? { sql: s.sql, n: 0, ms: 0, max: 0, failed: 0 };
    m.n += s.n;
    m.ms += s.ms;
    m.max = Math.max(m.max, s.max);
    m.failed += s.failed;
    m.error ??= s.error;
    merged.set(s.sql, m);
  }
  const all = [...merged.values()].sort((a, b) => b.ms - a.ms);
  return {
    totalMs: Math.round(all.reduce((s, x) => s + x.ms, 0)),
    queries: all.reduce((s, x) => s + x.n, 0),
    txCount: reports.reduce((s, d) => s + d.txCount, 0),
    txWaitMs: Math.round(reports.reduce((s, d) => s + d.txWaitMs, 0)),
    beginMaxMs: Math.round(all.find((s) => s.sql.startsWith("BEGIN"))?.max ?? 0),
    top: all.slice(0, 14).map((s) => ({ sql: s.sql, n: s.n, ms: Math.round(s.ms), maxMs: Math.round(s.max), failed: s.failed })),
    failed: all.filter((s) => s.failed > 0).map((s) => ({ sql: s.sql, failed: s.failed, error: s.error })),
  };
}
