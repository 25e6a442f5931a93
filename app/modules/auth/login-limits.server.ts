// Which log-in attempts count against what (ADR 003, 011). Five wrong passwords from anywhere used
// to block an account for everyone, its owner included, and farmers' phone numbers are public. Now
// who is asking decides:
//
// - a **known device** of the account (its `cn_device` entry, device.server.ts): only that
//   device's own counter, 5 failures per 15 minutes. Strangers cannot touch it.
// - an **unknown device**: per address overall (30), per account and address (5), and the
//   account's ceiling for all unknown devices together (10 per 15 minutes), which slows a guess
//   spread over many addresses. From the account's **usual address** (a successful log-in from it
//   in the last 30 days) the ceiling is not applied: strangers elsewhere cannot lock the owner out of
//   the home network either, while that address still gets only 5 tries for the account.
//
// Counters are read before the password is checked, and a full one stops the attempt without
// checking it. Unknown accounts go through the very same counters (keyed by what was typed), so the
// answers and their timing do not tell whether an account exists. When one of the account's
// counters fills up, its owner is told (SECURITY notice, at most once a day), after the answer.
import { isIPv6 } from "node:net";
import { db } from "~/utils/db.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { notify } from "~/modules/notifications/notify.server";
import { redactForLog } from "~/modules/security/log.server";
import { deviceCookieAfterLogin, keyedTag, knownDeviceId, readDeviceEntries, type DeviceAccount } from "./device.server";
import { clearHits, LIMITS, recordHit, retryAfterMs, type Limit } from "./rate-limit.server";

/** An address stays the account's usual one this long after a successful log-in from it. */
export const USUAL_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The unit an address is counted in: an IPv4 address, or an IPv6 /64 (a subscriber's prefix;
 * counting single IPv6 addresses would give each subscriber billions of fresh counters).
 */
export function sourceOf(ip: string): string {
  const address = ip.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const groups = (part: string | undefined) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const [head, tail] = address.split("::");
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/** `ofAccount`: filling it tells the owner; `enforced`: checked before the password; `reset`: a success clears it. */
type Counter = { key: string; limit: Limit; ofAccount: boolean; enforced: boolean; reset: boolean };

export type LoginGuard = {
  /** Milliseconds until this attempt may be made (0: check the password). */
  wait(): Promise<number>;
  /** A wrong password (or no such account). */
  failed(): Promise<void>;
  /** The right password: this source's counter starts over; returns the device cookie to set. */
  succeeded(): Promise<string>;
};

export async function loginGuard(
  { identifier, account, ip, cookieHeader }: { identifier: string; account: DeviceAccount | null; ip: string; cookieHeader?: string | null },
  now = new Date(),
): Promise<LoginGuard> {
  const source = sourceOf(ip);
  const entries = await readDeviceEntries(cookieHeader);
  const deviceId = await knownDeviceId(entries, account, now);
  // read for unknown accounts too (one lookup either way), never true for them
  const seenKey = `login:seen:${await keyedTag(`${account?.id ?? `-${identifier}`}\n${source}`)}`;
  const seen = await db.rateLimit.findUnique({ where: { key: seenKey }, select: { windowStart: true } });
  const usual = !!account && !!seen && seen.windowStart.getTime() > now.getTime() - USUAL_ADDRESS_MS;

  const counters: Counter[] = deviceId
    ? [{ key: `login:device:${deviceId}`, limit: LIMITS.loginPerDevice, ofAccount: true, enforced: true, reset: true }]
    : [
        { key: `login:ip:${source}`, limit: LIMITS.loginPerIp, ofAccount: false, enforced: true, reset: false },
        { key: `login:acct-ip:${identifier}:${source}`, limit: LIMITS.loginPerAccountIp, ofAccount: true, enforced: true, reset: true },
        // Counted from the usual address too, but not enforced there. Never reset by a success: the
        // owner logging in must not give strangers elsewhere fresh tries.
        { key: `login:acct:${identifier}`, limit: LIMITS.loginPerAccount, ofAccount: true, enforced: !usual, reset: false },
      ];

  return {
    async wait() {
      let wait = 0;
      for (const c of counters) if (c.enforced) wait = Math.max(wait, await retryAfterMs(c.key, c.limit, now));
      return wait;
    },
    async failed() {
      let filled = false;
      for (const c of counters) {
        const hits = await recordHit(c.key, c.limit, now);
        if (c.ofAccount && hits === c.limit.max) filled = true;
      }
      if (filled && account) tellOwnerLater(account.id, now);
    },
    async succeeded() {
      if (!account) throw new Error("no account to log in to");
      for (const c of counters) if (c.reset) await clearHits(c.key);
      await db.rateLimit.upsert({ where: { key: seenKey }, create: { key: seenKey, hits: 1, windowStart: now }, update: { hits: { increment: 1 }, windowStart: now } });
      return deviceCookieAfterLogin(entries, account, now);
    },
  };
}

// ——— Telling the owner ————————————————————————————————————————————————————————————————

const pending = new Set<Promise<void>>();

/**
 * Written after the answer has gone, so a wrong guess at an existing account takes no longer than
 * one at an unknown account. One notice a day at most: an attack that goes on for hours must not
 * send a message every quarter of an hour, at night too (SECURITY ignores quiet hours).
 */
function tellOwnerLater(userId: string, now: Date): void {
  const work = (async () => {
    if ((await recordHit(`login:notice:${userId}`, LIMITS.loginNotice, now)) !== 1) return;
    await db.$transaction((tx) =>
      notify(tx, { dedupeKey: `login-failures:${userId}:${now.getTime()}`, kind: "SECURITY", to: { userId, audience: "BUYER" }, params: { event: "loginFailures" }, link: "/account/password", now }),
    );
    deliverSoon();
  })()
    .catch((e: unknown) => console.warn(redactForLog(`log-in notice failed: ${(e as Error).message}`)))
    .finally(() => pending.delete(work));
  pending.add(work);
}

/** Tests: waits for the notices being written. */
export async function loginNoticesWritten(): Promise<void> {
  await Promise.all([...pending]);
}
