// Account flows that need a code and touch several modules: sign-up, forgotten password, password
// change, phone change (ADR 014). Each calls auth (codes, sessions, passwords), notifications (the
// code or notice, written in the same transaction) and farms (invitations to a proven address) in
// order; a step that fails leaves nothing written, because the writes share one transaction.
//
// No enumeration: starting a sign-up or a reset answers the same way, after the same work and no
// sooner than a fixed floor, whether or not the phone or e-mail has an account. What differs is
// only what the address's owner receives (a code, or a notice that someone tried).
import { foldVietnamese } from "~/utils/fold";
import { db, Prisma, type Tx } from "~/utils/db.server";
import { checkCredentials, identifierWhere, replaceSession, type LoginResult, type Meta } from "~/modules/auth/auth.server";
import type { LoginInput } from "~/modules/auth/schemas";
import {
  checkCode, consumeCode, createCode, createLink, describeCode, dropCodesOf, maskAddress, mayIssueCode, CODE_TTL_MS, LINK_TTL_MS,
  type CodePurpose, type IssueRefusal,
} from "~/modules/auth/codes.server";
import { hashPassword, verifyPassword } from "~/modules/auth/password.server";
import { consume } from "~/modules/auth/rate-limit.server";
import type { Identifier } from "~/modules/auth/schemas";
import { endSessionsAfterPrivilegeChange, type SessionUser } from "~/modules/auth/session.server";
import { acceptInvites } from "~/modules/farms/farms.server";
import { claimHousehold } from "~/modules/onboarding/households.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { notify, planFor } from "~/modules/notifications/notify.server";

/** Answers that must not tell whether an account exists take at least this long. */
export const ENUMERATION_FLOOR_MS = 400;

async function atLeast<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    const left = ms - (Date.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
}

type CodeUnavailable = { ok: false; error: "codeUnavailable" };
type Started = { ok: true; codeId: string };

/** Can a code reach this kind of address on this server at all (a sender configured for it)? */
async function codesCanReach(target: string): Promise<boolean> {
  const reach = target.includes("@") ? { phone: null, email: target, pushSubscriptions: 0 } : { phone: target, email: null, pushSubscriptions: 0 };
  return (await planFor("CODE", reach, null)).length > 0;
}

/** Whether codes can be sent at all on this server, to phones and to e-mail (the forms say so up front). */
export async function codeChannels(): Promise<{ phone: boolean; email: boolean }> {
  return { phone: await codesCanReach("+84900000000"), email: await codesCanReach("someone@example.vn") };
}

async function sendCode(
  tx: Tx,
  { purpose, target, userId, payload, locale }: { purpose: Exclude<CodePurpose, "RESET_LINK" | "PASSWORD_SET">; target: string; userId: string | null; payload?: string; locale: string },
) {
  const code = await createCode(tx, { purpose, target, userId, payload });
  await notify(tx, { dedupeKey: `code:${code.id}`, kind: "CODE", to: { address: target, userId, locale }, params: { code: code.code, minutes: CODE_TTL_MS / 60_000 }, expiresAt: code.expiresAt });
  return code;
}

// ——— Sign-up ————————————————————————————————————————————————————————————————————

export type SignupStart = Started | IssueRefusal | CodeUnavailable;
type PendingAccount = { name: string; role: "BUYER" | "FARMER"; passwordHash: string; locale: string };

/**
 * Step 1: a code to the phone or e-mail typed. Nothing else is written until it comes back. When
 * the address already has an account, its owner is told someone tried instead (the page says the
 * same "we sent a code"), and no code sent can ever create a second account.
 */
