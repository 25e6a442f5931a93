// One-time codes to a phone or an e-mail, and single-use e-mail links (ADR 014).
// - 6 digits, kept only as sha256("<row id>:<code>"), compared in constant time;
// - valid 5 minutes (a link 30), at most 5 tries, each try counted before it is compared, so
//   parallel guesses cannot exceed 5 between them;
// - a new code to the same address no sooner than 60 s after the last, at most 5 an hour per
//   address, per IP address and for the whole server (CODE_LIMITS), the same whether or not an
//   account exists;
// - the row remembers the address it went to: the flow that uses it checks the account still has
//   that address, and every unused code of an account is dropped when its phone changes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { db, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { consume, retryAfterMs, type Limit } from "./rate-limit.server";

export const CODE_TTL_MS = 5 * 60 * 1000;
export const LINK_TTL_MS = 30 * 60 * 1000;
export const CODE_MAX_TRIES = 5;
export const RESEND_AFTER_MS = 60 * 1000;
const HOUR = 60 * 60 * 1000;
/**
 * Per address: 5 an hour. Per IP address and for the whole server: CODES_PER_IP_HOUR (30) and
 * CODES_PER_HOUR (1,000) — an assisted sign-up day in a commune puts many households behind one
 * Wi-Fi, and the whole-server cap bounds what SMS pumping through many addresses can cost.
 */
export const CODE_LIMITS = {
  perTarget: { max: 5, windowMs: HOUR },
  get perIp(): Limit {
    return { max: env.CODES_PER_IP_HOUR, windowMs: HOUR };
  },
  get total(): Limit {
    return { max: env.CODES_PER_HOUR, windowMs: HOUR };
  },
};

/**
 * ASSIST: a household confirms, with the code sent to its own phone, that a helper opens its farm
 * (ADR 017); PASSWORD_SET: the single-use right, just after that, to set its first password on
 * the helper's phone (a token, not a code).
 */
export type CodePurpose = "SIGNUP" | "PHONE_CHANGE" | "PASSWORD_RESET" | "PASSWORD_CHANGE" | "RESET_LINK" | "ASSIST" | "PASSWORD_SET";

const hashSecret = (id: string, secret: string) => createHash("sha256").update(`${id}:${secret}`).digest();

export function newCodeId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(16));
}

export type IssueRefusal = { ok: false; error: "codeTooSoon" | "tooManyCodes"; retryAfterMs: number };

/**
 * May a code go to `target` now? Counts the attempt against the address and the IP. Called before
 * anything is written, the same way whether or not the address has an account.
 */
