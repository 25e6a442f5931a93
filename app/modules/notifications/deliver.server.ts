// Sending what notify() wrote (ADR 014). Every process runs this — after its own commits
// (deliverSoon), when a retry falls due (a timer), and from housekeeping — and they never send a
// row twice at once: a batch of due rows is claimed with one conditional update that stamps a
// random claim token and a lease. A process that dies mid-send leaves a lease that runs out; the
// row is claimed again and sent with the same id, which the provider recognises.
//
// A failed attempt is retried on the same channel with exponential backoff when the trouble may
// pass (network, outage, rate limit); after the last attempt, or at once when the channel cannot
// carry the message (not a Zalo user, no template, quota spent, no device), the next channel of
// the notification's plan gets its own row. When the plan runs out the notification is dead: a
// dead letter on /admin, with a retry button that sends the same rows again (same ids).
import { randomBytes } from "node:crypto";
import { db, type Tx } from "~/utils/db.server";
import { redactForLog } from "~/modules/security/log.server";
import { isChannel, type Channel, type Kind } from "./channels";
import { newDeliveryId } from "./notify.server";
import { devMessagesEnabled, senderFor } from "./registry.server";
import type { SendOutcome } from "./sender.server";
import { renderNotification } from "./texts.server";

/** Attempts on one channel before the next is tried; the last channel of a plan gets more. */
export const MAX_ATTEMPTS = 5;
export const MAX_ATTEMPTS_LAST = 10;
/**
 * A claimed row not finished by then is claimed again. A batch is 32 rows sent 16 at a time, and a
 * request times out after 10 s, so a batch normally ends well within it; a row whose batch has run
 * past half of it renews its lease (if still its own) before being sent.
 */
const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

function retryBaseMs(): number {
  const v = Number(process.env.NOTIFY_RETRY_BASE_MS);
  return Number.isFinite(v) && v > 0 ? v : 10_000;
}