export async function startSignup(
  input: { name: string; identifier: Identifier; password: string; role: "BUYER" | "FARMER" },
  meta: Meta & { locale: string },
): Promise<SignupStart> {
  return atLeast(ENUMERATION_FLOOR_MS, async () => {
    const target = input.identifier.value;
    if (!(await codesCanReach(target))) return { ok: false, error: "codeUnavailable" };
    const may = await mayIssueCode({ target, ip: meta.ip });
    if (!may.ok) return may;
    const passwordHash = await hashPassword(input.password); // always: the same work either way
    const existing = await db.user.findFirst({ where: identifierWhere(input.identifier), select: { id: true } });
    const pending: PendingAccount = { name: input.name, role: input.role, passwordHash, locale: meta.locale };
    const code = await db.$transaction(async (tx) => {
      if (!existing) return sendCode(tx, { purpose: "SIGNUP", target, userId: null, payload: JSON.stringify(pending), locale: meta.locale });
      // a code nobody receives: the page and its answers behave exactly as for a new number
      const decoy = await createCode(tx, { purpose: "SIGNUP", target, userId: null, payload: "" });
      await notify(tx, { dedupeKey: `signup-attempt:${decoy.id}`, kind: "SECURITY", to: { userId: existing.id, audience: "BUYER" }, params: { event: "signupAttempt", target }, link: "/forgot-password" });
      return decoy;
    });
    deliverSoon();
    return { ok: true, codeId: code.id };
  });
}

export type SignupFinish =
  | { ok: true; user: SessionUser; cookie: string }
  | { ok: false; error: "codeWrong" | "codeExpired" | "codeLocked" };

/** Step 2: the code back: the account is made with its address verified, and logged in. */
export async function completeSignup({ codeId, code }: { codeId: string; code: string }, meta: Meta): Promise<SignupFinish> {
  const checked = await checkCode({ id: codeId, purpose: "SIGNUP", secret: code });
  if (!checked.ok) return checked;
  const { row } = checked;
  if (!row.payload) return { ok: false, error: "codeWrong" };
  const pending = JSON.parse(row.payload) as PendingAccount;
  const isPhone = !row.target.includes("@");
  const now = new Date();
  try {
    const user = await db.$transaction(async (tx) => {
      if (!(await consumeCode(tx, row.id, now))) return null;
      const user = await tx.user.create({
        data: {
          name: pending.name, nameFolded: foldVietnamese(pending.name), role: pending.role, passwordHash: pending.passwordHash, locale: pending.locale,
          ...(isPhone ? { phone: row.target, phoneVerifiedAt: now } : { email: row.target, emailVerifiedAt: now }),
        },
        select: { id: true, name: true, role: true, email: true, phone: true, locale: true },
      });
      // invitations to this (now proven) address
      if (await acceptInvites({ userId: user.id, phone: user.phone, email: user.email }, tx)) user.role = "FARMER";
      // a household the commune listed and invited: confirmed (the onboarding funnel, ADR 017)
      await claimHousehold(tx, { userId: user.id, phone: user.phone, now });
      return user;
    });
    if (!user) return { ok: false, error: "codeWrong" };
    return { ok: true, user, cookie: await replaceSession(user.id, meta) };
  } catch (e) {
    // the address got an account meanwhile (two pending sign-ups for one number): the unique index decides
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return { ok: false, error: "codeWrong" };
    throw e;
  }
}

// ——— A new code for a pending step ——————————————————————————————————————————————

/** "Gửi lại mã": the same step with a new code (the old one stops working). */
export async function resendCode({ codeId, purposes, ip }: { codeId: string; purposes: CodePurpose[]; ip: string }): Promise<Started | IssueRefusal | { ok: false; error: "codeWrong" }> {
  return atLeast(ENUMERATION_FLOOR_MS, async () => {
    const old = await db.verificationCode.findFirst({ where: { id: codeId, purpose: { in: purposes }, consumedAt: null }, select: { id: true, purpose: true, target: true, userId: true, payload: true } });
    if (!old || old.purpose === "RESET_LINK" || old.purpose === "PASSWORD_SET") return { ok: false, error: "codeWrong" };
    const may = await mayIssueCode({ target: old.target, ip });
    if (!may.ok) return may;
    const purpose = old.purpose as Exclude<CodePurpose, "RESET_LINK" | "PASSWORD_SET">;
    const locale = old.payload ? ((JSON.parse(old.payload) as { locale?: string }).locale ?? "vi") : await localeOf(old.userId);
    const code = await db.$transaction(async (tx) => {
      if (!(await consumeCode(tx, old.id))) return null;
      // a sign-up for an address that has an account sends its owner nothing more: a decoy again
      if (purpose === "SIGNUP" && !old.payload) return createCode(tx, { purpose, target: old.target, userId: null });
      // a reset for a number without an account: nobody to send to, same answer
      if (purpose === "PASSWORD_RESET" && !old.userId) return createCode(tx, { purpose, target: old.target, userId: null });
      return sendCode(tx, { purpose, target: old.target, userId: old.userId, payload: old.payload, locale });
    });
    if (!code) return { ok: false, error: "codeWrong" };
    deliverSoon();
    return { ok: true, codeId: code.id };
  });
}