export async function mayIssueCode({ target, ip, now = new Date() }: { target: string; ip: string; now?: Date }): Promise<{ ok: true } | IssueRefusal> {
  const last = await db.verificationCode.findFirst({ where: { target }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const sinceLast = last ? now.getTime() - last.createdAt.getTime() : Infinity;
  if (sinceLast < RESEND_AFTER_MS) return { ok: false, error: "codeTooSoon", retryAfterMs: RESEND_AFTER_MS - sinceLast };
  const wait = await consume([[`code:target:${target}`, CODE_LIMITS.perTarget], [`code:ip:${ip}`, CODE_LIMITS.perIp], ["code:all", CODE_LIMITS.total]], now);
  if (wait > 0) return { ok: false, error: "tooManyCodes", retryAfterMs: wait };
  return { ok: true };
}

/** Writes a code row (in the caller's transaction, with the message that carries it). */
export async function createCode(
  tx: Tx,
  { purpose, target, userId = null, payload = "", now = new Date() }: { purpose: Exclude<CodePurpose, "RESET_LINK" | "PASSWORD_SET">; target: string; userId?: string | null; payload?: string; now?: Date },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const id = newCodeId();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await tx.verificationCode.create({ data: { id, purpose, target, userId, secretHash: hashSecret(id, code).toString("hex"), payload, expiresAt, createdAt: now } });
  return { id, code, expiresAt };
}

/** A single-use link's row: the token goes in the e-mail, only its hash here. */
export async function createLink(
  tx: Tx,
  { target, userId, purpose = "RESET_LINK", ttlMs = LINK_TTL_MS, now = new Date() }: { target: string; userId: string | null; purpose?: "RESET_LINK" | "PASSWORD_SET"; ttlMs?: number; now?: Date },
) {
  const id = newCodeId();
  const token = encodeBase64urlNoPadding(randomBytes(32));
  const expiresAt = new Date(now.getTime() + ttlMs);
  await tx.verificationCode.create({ data: { id, purpose, target, userId, secretHash: hashSecret(id, token).toString("hex"), expiresAt, createdAt: now } });
  return { id, token, expiresAt };
}

export type CodeRow = { id: string; purpose: string; target: string; userId: string | null; payload: string; createdAt: Date; expiresAt: Date };
export type CheckResult = { ok: true; row: CodeRow } | { ok: false; error: "codeWrong" | "codeExpired" | "codeLocked" };

/**
 * Checks a code (or a link's token) against row `id`. The try is counted first, with a conditional
 * update, so that a sixth try finds the row locked whatever else is going on. Does not use the
 * code up: the flow does that in its own transaction (consumeCode), with what the code allows.
 */
export async function checkCode({ id, purpose, secret, now = new Date() }: { id: string; purpose: CodePurpose; secret: string; now?: Date }): Promise<CheckResult> {
  const row = await db.verificationCode.findFirst({
    where: { id, purpose },
    select: { id: true, purpose: true, target: true, userId: true, payload: true, createdAt: true, expiresAt: true, consumedAt: true, attempts: true, secretHash: true },
  });
  // an unknown, used or replaced code reads like a wrong one: nothing to learn from the answer
  if (!row || row.consumedAt) return { ok: false, error: "codeWrong" };
  if (row.attempts >= CODE_MAX_TRIES) return { ok: false, error: "codeLocked" };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, error: "codeExpired" };
  const counted = await db.verificationCode.updateMany({ where: { id, consumedAt: null, attempts: { lt: CODE_MAX_TRIES } }, data: { attempts: { increment: 1 } } });
  if (counted.count !== 1) return { ok: false, error: "codeLocked" };
  const expected = Buffer.from(row.secretHash, "hex");
  const given = hashSecret(id, secret.trim());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, error: row.attempts + 1 >= CODE_MAX_TRIES ? "codeLocked" : "codeWrong" };
  }
  const { secretHash: _h, consumedAt: _c, attempts: _a, ...rest } = row;
  return { ok: true, row: rest };
}

/** Uses the code up, inside the transaction of what it allows; false when another request did. */
export async function consumeCode(tx: Tx, id: string, now = new Date()): Promise<boolean> {
  const { count } = await tx.verificationCode.updateMany({ where: { id, consumedAt: null }, data: { consumedAt: now } });
  return count === 1;
}

/** Every unused code of an account goes: its phone changed, its password was reset. */
export async function dropCodesOf(tx: Tx, userId: string, now = new Date()): Promise<void> {
  await tx.verificationCode.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
}

/** A pending code's public facts, for its page: where it went (masked) and when a new one may be asked for. */
export async function describeCode({ id, purposes, now = new Date() }: { id: string; purposes: CodePurpose[]; now?: Date }) {
  const row = await db.verificationCode.findFirst({ where: { id, purpose: { in: purposes } }, select: { target: true, purpose: true, createdAt: true, expiresAt: true, consumedAt: true } });
  if (!row) return null;
  return {
    purpose: row.purpose as CodePurpose,
    maskedTarget: maskAddress(row.target),
    resendInMs: Math.max(0, row.createdAt.getTime() + RESEND_AFTER_MS - now.getTime()),
    expired: row.expiresAt.getTime() <= now.getTime(),
    used: Boolean(row.consumedAt),
  };
}

/** "+84912345678" -> "0912 ••• 678"; "lan.pham@example.vn" -> "la•••@example.vn". */
export function maskAddress(target: string): string {
  if (target.includes("@")) {
    const [local, domain] = target.split("@");
    return `${local.slice(0, 2)}•••@${domain}`;
  }
  const national = target.startsWith("+84") ? "0" + target.slice(3) : target;
  return `${national.slice(0, 4)} ••• ${national.slice(-3)}`;
}

/** The wait before a code may go to `target` again (for the page's "resend in 45 s"). */
export async function codeCooldownMs({ target, now = new Date() }: { target: string; now?: Date }): Promise<number> {
  const last = await db.verificationCode.findFirst({ where: { target }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const perTarget = await retryAfterMs(`code:target:${target}`, CODE_LIMITS.perTarget, now);
  return Math.max(perTarget, last ? Math.max(0, last.createdAt.getTime() + RESEND_AFTER_MS - now.getTime()) : 0);
}

/** Housekeeping: codes older than a day are of no use to anyone (sign-up rows hold a password hash). */
export async function purgeOldCodes(now = new Date()): Promise<number> {
  const { count } = await db.verificationCode.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 24 * 60 * 60 * 1000) } } });
  return count;
}
