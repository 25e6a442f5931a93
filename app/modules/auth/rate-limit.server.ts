// Fixed-window counters kept in the database, so every app process shares them. A key over its
// limit is refused until its window ends: the real owner waits minutes, never forever.
import { db } from "~/utils/db.server";

export type Limit = { max: number; windowMs: number };

export const LIMITS = {
  // Log-in (login-limits.server.ts, ADR 003). A known device of the account (device cookie) has
  // its own counter; unknown devices are counted per address, per account and address, and for the
  // account all together (not from its usual address), so strangers cannot lock the owner out.
  loginPerDevice: { max: 5, windowMs: 15 * 60 * 1000 },
  loginPerAccountIp: { max: 5, windowMs: 15 * 60 * 1000 },
  loginPerAccount: { max: 10, windowMs: 15 * 60 * 1000 },
  loginPerIp: { max: 30, windowMs: 15 * 60 * 1000 },
  // the owner is told when one of the account's counters fills up: once a day at most
  loginNotice: { max: 1, windowMs: 24 * 60 * 60 * 1000 },
  // Checkout holds stock for 30 minutes and card payments call the provider: bounded per buyer,
  // and per address more generously (mobile carriers put many phones behind one address).
  checkoutPerUser: { max: 20, windowMs: 15 * 60 * 1000 },
  checkoutPerIp: { max: 120, windowMs: 15 * 60 * 1000 },
  // Payment providers retry and burst; this only bounds a flood of (unsigned) requests.
  webhookPerIp: { max: 600, windowMs: 60 * 1000 },
} satisfies Record<string, Limit>;

/** Milliseconds until `key` may try again, or 0 when it is under its limit. */
export async function retryAfterMs(key: string, limit: Limit, now = new Date()): Promise<number> {
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row) return 0;
  const windowEnd = row.windowStart.getTime() + limit.windowMs;
  if (windowEnd <= now.getTime() || row.hits < limit.max) return 0;
  return windowEnd - now.getTime();
}

/** Counts one attempt against `key`, starting a new window when the old one has ended. */
export async function recordHit(key: string, limit: Limit, now = new Date()): Promise<number> {
  const windowFloor = new Date(now.getTime() - limit.windowMs);
  // Expired window: restart it. updateMany's where makes the reset a no-op if another request
  // already restarted it.
  const reset = await db.rateLimit.updateMany({
    where: { key, windowStart: { lte: windowFloor } },
    data: { hits: 1, windowStart: now },
  });
  if (reset.count === 1) return 1;
  const row = await db.rateLimit.upsert({
    where: { key },
    create: { key, hits: 1, windowStart: now },
    update: { hits: { increment: 1 } },
  });
  return row.hits;
}

export async function clearHits(key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}

/** Counts one use of every key; milliseconds to wait when any is over its limit (0: go ahead). */
export async function consume(keys: Array<[key: string, limit: Limit]>, now = new Date()): Promise<number> {
  let wait = 0;
  for (const [key, limit] of keys) {
    const hits = await recordHit(key, limit, now);
    if (hits > limit.max) wait = Math.max(wait, await retryAfterMs(key, limit, now));
  }
  return wait;
}

/** Placing an order or starting a card payment: per buyer and per address. */
export function checkoutRateLimit({ userId, ip }: { userId: string; ip: string }): Promise<number> {
  return consume([[`checkout:user:${userId}`, LIMITS.checkoutPerUser], [`checkout:ip:${ip}`, LIMITS.checkoutPerIp]]);
}

/** Payment notifications, before their signature is checked: per address. */
export function webhookRateLimit({ ip }: { ip: string }): Promise<number> {
  return consume([[`webhook:ip:${ip}`, LIMITS.webhookPerIp]]);
}