async function localeOf(userId: string | null): Promise<string> {
  if (!userId) return "vi";
  return (await db.user.findUnique({ where: { id: userId }, select: { locale: true } }))?.locale ?? "vi";
}

export { describeCode };

// ——— Forgotten password ————————————————————————————————————————————————————————————

export type ResetStart = { ok: true; via: "code"; codeId: string } | { ok: true; via: "link" } | IssueRefusal | CodeUnavailable;

/**
 * "Quên mật khẩu?": a phone gets a code (entered with the new password on the next page); an
 * e-mail gets a single-use link valid 30 minutes. An address without an account gets nothing, and
 * the answer is the same.
 */
export async function startPasswordReset({ identifier, ip, locale }: { identifier: Identifier; ip: string; locale: string }): Promise<ResetStart> {
  return atLeast(ENUMERATION_FLOOR_MS, async () => {
    const target = identifier.value;
    if (!(await codesCanReach(target))) return { ok: false, error: "codeUnavailable" };
    const may = await mayIssueCode({ target, ip });
    if (!may.ok) return may;
    const user = await db.user.findFirst({ where: identifierWhere(identifier), select: { id: true, locale: true } });
    if (identifier.kind === "phone") {
      const code = await db.$transaction(async (tx) =>
        user
          ? sendCode(tx, { purpose: "PASSWORD_RESET", target, userId: user.id, locale: user.locale })
          : createCode(tx, { purpose: "PASSWORD_RESET", target, userId: null }),
      );
      deliverSoon();
      return { ok: true, via: "code", codeId: code.id };
    }
    await db.$transaction(async (tx) => {
      const link = await createLink(tx, { target, userId: user?.id ?? null });
      if (!user) return;
      await notify(tx, {
        dedupeKey: `reset-link:${link.id}`,
        kind: "SECURITY",
        to: { address: target, userId: user.id, locale: user.locale ?? locale },
        params: { event: "resetLink", minutes: LINK_TTL_MS / 60_000 },
        link: `/reset-password?id=${link.id}&token=${link.token}`,
        expiresAt: link.expiresAt,
      });
    });
    deliverSoon();
    return { ok: true, via: "link" };
  });
}

export type ResetFinish = { ok: true; cookie: string; user: { id: string; role: string; locale: string } } | { ok: false; error: "codeWrong" | "codeExpired" | "codeLocked" };

/**
 * Sets the new password, ends every session of the account, tells its owner on their channels,
 * and logs this browser in. The code counts only while the account still has the address it went
 * to: a code sent to a number the account has since left is worthless.
 */
