// Assisted sign-up (ADR 017): a helper of the commune, on its own phone, opens a household's farm.
//  1. The helper types the household's name, phone and commune (one of its own communes); a code
//     goes to the household's phone, saying who asks for it and why.
//  2. The household types the code into the helper's phone: its consent, recorded. In one
//     transaction: the account (phone proven, no password yet, or the household's existing one),
//     the farm (the household its owner, the helper assisting), the household's onboarding row, and
//     a notice to the household that the helper assists its farm.
//  3. Now or later, the household sets its own password: here with a single-use right that lasts
//     15 minutes and only while the account has no password, or later with "Quên mật khẩu?".
// The helper may add photos and products and move orders (roles.ts HELPER), each recorded for the
// household; never the bank account, members or payouts. The household ends it on its members page.
import { checkCode, consumeCode, createCode, createLink, mayIssueCode, CODE_TTL_MS, type IssueRefusal } from "~/modules/auth/codes.server";
import { hashPassword } from "~/modules/auth/password.server";
import { endSessionsAfterPrivilegeChange } from "~/modules/auth/session.server";
import { recordFarmChange } from "~/modules/farms/audit.server";
import { DEFAULT_PROVINCE, uniqueFarmSlug } from "~/modules/farms/farms.server";
import { helperCommunes } from "~/modules/onboarding/helpers.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { notify, planFor } from "~/modules/notifications/notify.server";
import { createCookie } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { secureCookies } from "~/utils/env.server";
import { foldVietnamese } from "~/utils/fold";
import { withFreeSlug } from "~/utils/slug.server";

export const PASSWORD_SET_TTL_MS = 15 * 60 * 1000;

/**
 * The right to set the household's first password, kept by the helper's browser between step 2
 * and step 3 (its token is also single-use and hashed in the database): never in a URL.
 */
export const passwordSetCookie = createCookie("cn_pwset", { path: "/helper", httpOnly: true, sameSite: "lax", secure: secureCookies, maxAge: PASSWORD_SET_TTL_MS / 1000 });

/** The right in this request's cookie, if it is well formed. */
export async function readPasswordSet(request: Request): Promise<{ id: string; token: string } | null> {
  const v = (await passwordSetCookie.parse(request.headers.get("Cookie")).catch(() => null)) as { id?: unknown; token?: unknown } | null;
  return v && typeof v.id === "string" && typeof v.token === "string" && /^[a-z2-7]{26}$/.test(v.id) && /^[A-Za-z0-9_-]{43}$/.test(v.token) ? { id: v.id, token: v.token } : null;
}

type Pending = { helperId: string; name: string; communeCode: string; farmName: string };

export type AssistStart = { ok: true; codeId: string } | IssueRefusal | { ok: false; error: "communeNotYours" | "codeUnavailable" };

/** Step 1: the code to the household's phone. Nothing else is written until it comes back. */
export async function startAssistedSignup(
  input: { helperId: string; name: string; phone: string; communeCode: string; farmName?: string },
  meta: { ip: string },
): Promise<AssistStart> {
  const communes = await helperCommunes(input.helperId);
  if (!communes.includes(input.communeCode)) return { ok: false, error: "communeNotYours" };
  if (!(await planFor("CODE", { phone: input.phone, email: null, pushSubscriptions: 0 }, null)).length) return { ok: false, error: "codeUnavailable" };
  const may = await mayIssueCode({ target: input.phone, ip: meta.ip });
  if (!may.ok) return may;
  const [helper, commune] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: input.helperId }, select: { name: true } }),
    db.adminUnit.findUniqueOrThrow({ where: { code: input.communeCode }, select: { name: true } }),
  ]);
  const pending: Pending = { helperId: input.helperId, name: input.name, communeCode: input.communeCode, farmName: input.farmName?.trim() || `Vườn nhà ${input.name}` };
  const code = await db.$transaction(async (tx) => {
    const code = await createCode(tx, { purpose: "ASSIST", target: input.phone, userId: null, payload: JSON.stringify(pending) });
    await notify(tx, {
      dedupeKey: `code:${code.id}`, kind: "CODE", to: { address: input.phone, userId: null, locale: "vi" },
      params: { code: code.code, minutes: CODE_TTL_MS / 60_000, purpose: "ASSIST", helper: helper.name, commune: commune.name }, expiresAt: code.expiresAt,
    });
    return code;
  });
  deliverSoon();
  return { ok: true, codeId: code.id };
}

/** What the helper's code page shows: the household it is for (the helper who started it only). */
export async function describeAssist({ helperId, codeId }: { helperId: string; codeId: string }) {
  const row = await db.verificationCode.findFirst({ where: { id: codeId, purpose: "ASSIST" }, select: { target: true, payload: true, consumedAt: true, expiresAt: true } });
  if (!row?.payload) return null;
  const pending = JSON.parse(row.payload) as Pending;
  if (pending.helperId !== helperId) return null;
  return { phone: row.target, name: pending.name, farmName: pending.farmName, communeCode: pending.communeCode, used: row.consumedAt !== null, expiresAt: row.expiresAt };
}

