// bench/notify: the notification outbox (app/modules/notifications, ADR 014) under load, against
// the local fakes of the providers' real HTTP APIs (tests/fakes: Zalo ZNS + OAuth, eSMS, a Web
// Push service that decrypts and checks VAPID).
//
// 10,000 new-order events go through the real path, each in its own transaction
// (recordOrderEvent → announceOrderEvent → notify: one Notification and its first
// NotificationDelivery per farm member), at a steady rate, while delivery runs at the same time in
// separate processes (like two app processes: each calls deliverDue({ limit: 200 }) in a loop and
// sleeps briefly when nothing was due). Then it waits until no delivery is PENDING or SENDING and
// counts, from what the fakes recorded (joined on our delivery id → notification → event → the
// event's commit time): messages/s, commit → provider-accepted latency, provider calls, lost
// notifications (nothing accepted anywhere) and doubled ones (accepted more than once).
//
// Runs, all on one fresh database (SQLite, or PostgreSQL with --pg, dropped at the end):
//   bare       the ceiling: the same messages sent straight to the fakes by the same two processes
//              (the eSMS sender object, the ZNS request and web-push call the senders make), no database
//   baseline   the outbox, no provider failures
//   fail500    20 % of provider calls answered 500 before the provider takes the message
//   ambiguous  20 % "accept-then-500": the provider takes the message, the answer is lost. eSMS
//              dedupes on RequestId and Web Push replaces by Topic; Zalo has no duplicate check, and
//              the app relies on Zalo's signed delivery event (POST /resources/webhooks/zalo, the
//              real route action) to mark the delivery sent before its retry falls due
// The last line is one JSON object with every figure.
//
//   npm run bench:notify [-- --pg] [--events 10000] [--farms 300] [--rate 250|max] [--retry-base 200]
//     [--fail 0.2] [--deliverers 2] [--poll 20] [--timeout 120] [--receipts route|direct]
//     [--runs bare,baseline,fail500,ambiguous] [--profile] [--cpu-prof dir]
// --rate: events per second (max: as fast as one emitter goes). --receipts direct: Zalo's events
// verified and recorded with the route's own functions but without its rate limit. --profile: SQL
// time per statement shape in the delivery processes. --cpu-prof: their V8 CPU profiles into dir.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] ?? fallback : fallback);
const num = (name: string, fallback: number) => {
  const v = Number(opt(name, String(fallback)));
  return Number.isFinite(v) ? v : fallback;
};
const flag = (name: string) => argv.includes(`--${name}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ——— Messages between the bench and its delivery processes ———————————————————————————————————

type BareItem = { channel: "ZNS" | "SMS" | "PUSH"; deliveryId: string; phone: string; userId: string; params: string; link: string; sub?: { endpoint: string; p256dh: string; auth: string } };
type SqlStat = { sql: string; n: number; ms: number };
type DelivererStats = {
  pid: number;
  batches: number[][]; // [ms, claimed, sent, retried, failedOver, dead] per deliverDue that claimed something
  emptyPolls: number;
  emptyMs: number;
  errors: number; // deliverDue threw (logged and carried on, as the app's deliverSoon does)
  errorExamples: string[];
  sql: SqlStat[];
  txWaitMs: number; // time spent getting a transaction started (the connection's mutex, BEGIN IMMEDIATE's lock)
  txCount: number;
};
type BareResult = { pid: number; ms: number; calls: number; ok: number; failed: number; perCall: Record<BareItem["channel"], number[]>; errors: string[] };
type ToChild = { type: "stop" } | { type: "bare"; items: BareItem[]; concurrency: number };
type FromChild = { type: "ready" } | { type: "stats"; stats: DelivererStats } | { type: "bareDone"; result: BareResult };

const ROLE = opt("child", "");
if (ROLE === "deliver") await deliverer();
else if (ROLE === "bare") await bareSender();
else await main();

// ——— A delivery process ———————————————————————————————————————————————————————————————————

/** SQL time by statement shape: the driver adapters' connect() wrapped before the app makes its client. */
async function profileSql() {
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
      try {
        return await fn(...a);
      } finally {
        const key = shape(sqlOf(...a));
        const s = byShape.get(key) ?? { sql: key, n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t;
        byShape.set(key, s);
      }
    };
  type Q = { sql: string };
  type Queryable = { queryRaw: (q: Q) => Promise<unknown>; executeRaw: (q: Q) => Promise<unknown> };
  type Adapter = Queryable & { startTransaction: (...a: unknown[]) => Promise<Queryable & { commit: () => Promise<void>; rollback: () => Promise<void> }> };
  const wrap = (q: Queryable) => {
    q.queryRaw = time(q.queryRaw.bind(q), (x: Q) => x.sql);
    q.executeRaw = time(q.executeRaw.bind(q), (x: Q) => x.sql);
  };
  const patch = (proto: { connect: () => Promise<unknown> }) => {
    const connect = proto.connect;
    proto.connect = async function (this: unknown) {
      const adapter = (await connect.call(this)) as Adapter;
      wrap(adapter);
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (...a: unknown[]) => {
        const t = performance.now();
        const t0 = await start(...a);
        tx.waitMs += performance.now() - t;
        tx.count++;
        wrap(t0);
        t0.commit = time(t0.commit.bind(t0), () => "COMMIT");
        return t0;
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

async function deliverer() {
  process.on("disconnect", () => process.exit(1)); // the bench went away
  const sqlStats = flag("profile") ? await profileSql() : () => ({ sql: [] as SqlStat[], txWaitMs: 0, txCount: 0 });
  const { deliverDue } = await import("../app/modules/notifications/deliver.server");
  const { renderNotification } = await import("../app/modules/notifications/texts.server");
  const { db } = await import("../app/utils/db.server");
  const poll = num("poll", 20);
  await deliverDue({ limit: 200 }); // connects; nothing is due yet
  await renderNotification({ kind: "ORDER_NEW", params: "{}", locale: "vi", link: "/" }); // i18n loaded
  let stopping = false;
  process.on("message", (m: ToChild) => {
    if (m.type === "stop") stopping = true;
  });
  process.send!({ type: "ready" } satisfies FromChild);
  const stats: DelivererStats = { pid: process.pid, batches: [], emptyPolls: 0, emptyMs: 0, errors: 0, errorExamples: [], sql: [], txWaitMs: 0, txCount: 0 };
  while (!stopping) {
    const t = performance.now();
    let r;
    try {
      r = await deliverDue({ limit: 200 });
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
  Object.assign(stats, sqlStats());
  await db.$disconnect();
  process.send!({ type: "stats", stats } satisfies FromChild, () => process.exit(0));
}

// ——— The ceiling: the same requests, no database ————————————————————————————————————————————

async function bareSender() {
  process.on("disconnect", () => process.exit(1));
  const webpush = (await import("web-push")).default;
  const { createEsmsSender } = await import("../app/modules/notifications/providers/esms.server");
  const { renderNotification } = await import("../app/modules/notifications/texts.server");
  const e = process.env;
  const sms = createEsmsSender({ apiKey: e.ESMS_API_KEY!, secretKey: e.ESMS_SECRET_KEY!, brandname: e.ESMS_BRANDNAME!, apiBase: e.ESMS_API_BASE!, callbackBase: e.PUBLIC_URL });
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
  const RATE = opt("rate", "250") === "max" ? Infinity : num("rate", 250);
  const RETRY_BASE_MS = num("retry-base", 200);
  const FAIL = num("fail", 0.2);
  const DELIVERERS = num("deliverers", 2);
  const POLL_MS = num("poll", 20);
  const DRAIN_TIMEOUT_MS = num("timeout", 120) * 1000;
  const RECEIPTS = opt("receipts", "route") === "direct" ? "direct" : "route";
  const RUNS = opt("runs", "bare,baseline,fail500,ambiguous").split(",").filter(Boolean);
  const CPU_PROF = opt("cpu-prof", "");
  const PROFILE = flag("profile");
  // the addresses the providers' callbacks come from (each provider has its own)
  const ZALO_IP = "203.0.113.10", ESMS_IP = "203.0.113.20";

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
      const pg = (await import("pg")).default;
      const adminUrl = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
      const name = `cho_nong_bench_notify_${process.pid}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      cleanups.push(async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      });
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      url = u.toString();
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-bench-notify-"));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      url = `file:${path.join(dir, "bench.db")}`;
    }
    migrateDeploy(url, { quiet: true });

    // The providers call back here: Zalo's delivery events and eSMS's delivery reports go to the
    // app's real route handlers (imported below).
    const callbackStats: Record<string, Record<string, number>> = {};
    let routeHandler: (req: http.IncomingMessage, body: Buffer) => Promise<Response> = async () => new Response("not ready", { status: 503 });
    const hooks = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        routeHandler(req, Buffer.concat(chunks))
          .catch((e: unknown) => (e instanceof Response ? e : new Response(String(e), { status: 500 })))
          .then(async (r) => {
            const key = new URL(req.url ?? "/", "http://x").pathname;
            (callbackStats[key] ??= {})[r.status] = ((callbackStats[key] ??= {})[r.status] ?? 0) + 1;
            res.writeHead(r.status, { "Content-Type": r.headers.get("Content-Type") ?? "text/plain" }).end(Buffer.from(await r.arrayBuffer()));
          });
      });
    });
    await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
    cleanups.push(() => new Promise<void>((r) => {
      hooks.closeAllConnections();
      hooks.close(() => r());
    }));
    const PUBLIC_URL = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;

    // A production-like environment before any app module is imported (they make the database
    // client and read the environment at import).
    Object.assign(process.env, { NODE_ENV: "production", DATABASE_URL: url, NOTIFY_RETRY_BASE_MS: String(RETRY_BASE_MS), PUBLIC_URL, HOUSEKEEPING_INTERVAL_MS: "0" });
    for (const k of ["SQLITE_FILE", "SMTP_URL", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"]) delete process.env[k];
    const { db } = await import("../app/utils/db.server");
    cleanups.push(() => db.$disconnect());
    if (!PG) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL"); // as scripts/setup.ts leaves the app's file
    const { recordOrderEvent } = await import("../app/modules/orders/events.server");
    const { action: zaloWebhook } = await import("../app/routes/resources+/webhooks.zalo");
    const { loader: smsWebhook } = await import("../app/routes/resources+/webhooks.sms");
    const { recordReceipt, verifyZaloSignature } = await import("../app/modules/notifications/receipts.server");
    const { bulkInsert } = await import("../prisma/bulk-insert");
    const { startMessagingFakes, zaloPhone } = await import("../tests/fakes/messaging");

    routeHandler = async (req, body) => {
      const u = new URL(req.url ?? "/", PUBLIC_URL);
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const request = new Request(u, { method: req.method, headers, body: req.method === "POST" ? body.toString("utf8") : undefined });
      if (u.pathname === "/resources/webhooks/zalo" && req.method === "POST") {
        if (RECEIPTS === "route") return zaloWebhook({ request, context: { clientIp: ZALO_IP }, params: {} });
        // the route's own checks and receipt, without its rate limit
        const raw = body.toString("utf8");
        const event = JSON.parse(raw) as { timestamp?: string; message?: { msg_id?: string; tracking_id?: string; delivery_time?: string } };
        if (!verifyZaloSignature({ appId: process.env.ZALO_APP_ID!, oaSecret: process.env.ZALO_OA_SECRET_KEY!, rawBody: raw, timestamp: String(event.timestamp ?? ""), header: headers.get("X-ZEvent-Signature") })) return new Response("invalid signature", { status: 400 });
        await recordReceipt({ deliveryId: event.message?.tracking_id, providerRef: event.message?.msg_id, delivered: true, at: new Date(Number(event.message?.delivery_time)) });
        return Response.json({ received: true });
      }
      if (u.pathname === "/resources/webhooks/sms" && req.method === "GET") return smsWebhook({ request, context: { clientIp: ESMS_IP }, params: {} });
      return new Response("not found", { status: 404 });
    };

    // ——— Data: farms whose owners have verified phones, products, a buyer's orders ———
    const t0 = performance.now();
    const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(6, "0")}`;
    const created = new Date(Date.now() - 30 * 86_400_000);
    // farm i: i % 10 === 3 → its owner's number is not a Zalo user (ZNS → SMS); i % 10 === 7 → the
    // owner also has a Web Push subscription (PUSH first); the rest reach ZNS
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
    console.log(`events at ${RATE === Infinity ? "max rate (one emitter, one transaction at a time)" : `${RATE}/s (steady)`}; ${DELIVERERS} delivery child processes, each deliverDue({ limit: 200 }) in a loop, ${POLL_MS} ms sleep when nothing was due; NOTIFY_RETRY_BASE_MS=${RETRY_BASE_MS}; fail rate ${FAIL * 100} %; Zalo receipts: ${RECEIPTS === "route" ? "the real route action (rate limit included)" : "verify + recordReceipt (no rate limit)"}`);

    // ——— Processes ———
    const self = fileURLToPath(import.meta.url);
    const spawnChild = (role: "deliver" | "bare", env: NodeJS.ProcessEnv, n: number) => {
      const execArgv = ["--import", "tsx", ...(CPU_PROF && role === "deliver" ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(CPU_PROF), "--cpu-prof-name", `notify-${n}-${Date.now()}.cpuprofile`] : [])];
      const child = fork(self, ["--child", role, "--poll", String(POLL_MS), ...(PROFILE ? ["--profile"] : [])], { execArgv, env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
        const onExit = (code: number | null) => reject(new Error(`a ${type === "ready" ? "starting" : "running"} child process exited (${code})`));
        child.on("message", onMessage);
        child.once("exit", onExit);
      });
    const exited = (child: ChildProcess) => (child.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r())));

    type Fakes = Awaited<ReturnType<typeof startMessagingFakes>>;
    const pushSubs = new Map<number, { endpoint: string; p256dh: string; auth: string }>();
    async function startFakes(withZaloEvents: boolean): Promise<Fakes> {
      const fakes = await startMessagingFakes({ zaloCallbackUrl: withZaloEvents ? `${PUBLIC_URL}/resources/webhooks/zalo` : undefined });
      fakes.useInThisProcess(); // planning (notify) reads which channels are configured
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
    const closeFakes = async (fakes: Fakes) => {
      fakes.forgetInThisProcess();
      await fakes.close();
    };

    const results: Record<string, Record<string, unknown>> = {};

    // ——— bare: the ceiling ———
    if (RUNS.includes("bare")) {
      const fakes = await startFakes(false);
      const loadBefore = os.loadavg()[0];
      try {
        const items: BareItem[] = farmOrders.map((fo, n) => {
          const kind = farmKind(fo.farm);
          const params = JSON.stringify({ number: `CN-B${n}`, farm: `Vườn Bench ${fo.farm}`, buyer: `Người mua ${n % BUYERS}`, amountVnd: 20_000, payment: "VIETQR" });
          return { channel: kind, deliveryId: randomBytes(15).toString("hex").slice(0, 24), phone: ownerPhone(fo.farm), userId: id("own", fo.farm), params, link: `/seller/orders/${fo.id}`, sub: pushSubs.get(fo.farm) };
        });
        const children = Array.from({ length: DELIVERERS }, (_, k) => spawnChild("bare", { ...process.env, ...fakes.env }, k));
        await Promise.all(children.map((c) => nextMessage(c, "ready")));
        const start = Date.now();
        const done = children.map((c) => nextMessage(c, "bareDone"));
        children.forEach((c, k) => c.connected && c.send({ type: "bare", items: items.filter((_, i) => i % DELIVERERS === k), concurrency: 16 } satisfies ToChild));
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
        await closeFakes(fakes);
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
      for (const k of Object.keys(callbackStats)) delete callbackStats[k];

      const fakes = await startFakes(sc.zaloEvents);
      try {
        await bulkInsert(db, "PushSubscription", [...pushSubs].map(([i, s]) => ({ id: id("ps", i), userId: id("own", i), endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, userAgent: "bench", createdAt: new Date() })));
        const children = Array.from({ length: DELIVERERS }, (_, k) => spawnChild("deliver", { ...process.env, ...fakes.env }, k));
        await Promise.all(children.map((c) => nextMessage(c, "ready")));
        for (const f of [fakes.zalo, fakes.sms, fakes.push]) f.setFailRate(sc.fail, sc.mode);

        // Events, each in its own transaction, at a steady rate (or as fast as one emitter goes)
        const loadBefore = os.loadavg()[0];
        const commitAt = new Map<string, number>();
        const txMs: number[] = [];
        const emitStart = Date.now();
        const tEmit = performance.now();
        for (let n = 0; n < EVENTS; n++) {
          if (RATE !== Infinity) {
            const wait = tEmit + (n * 1000) / RATE - performance.now();
            if (wait > 1) await sleep(wait);
          }
          const t = performance.now();
          const eventId = await db.$transaction((tx) => recordOrderEvent(tx, { farmOrderId: farmOrders[n].id, fromStatus: null, toStatus: "AWAITING_PAYMENT", actorRole: "BUYER" }));
          commitAt.set(eventId, Date.now());
          txMs.push(performance.now() - t);
        }
        const emitSeconds = (performance.now() - tEmit) / 1000;

        // until nothing is waiting to be sent (or the timeout)
        const deadline = Date.now() + DRAIN_TIMEOUT_MS;
        let open = -1;
        while (Date.now() < deadline) {
          open = await db.notificationDelivery.count({ where: { status: { in: ["PENDING", "SENDING"] } } });
          if (open === 0) break;
          await sleep(100);
        }
        const drainedAt = Date.now();
        // the providers' last callbacks (sent 30 ms after a message)
        for (let i = 0; i < 50; i++) {
          const zaloDone = !sc.zaloEvents || fakes.zalo.callbacks.length >= fakes.zalo.messages.length;
          if (zaloDone && fakes.sms.callbacks.length >= fakes.sms.messages.length) break;
          await sleep(100);
        }
        const stats = children.map((c) => nextMessage(c, "stats"));
        for (const c of children) if (c.connected) c.send({ type: "stop" } satisfies ToChild);
        const delivererStats = (await Promise.all(stats)).map((s) => s.stats);
        await Promise.all(children.map(exited));

        results[sc.name] = { ...(await measure({ sc, fakes, commitAt, txMs, emitStart, emitSeconds, drainedAt, openAtEnd: open, delivererStats })), loadAvg1m: [+loadBefore.toFixed(2), +os.loadavg()[0].toFixed(2)] };
      } finally {
        await closeFakes(fakes);
      }
      printProgress(sc.name, results[sc.name]);
    }

    // ——— What happened, from the fakes' records and the database ———
    async function measure(r: { sc: (typeof scenarios)[number]; fakes: Fakes; commitAt: Map<string, number>; txMs: number[]; emitStart: number; emitSeconds: number; drainedAt: number; openAtEnd: number; delivererStats: DelivererStats[] }) {
      const { fakes } = r;
      const notifications = await db.notification.findMany({ select: { id: true, dedupeKey: true, status: true, plan: true } });
      const deliveries = await db.notificationDelivery.findMany({ select: { id: true, notificationId: true, channel: true, status: true, attempts: true, deliveredAt: true } });
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
      let lost = 0, doubled = 0, doubledRaw = 0, lastAccepted = 0, crossChannel = 0;
      const perProvider = { zns: 0, sms: 0, pushRaw: 0, pushInbox: 0 };
      const lostExamples: string[] = [];
      for (const n of notifications) {
        const s = seen.get(n.id)!;
        const all = [...s.zalo, ...s.sms, ...s.pushRaw];
        if (all.length === 0) {
          lost++;
          if (lostExamples.length < 3) lostExamples.push(`${n.id} ${n.status} plan ${n.plan}`);
          continue;
        }
        const first = Math.min(...all);
        lastAccepted = Math.max(lastAccepted, first);
        const eventId = n.dedupeKey.split(":")[1];
        const committed = r.commitAt.get(eventId);
        if (committed !== undefined) latencies.push(first - committed);
        // what the person gets: each ZNS and each SMS is a message on the phone; push messages with
        // the same Topic replace each other at the push service (and the service worker shows one
        // per tag), so the Topic inbox counts
        if (s.zalo.length + s.sms.length + s.pushInbox > 1) doubled++;
        if (all.length > 1) doubledRaw++;
        if (s.zalo.length > 1) perProvider.zns++;
        if (s.sms.length > 1) perProvider.sms++;
        if (s.pushRaw.length > 1) perProvider.pushRaw++;
        if (s.pushInbox > 1) perProvider.pushInbox++;
        if ([s.zalo.length, s.sms.length, s.pushRaw.length].filter((x) => x > 0).length > 1) crossChannel++;
      }
      latencies.sort((a, b) => a - b);
      const delivered = notifications.length - lost;
      const span = (lastAccepted - r.emitStart) / 1000;
      const count = <T>(xs: T[], key: (x: T) => string) => xs.reduce<Record<string, number>>((o, x) => ((o[key(x)] = (o[key(x)] ?? 0) + 1), o), {});
      const batches = r.delivererStats.flatMap((s) => s.batches);
      const batchMs = batches.map((b) => b[0]).sort((a, b) => a - b);
      const full = batches.filter((b) => b[1] >= 150).map((b) => b[0] / b[1]).sort((a, b) => a - b);
      const claimed = batches.reduce((s, b) => s + b[1], 0);
      const busyMs = batches.reduce((s, b) => s + b[0], 0);
      const txSorted = [...r.txMs].sort((a, b) => a - b);
      const sent = new Set(deliveries.filter((d) => d.status === "SENT").map((d) => d.id));
      const acceptedIds = new Set([...fakes.zalo.messages.map((m) => m.trackingId), ...fakes.sms.messages.map((m) => m.requestId), ...fakes.push.received.map((m) => m.topic)]);
      return {
        events: r.commitAt.size,
        emitted: { seconds: +r.emitSeconds.toFixed(1), perSecond: +(r.commitAt.size / r.emitSeconds).toFixed(1), txMs: { p50: pct(txSorted, 50), p95: pct(txSorted, 95), p99: pct(txSorted, 99) } },
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
        crossChannel,
        unmatchedProviderRecords: unknown,
        sentWithoutProviderRecord: [...sent].filter((d) => !acceptedIds.has(d)).length,
        notificationStatus: count(notifications, (n) => n.status),
        deliveryStatus: count(deliveries, (d) => `${d.channel} ${d.status}`),
        deliveriesPerNotification: +(deliveries.length / Math.max(1, notifications.length)).toFixed(3),
        attempts: count(deliveries, (d) => String(d.attempts)),
        receiptsMarked: deliveries.filter((d) => d.deliveredAt).length,
        stillOpenAtEnd: r.openAtEnd,
        drainedAfterEmitS: +((r.drainedAt - r.emitStart) / 1000 - r.emitSeconds).toFixed(1),
        callbacks: { ...callbackStats },
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
          ...(PROFILE ? { sql: profileSummary(r.delivererStats) } : {}),
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
    const rows: Array<[string, (r: Record<string, unknown>, name: string) => unknown]> = [
      ["events (notifications created)", (r, n) => (n === "bare" ? `${get(r, "messages")} msgs` : `${get(r, "events")} (${get(r, "notifications")})`)],
      ["emitted: events/s, tx p95 ms", (r) => (get(r, "emitted") ? `${get(r, "emitted.perSecond")}, ${get(r, "emitted.txMs.p95")}` : "–")],
      ["delivered notifications", (r, n) => (n === "bare" ? get(r, "accepted") : get(r, "delivered"))],
      ["messages/s (first event → last delivery)", (r) => get(r, "messagesPerSecond")],
      ["commit → provider p50 ms", (r, n) => (n === "bare" ? `call ${get(r, "callMs.p50")}` : get(r, "latencyMs.p50"))],
      ["commit → provider p95 ms", (r, n) => (n === "bare" ? `call ${get(r, "callMs.p95")}` : get(r, "latencyMs.p95"))],
      ["commit → provider p99 ms", (r, n) => (n === "bare" ? `call ${get(r, "callMs.p99")}` : get(r, "latencyMs.p99"))],
      ["commit → provider max ms", (r, n) => (n === "bare" ? `call ${get(r, "callMs.max")}` : get(r, "latencyMs.max"))],
      ["provider calls ZNS/SMS/Push", (r) => `${get(r, "providerCalls.zns")}/${get(r, "providerCalls.sms")}/${get(r, "providerCalls.push")}`],
      ["accepted ZNS/SMS/Push raw/Push inbox", (r, n) => (n === "bare" ? "–" : `${get(r, "accepted.zns")}/${get(r, "accepted.sms")}/${get(r, "accepted.pushRaw")}/${get(r, "accepted.pushInbox")}`)],
      ["LOST (must be 0)", (r) => get(r, "lost") ?? "–"],
      ["DOUBLED (must be 0; Push by Topic inbox)", (r) => get(r, "doubled") ?? "–"],
      ["doubled ZNS/SMS/Push raw/Push inbox", (r, n) => (n === "bare" ? "–" : `${get(r, "doubledByProvider.zns")}/${get(r, "doubledByProvider.sms")}/${get(r, "doubledByProvider.pushRaw")}/${get(r, "doubledByProvider.pushInbox")}`)],
      ["doubled counting raw Push receipts", (r) => get(r, "doubledRaw") ?? "–"],
      ["accepted on two channels", (r) => get(r, "crossChannel") ?? "–"],
      ["notification status", (r) => (get(r, "notificationStatus") ? JSON.stringify(get(r, "notificationStatus")) : "–")],
      ["deliveries per notification", (r) => get(r, "deliveriesPerNotification") ?? "–"],
      ["still PENDING/SENDING at end", (r) => get(r, "stillOpenAtEnd") ?? "–"],
      ["drain after last event, s", (r) => get(r, "drainedAfterEmitS") ?? "–"],
      ["deliverDue batches (claimed)", (r) => (get(r, "deliverDue") ? `${get(r, "deliverDue.batches")} (${get(r, "deliverDue.claimed")})` : "–")],
      ["deliverDue batch ms p50/p95/max", (r) => (get(r, "deliverDue") ? `${get(r, "deliverDue.batchMs.p50")}/${get(r, "deliverDue.batchMs.p95")}/${get(r, "deliverDue.batchMs.max")}` : "–")],
      ["ms per message, batches ≥150", (r) => get(r, "deliverDue.msPerMessageInFullBatches") ?? "–"],
      ["msgs per busy second per process", (r) => get(r, "deliverDue.messagesPerBusySecondPerProcess") ?? "–"],
      ["deliverDue errors (thrown)", (r) => get(r, "deliverDue.errors") ?? "–"],
      ["empty polls (mean ms)", (r) => (get(r, "deliverDue") ? `${get(r, "deliverDue.emptyPolls")} (${get(r, "deliverDue.emptyPollMs")})` : "–")],
      ["callbacks: route → status count", (r) => (get(r, "callbacks") ? Object.entries(get(r, "callbacks") as Record<string, Record<string, number>>).map(([k, v]) => `${k.split("/").pop()} ${JSON.stringify(v)}`).join(" ") || "–" : "–")],
      ["receipts marked (deliveredAt)", (r) => get(r, "receiptsMarked") ?? "–"],
      ["load average (1 min) before/after", (r) => (get(r, "loadAvg1m") as number[] | undefined)?.join("/") ?? "–"],
    ];
    const header = ["", ...names.map((n) => ({ bare: "bare (no db)", baseline: "outbox 0 %", fail500: `outbox ${FAIL * 100} % 500`, ambiguous: `outbox ${FAIL * 100} % acc-then-500` })[n] ?? n)];
    const table = [header, ...rows.map(([label, f]) => [label, ...names.map((n) => String(f(results[n], n) ?? "–"))])];
    const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
    console.log(`\n${PG ? "PostgreSQL" : "SQLite"}, ${os.cpus().length} cores`);
    for (const row of table) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    for (const n of names) {
      const examples = get(results[n], "deliverDue.errorExamples") as string[] | undefined;
      if (examples?.length) console.log(`${n}: deliverDue threw ${get(results[n], "deliverDue.errors")}×, e.g. ${examples.map((e) => JSON.stringify(e)).join("; ")}`);
    }
    if (PROFILE) {
      for (const n of names) {
        const sql = get(results[n], "deliverDue.sql") as ReturnType<typeof profileSummary> | undefined;
        if (!sql) continue;
        console.log(`\n${n}: SQL in the delivery processes (both), total ${sql.totalMs} ms over ${sql.queries} queries; ${sql.txCount} transactions waited ${sql.txWaitMs} ms to begin`);
        for (const s of sql.top) console.log(`  ${String(s.ms).padStart(8)} ms ${String(s.n).padStart(7)}×  ${s.sql}`);
      }
    }
    console.log(JSON.stringify({
      bench: "notify",
      engine: PG ? "postgresql" : "sqlite",
      cores: os.cpus().length,
      events: EVENTS,
      farms: FARMS,
      mix: "owner phones: 80 % ZNS, 10 % not Zalo users (ZNS → SMS), 10 % with a Web Push subscription (PUSH first)",
      emission: RATE === Infinity ? "max: one emitter, one transaction at a time, concurrent with delivery" : `steady ${RATE} events/s, concurrent with delivery`,
      delivery: `${DELIVERERS} child processes, each deliverDue({ limit: 200 }) in a loop, ${POLL_MS} ms sleep when nothing was due`,
      retryBaseMs: RETRY_BASE_MS,
      failRate: FAIL,
      zaloReceipts: RECEIPTS === "route" ? "real route action (its rate limit included), Zalo's events from one address" : "verifyZaloSignature + recordReceipt (no rate limit)",
      latency: "provider-accepted time (fake's record) − the event's commit time, first accepted message per notification",
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

function profileSummary(stats: DelivererStats[]) {
  const merged = new Map<string, SqlStat>();
  for (const s of stats.flatMap((d) => d.sql)) {
    const m = merged.get(s.sql) ?? { sql: s.sql, n: 0, ms: 0 };
    m.n += s.n;
    m.ms += s.ms;
    merged.set(s.sql, m);
  }
  const all = [...merged.values()].sort((a, b) => b.ms - a.ms);
  return {
    totalMs: Math.round(all.reduce((s, x) => s + x.ms, 0)),
    queries: all.reduce((s, x) => s + x.n, 0),
    txCount: stats.reduce((s, d) => s + d.txCount, 0),
    txWaitMs: Math.round(stats.reduce((s, d) => s + d.txWaitMs, 0)),
    top: all.slice(0, 14).map((s) => ({ sql: s.sql, n: s.n, ms: Math.round(s.ms) })),
  };
}