export async function completePasswordReset(
  { codeId, secret, via, newPassword }: { codeId: string; secret: string; via: "code" | "link"; newPassword: string },
  meta: Meta,
): Promise<ResetFinish> {
  const checked = await checkCode({ id: codeId, purpose: via === "code" ? "PASSWORD_RESET" : "RESET_LINK", secret });
  if (!checked.ok) return checked;
  const { row } = checked;
  if (!row.userId) return { ok: false, error: "codeWrong" };
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  const user = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: row.userId! }, select: { id: true, role: true, locale: true, phone: true, email: true } });
    const stillTheirs = user && (row.target.includes("@") ? user.email === row.target : user.phone === row.target);
    if (!stillTheirs || !(await consumeCode(tx, row.id, now))) return null;
    await tx.user.update({
      where: { id: user.id },
      // the code or link proved the address once more
      data: { passwordHash, ...(row.target.includes("@") ? { emailVerifiedAt: now } : { phoneVerifiedAt: now }) },
    });
    await endSessionsAfterPrivilegeChange(tx, user.id); // every session, this browser's old one too
    await dropCodesOf(tx, user.id, now);
    await notify(tx, { dedupeKey: `password-changed:${row.id}`, kind: "SECURITY", to: { userId: user.id, audience: "BUYER" }, params: { event: "passwordChanged" }, link: "/forgot-password" });
    return user;
  });
  if (!user) return { ok: false, error: "codeWrong" };
  deliverSoon();
  return { ok: true, user, cookie: await replaceSession(user.id, { ...meta, previousToken: null }) };
}

// ——— Password change on the account page ——————————————————————————————————————————————

const PASSWORD_CHANGE_LIMIT = { max: 5, windowMs: 15 * 60 * 1000 };

/** A code to the account's own verified phone (or e-mail), for someone who forgot the current password. */
export async function sendPasswordChangeCode({ userId, ip }: { userId: string; ip: string }): Promise<Started | IssueRefusal | CodeUnavailable> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { phone: true, phoneVerifiedAt: true, email: true, emailVerifiedAt: true, locale: true } });
  const target = user?.phoneVerifiedAt && user.phone ? user.phone : user?.emailVerifiedAt && user.email ? user.email : null;
  if (!user || !target || !(await codesCanReach(target))) return { ok: false, error: "codeUnavailable" };
  const may = await mayIssueCode({ target, ip });
  if (!may.ok) return may;
  const code = await db.$transaction((tx) => sendCode(tx, { purpose: "PASSWORD_CHANGE", target, userId, locale: user.locale }));
  deliverSoon();
  return { ok: true, codeId: code.id };
}

export type PasswordChange =
  | { ok: true }
  | { ok: false; error: "currentPasswordWrong" | "codeWrong" | "codeExpired" | "codeLocked" | "tooManyAttempts"; retryAfterMs?: number };

/** With the current password or a code: the new password, and every other session ends. */
export async function changePassword({
  userId, sessionId, newPassword, currentPassword, codeId, code,
}: { userId: string; sessionId: string; newPassword: string; currentPassword?: string; codeId?: string; code?: string }): Promise<PasswordChange> {
  let codeRowId: string | null = null;
  if (codeId && code) {
    const checked = await checkCode({ id: codeId, purpose: "PASSWORD_CHANGE", secret: code });
    if (!checked.ok) return checked;
    if (checked.row.userId !== userId) return { ok: false, error: "codeWrong" };
    codeRowId = checked.row.id;
  } else {
    const wait = await consume([[`password-change:${userId}`, PASSWORD_CHANGE_LIMIT]]);
    if (wait > 0) return { ok: false, error: "tooManyAttempts", retryAfterMs: wait };
    const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword ?? ""))) return { ok: false, error: "currentPasswordWrong" };
  }
  const passwordHash = await hashPassword(newPassword);
  const done = await db.$transaction(async (tx) => {
    if (codeRowId) {
      const row = await tx.verificationCode.findUnique({ where: { id: codeRowId }, select: { target: true } });
      const user = await tx.user.findUnique({ where: { id: userId }, select: { phone: true, email: true } });
      if (!row || !user || (row.target !== user.phone && row.target !== user.email)) return false;
      if (!(await consumeCode(tx, codeRowId))) return false;
    }
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId, id: { not: sessionId } } });
    await notify(tx, { dedupeKey: `password-changed:${userId}:${Date.now()}`, kind: "SECURITY", to: { userId, audience: "BUYER" }, params: { event: "passwordChanged" }, link: "/forgot-password" });
    return true;
  });
  if (!done) return { ok: false, error: "codeWrong" };
  deliverSoon();
  return { ok: true };
}