export type AssistFinish =
  | { ok: true; farmId: string; userId: string; passwordSet: { id: string; token: string } | null }
  | { ok: false; error: "codeWrong" | "codeExpired" | "codeLocked" | "communeNotYours" };

/** Step 2: the household's code, typed on the helper's phone. */
export async function completeAssistedSignup({ helperId, codeId, code }: { helperId: string; codeId: string; code: string }): Promise<AssistFinish> {
  const described = await describeAssist({ helperId, codeId });
  if (!described || described.used) return { ok: false, error: "codeWrong" }; // another helper's code reads as wrong
  // the helper may have been moved off the commune since step 1
  if (!(await helperCommunes(helperId)).includes(described.communeCode)) return { ok: false, error: "communeNotYours" };
  const checked = await checkCode({ id: codeId, purpose: "ASSIST", secret: code });
  if (!checked.ok) return checked;
  const pending = JSON.parse(checked.row.payload) as Pending;
  const phone = checked.row.target;
  const slugFor = () => uniqueFarmSlug(pending.farmName);
  const result = await withFreeSlug(slugFor, (slug) =>
    db.$transaction(async (tx) => {
      const now = new Date();
      if (!(await consumeCode(tx, checked.row.id, now))) return null;
      // the account: the household's own if this number has one (now proven), else a new one
      let user = await tx.user.findUnique({ where: { phone }, select: { id: true, role: true, passwordHash: true } });
      if (!user) {
        user = await tx.user.create({
          data: { name: pending.name, nameFolded: foldVietnamese(pending.name), phone, phoneVerifiedAt: now, role: "FARMER", passwordHash: "!" },
          select: { id: true, role: true, passwordHash: true },
        });
      } else {
        await tx.user.update({ where: { id: user.id }, data: { phoneVerifiedAt: now, ...(user.role === "BUYER" ? { role: "FARMER" } : {}) } });
        if (user.role === "BUYER") await endSessionsAfterPrivilegeChange(tx, user.id);
      }
      // its farm: the one it owns, else a new one in the commune
      const owned = await tx.farmMember.findFirst({ where: { userId: user.id, role: "OWNER" }, select: { farmId: true }, orderBy: { createdAt: "asc" } });
      const farmId =
        owned?.farmId ??
        (
          await tx.farm.create({
            data: { name: pending.farmName, slug, communeCode: pending.communeCode, provinceCode: DEFAULT_PROVINCE, phone, members: { create: { userId: user.id, role: "OWNER" } } },
            select: { id: true },
          })
        ).id;
      if (helperId !== user.id) {
        await tx.farmMember.upsert({ where: { farmId_userId: { farmId, userId: helperId } }, create: { farmId, userId: helperId, role: "HELPER" }, update: {} });
        const helper = await tx.user.findUniqueOrThrow({ where: { id: helperId }, select: { name: true } });
        // recorded on the farm and told to the household at once, with how to end it
        await recordFarmChange(tx, { farmId, actorId: helperId, action: "assist.start", before: {}, after: { userId: helperId, role: "HELPER" }, summary: helper.name, now });
      }
      // the household's onboarding row: made here, or the imported one now confirmed
      await tx.household.upsert({
        where: { phone },
        create: { phone, name: pending.name, communeCode: pending.communeCode, source: "ASSISTED", helperId, invitedAt: now, confirmedAt: now, userId: user.id, farmId },
        update: { helperId, invitedAt: undefined, confirmedAt: now, userId: user.id, farmId },
      });
      await tx.household.updateMany({ where: { phone, invitedAt: null }, data: { invitedAt: now } });
      const passwordSet = user.passwordHash === "!" ? await createLink(tx, { purpose: "PASSWORD_SET", target: phone, userId: user.id, ttlMs: PASSWORD_SET_TTL_MS, now }) : null;
      return { farmId, userId: user.id, passwordSet: passwordSet && { id: passwordSet.id, token: passwordSet.token } };
    }),
  );
  if (!result) return { ok: false, error: "codeWrong" };
  deliverSoon();
  return { ok: true, ...result };
}

/**
 * Step 3 (optional): the household types its own password on the helper's phone, with the right
 * step 2 gave; only while the account has none (a password already set is never replaced here).
 */
export async function setFirstPassword({ id, token, password }: { id: string; token: string; password: string }): Promise<{ ok: true } | { ok: false; error: "codeWrong" | "codeExpired" | "codeLocked" }> {
  const checked = await checkCode({ id, purpose: "PASSWORD_SET", secret: token });
  if (!checked.ok) return checked;
  const passwordHash = await hashPassword(password);
  const done = await db.$transaction(async (tx) => {
    if (!checked.row.userId || !(await consumeCode(tx, checked.row.id))) return false;
    const { count } = await tx.user.updateMany({ where: { id: checked.row.userId, passwordHash: "!", phone: checked.row.target }, data: { passwordHash } });
    return count === 1;
  });
  return done ? { ok: true } : { ok: false, error: "codeWrong" };
}