/** 10 s, 30 s, 90 s, 4.5 min, 13.5 min… (×3 each time, at most an hour), ±20 % so retries spread. */
export function backoffMs(attempt: number, base = retryBaseMs(), random = Math.random): number {
  const raw = Math.min(MAX_BACKOFF_MS, base * 3 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export type DeliverReport = { claimed: number; sent: number; retried: number; failedOver: number; dead: number; expired: number };

/**
 * A code, or a reset link's token, is kept in the notification only until it has been sent (or can
 * no longer be): then it is blanked, so the database never keeps a usable secret (ADR 014).
 */
export async function scrubSecrets(tx: Tx, n: { id: string; kind: string; params: string }): Promise<void> {
  if (n.kind !== "CODE" && !(n.kind === "SECURITY" && n.params.includes('"resetLink"'))) return;
  if (devMessagesEnabled()) return; // `npm run dev`: /dev/messages shows the code; nothing leaves the machine
  const params = JSON.parse(n.params || "{}") as Record<string, unknown>;
  if ("code" in params) params.code = "••••••";
  await tx.notification.update({ where: { id: n.id }, data: { params: JSON.stringify(params), ...(n.kind === "SECURITY" ? { link: "/forgot-password" } : {}) } });
}

type Claimed = {
  id: string;
  channel: string;
  attempts: number;
  notification: {
    id: string; kind: string; params: string; locale: string; link: string; userId: string | null; phone: string | null; email: string | null;
    plan: string; status: string; expiresAt: Date | null;
  };
};

/** Claims and sends the rows that are due; returns what happened. Safe from any number of processes. */
export async function deliverDue({ now = new Date(), limit = 32, concurrency = 16 }: { now?: Date; limit?: number; concurrency?: number } = {}): Promise<DeliverReport> {
  const report: DeliverReport = { claimed: 0, sent: 0, retried: 0, failedOver: 0, dead: 0, expired: 0 };
  // rows whose sender died with them: due again (looked for first: on SQLite any write takes the lock)
  if (await db.notificationDelivery.findFirst({ where: { status: "SENDING", leaseUntil: { lt: now } }, select: { id: true } })) {
    await db.notificationDelivery.updateMany({ where: { status: "SENDING", leaseUntil: { lt: now } }, data: { status: "PENDING", claimToken: null, leaseUntil: null } });
  }
  const due = await db.notificationDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  if (due.length === 0) return report;
  const token = randomBytes(12).toString("hex");
  await db.notificationDelivery.updateMany({
    where: { id: { in: due.map((d) => d.id) }, status: "PENDING" },
    data: { status: "SENDING", claimToken: token, leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
  });
  const claimed: Claimed[] = await db.notificationDelivery.findMany({
    where: { claimToken: token, status: "SENDING" },
    select: {
      id: true, channel: true, attempts: true,
      notification: { select: { id: true, kind: true, params: true, locale: true, link: true, userId: true, phone: true, email: true, plan: true, status: true, expiresAt: true } },
    },
  });
  report.claimed = claimed.length;
  const claimedAt = Date.now();
  await eachLimited(claimed, concurrency, async (d) => {
    const result = await sendOne(d, token, claimedAt).catch((e: unknown) => {
      // the row stays claimed; its lease runs out and it is sent again with the same id
      console.warn(redactForLog(`notification delivery ${d.id} failed: ${(e as Error).message}`));
      return "retried" as const;
    });
    report[result]++;
  });
  return report;
}

/** A few tries for the bookkeeping after a send: losing it would send the message again later. */
async function persist<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}

async function sendOne(d: Claimed, token: string, claimedAt: number): Promise<Exclude<keyof DeliverReport, "claimed">> {
  const n = d.notification;
  const now = new Date();
  if (n.status !== "PENDING") {
    await db.notificationDelivery.updateMany({ where: { id: d.id, claimToken: token }, data: { status: "DEAD", lastError: `notification ${n.status.toLowerCase()}`, claimToken: null, leaseUntil: null } });
    return "dead";
  }
  if (n.expiresAt && n.expiresAt.getTime() <= now.getTime()) {
    await db.$transaction(async (tx) => {
      await tx.notificationDelivery.updateMany({ where: { id: d.id, claimToken: token }, data: { status: "FAILED", lastError: "expired before it could be sent", claimToken: null, leaseUntil: null } });
      await tx.notification.updateMany({ where: { id: n.id, status: "PENDING" }, data: { status: "EXPIRED" } });
      await scrubSecrets(tx, n);
    });
    return "expired";
  }
  // A batch that has been going for a while (slow providers): make sure the row is still ours, and
  // ours for a full lease, before sending — otherwise another process may have it and send it too.
  if (Date.now() - claimedAt > LEASE_MS / 2) {
    const held = await db.notificationDelivery.updateMany({ where: { id: d.id, claimToken: token, status: "SENDING" }, data: { leaseUntil: new Date(Date.now() + LEASE_MS) } });
    if (held.count !== 1) return "dead";
  }
  const sender = isChannel(d.channel) ? senderFor(d.channel) : null;
  let outcome: SendOutcome;
  if (!sender) {
    outcome = { ok: false, retry: false, error: `${d.channel} is not configured` };
  } else {
    try {
      const text = await renderNotification(n);
      outcome = await sender.send({ deliveryId: d.id, kind: n.kind as Kind, userId: n.userId, phone: n.phone, email: n.email, text, expiresAt: n.expiresAt });
    } catch (e) {
      // a bug or an unexpected answer: logged, and treated as a passing trouble
      console.warn(redactForLog(`notification ${d.channel} send failed: ${(e as Error).message}`));
      outcome = { ok: false, retry: true, error: String((e as Error).message).slice(0, 300) };
    }
  }
  if (outcome.ok) {
    const sent = outcome;
    await persist(() => db.$transaction(async (tx) => {
      const { count } = await tx.notificationDelivery.updateMany({
        where: { id: d.id, claimToken: token },
        data: { status: "SENT", sentAt: now, providerRef: sent.providerRef?.slice(0, 200) ?? null, lastError: null, claimToken: null, leaseUntil: null },
      });
      if (count !== 1) return; // the lease ran out and another process has the row: it finishes it
      await tx.notification.updateMany({ where: { id: n.id, status: "PENDING" }, data: { status: "SENT", sentAt: now } });
      await scrubSecrets(tx, n);
    }));
    return "sent";
  }
  const plan = n.plan.split(",").filter(isChannel);
  const index = plan.indexOf(d.channel as Channel);
  const isLast = index === plan.length - 1;
  const error = outcome.error.slice(0, 500);
  if (outcome.retry && d.attempts < (isLast ? MAX_ATTEMPTS_LAST : MAX_ATTEMPTS)) {
    await persist(() => db.notificationDelivery.updateMany({
      where: { id: d.id, claimToken: token },
      data: { status: "PENDING", nextAttemptAt: new Date(now.getTime() + backoffMs(d.attempts)), lastError: error, claimToken: null, leaseUntil: null },
    }));
    return "retried";
  }
  return persist(() => db.$transaction(async (tx) => {
    const { count } = await tx.notificationDelivery.updateMany({ where: { id: d.id, claimToken: token }, data: { status: "FAILED", lastError: error, claimToken: null, leaseUntil: null } });
    if (count !== 1) return "dead" as const; // the lease ran out and another process took it over
    const next = plan[index + 1];
    if (!next) {
      await tx.notification.updateMany({ where: { id: n.id, status: "PENDING" }, data: { status: "DEAD" } });
      await scrubSecrets(tx, n);
      return "dead" as const;
    }
    await tx.notification.updateMany({ where: { id: n.id, status: "PENDING" }, data: { step: index + 1 } });
    await startChannel(tx, n.id, next, now);
    return "failedOver" as const;
  }));
}

/** The row of `channel` for this notification, due now: a new one, or the earlier one again (same id). */
async function startChannel(tx: Tx, notificationId: string, channel: Channel, now: Date): Promise<void> {
  await tx.notificationDelivery.upsert({
    where: { notificationId_channel: { notificationId, channel } },
    create: { id: newDeliveryId(), notificationId, channel, nextAttemptAt: now },
    update: { status: "PENDING", attempts: 0, nextAttemptAt: now, claimToken: null, leaseUntil: null },
  });
}

/** The admin's retry of a dead letter: its plan from the first channel again, with the same ids. */
export async function retryNotification({ notificationId, now = new Date() }: { notificationId: string; now?: Date }): Promise<boolean> {
  const ok = await db.$transaction(async (tx) => {
    const n = await tx.notification.findUnique({ where: { id: notificationId }, select: { plan: true, status: true, kind: true } });
    const first = n?.plan.split(",").filter(isChannel)[0];
    // a code is not sent again (its value is gone): the person asks for a new one
    if (!n || n.status !== "DEAD" || !first || n.kind === "CODE") return false;
    const { count } = await tx.notification.updateMany({ where: { id: notificationId, status: "DEAD" }, data: { status: "PENDING", step: 0, notBefore: now } });
    if (count !== 1) return false;
    await startChannel(tx, notificationId, first, now);
    return true;
  });
  if (ok) deliverSoon();
  return ok;
}

export async function listDeadLetters({ take = 50 }: { take?: number } = {}) {
  return db.notification.findMany({
    where: { status: "DEAD" },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true, kind: true, status: true, phone: true, email: true, plan: true, createdAt: true,
      deliveries: { select: { channel: true, attempts: true, lastError: true }, orderBy: { createdAt: "asc" } },
    },
  });
}

// ——— Running it in the background ————————————————————————————————————————————————

let running: Promise<void> | null = null;
let again = false;
let wakeTimer: NodeJS.Timeout | null = null;
let wakeAt = Infinity;
let stopped = false;

/**
 * After a commit that wrote notifications: send them now, in the background. Runs never overlap
 * in a process; a call during a run makes it go round once more. Then a timer wakes it for the
 * next retry that falls due (housekeeping also runs it every minute).
 */
export function deliverSoon(): void {
  if (stopped) return;
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    do {
      again = false;
      const r = await deliverDue();
      if (r.claimed === 32 || r.failedOver > 0) again = true; // more is due: a full batch, or the next channels
    } while (again && !stopped);
  })()
    .catch((e) => console.warn(redactForLog(`notification delivery failed: ${(e as Error).message}`)))
    .finally(() => {
      running = null;
      void scheduleWake();
    });
}