// ——— Phone change (or a first phone for an e-mail account) ————————————————————————————————

export async function startPhoneChange({ userId, phone, ip }: { userId: string; phone: string; ip: string }): Promise<Started | IssueRefusal | CodeUnavailable | { ok: false; error: "samePhone" }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { phone: true, phoneVerifiedAt: true, locale: true } });
  if (!user) return { ok: false, error: "codeUnavailable" };
  if (user.phone === phone && user.phoneVerifiedAt) return { ok: false, error: "samePhone" };
  if (!(await codesCanReach(phone))) return { ok: false, error: "codeUnavailable" };
  const may = await mayIssueCode({ target: phone, ip });
  if (!may.ok) return may;
  const code = await db.$transaction((tx) => sendCode(tx, { purpose: "PHONE_CHANGE", target: phone, userId, payload: JSON.stringify({ from: user.phone }), locale: user.locale }));
  deliverSoon();
  return { ok: true, codeId: code.id };
}

export type PhoneChange = { ok: true; phone: string } | { ok: false; error: "codeWrong" | "codeExpired" | "codeLocked" | "phoneTaken" };

/**
 * The code back: the account's phone is the new number, verified. Every other unused code of the
 * account stops working (those sent to the old number included), the old number is told, and
 * farm invitations waiting for the new number apply.
 */
export async function completePhoneChange({ userId, codeId, code }: { userId: string; codeId: string; code: string }): Promise<PhoneChange> {
  const checked = await checkCode({ id: codeId, purpose: "PHONE_CHANGE", secret: code });
  if (!checked.ok) return checked;
  const { row } = checked;
  if (row.userId !== userId) return { ok: false, error: "codeWrong" };
  const from = (JSON.parse(row.payload || "{}") as { from?: string | null }).from ?? null;
  const now = new Date();
  try {
    const result = await db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { phone: true, email: true, emailVerifiedAt: true, locale: true } });
      // the phone changed again meanwhile (another code): this one is stale
      if (!user || user.phone !== from || !(await consumeCode(tx, row.id, now))) return null;
      await tx.user.update({ where: { id: userId }, data: { phone: row.target, phoneVerifiedAt: now } });
      await dropCodesOf(tx, userId, now);
      if (from && from !== row.target) {
        await notify(tx, { dedupeKey: `phone-changed:${row.id}`, kind: "SECURITY", to: { address: from, userId, locale: user.locale }, params: { event: "phoneChanged", target: maskAddress(row.target) } });
      }
      await acceptInvites({ userId, phone: row.target, email: user.emailVerifiedAt ? user.email : null }, tx);
      await claimHousehold(tx, { userId, phone: row.target, now });
      return row.target;
    });
    if (!result) return { ok: false, error: "codeWrong" };
    deliverSoon();
    return { ok: true, phone: result };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return { ok: false, error: "phoneTaken" };
    throw e;
  }
}


/**
 * Log in: the password and its counters (auth), then the farm invitations this person's proven
 * addresses have waiting (farms, ADR 014) — which end their older sessions — and only then the new
 * session, so it carries the membership. Nothing to undo if a later step fails: accepted
 * invitations stand, and the person logs in again.
 */
export async function logIn(input: Pick<LoginInput, "identifier" | "password">, meta: Meta): Promise<LoginResult> {
  const checked = await checkCredentials(input, meta);
  if (!checked.ok) return checked;
  const { phoneVerifiedAt, emailVerifiedAt, ...user } = checked.user;
  const invited = await acceptInvites({ userId: user.id, phone: phoneVerifiedAt ? user.phone : null, email: emailVerifiedAt ? user.email : null });
  if (invited && user.role === "BUYER") user.role = "FARMER";
  return { ok: true, user, cookie: await replaceSession(user.id, meta), deviceCookie: checked.deviceCookie };
}