/** Sets a timer for the earliest retry that falls due within the next hour. */
async function scheduleWake(): Promise<void> {
  if (stopped) return;
  try {
    const next = await db.notificationDelivery.findFirst({ where: { status: "PENDING" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    if (!next) return;
    const at = Math.max(next.nextAttemptAt.getTime(), Date.now() + 50);
    if (at > Date.now() + 60 * 60 * 1000 || (wakeTimer && at >= wakeAt)) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeAt = at;
    wakeTimer = setTimeout(() => {
      wakeTimer = null;
      wakeAt = Infinity;
      deliverSoon();
    }, at - Date.now());
    wakeTimer.unref();
  } catch {
    // the database went away (shutdown, a test's end): housekeeping will look again
  }
}

/** Resolves when the run in progress (if any) has finished. */
export async function deliveriesSettled(): Promise<void> {
  while (running) await running;
}

/** Shutdown: no new runs or timers; waits for the one in progress. */
export async function stopDelivering(): Promise<void> {
  stopped = true;
  if (wakeTimer) clearTimeout(wakeTimer);
  wakeTimer = null;
  await deliveriesSettled();
}

/** Tests: allow runs again after stopDelivering. */
export function resumeDelivering(): void {
  stopped = false;
}

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]);
  });
  await Promise.all(workers);
}

/** Messages are kept 90 days (what was sent to whom, for questions and the admin), then deleted. */
export const NOTIFICATION_RETENTION_DAYS = 90;
export async function purgeOldNotifications(now = new Date()): Promise<number> {
  const { count } = await db.notification.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * 24 * 60 * 60 * 1000) }, status: { not: "PENDING" } },
  });
  return count;
}

/** The admin's view of recent messages: status per channel, never a code's value. */
export async function listRecentNotifications({ take = 50 }: { take?: number } = {}) {
  return db.notification.findMany({
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true, kind: true, status: true, phone: true, email: true, createdAt: true, notBefore: true, sentAt: true,
      deliveries: { select: { channel: true, status: true, attempts: true, lastError: true, deliveredAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
}
