// Helpers (ADR 017): members of a commune's community digital technology team, or a cooperative's
// staff, who bring households onto the marketplace in person. An officer makes an account a helper
// for some communes and can revoke it; a revoked helper loses every farm it assisted at once.
import { endSessionsAfterPrivilegeChange } from "~/modules/auth/session.server";
import { recordFarmChange } from "~/modules/farms/audit.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db, type Tx } from "~/utils/db.server";
import { foldVietnamese } from "~/utils/fold";

export const MAX_HELPER_COMMUNES = 20;

export type HelperError = "communeUnknown" | "roleTaken" | "notFound";

/** The communes `userId` helps in (none: not a helper, or revoked). */
export async function helperCommunes(userId: string, tx: Pick<Tx, "helperCommune"> = db): Promise<string[]> {
  const rows = await tx.helperCommune.findMany({ where: { userId, user: { role: "HELPER" } }, select: { communeCode: true }, orderBy: { communeCode: "asc" } });
  return rows.map((r) => r.communeCode);
}

/**
 * An officer makes the account with this phone a helper for `communeCodes` (the account is made,
 * without a password, when there is none: its owner sets one with "Quên mật khẩu?" and a code to
 * that phone). Calling it again replaces the communes. Officers and admins cannot be made helpers.
 */
export async function saveHelper({ officerId, phone, name, communeCodes }: { officerId: string; phone: string; name: string; communeCodes: string[] }): Promise<{ ok: true; userId: string; created: boolean } | { ok: false; error: HelperError }> {
  const codes = [...new Set(communeCodes)].slice(0, MAX_HELPER_COMMUNES);
  if (!codes.length || (await db.adminUnit.count({ where: { code: { in: codes }, level: "COMMUNE" } })) !== codes.length) return { ok: false, error: "communeUnknown" };
  return db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { phone }, select: { id: true, role: true } });
    if (user && (user.role === "OFFICER" || user.role === "ADMIN")) return { ok: false as const, error: "roleTaken" as const };
    const created = !user;
    if (!user) {
      user = await tx.user.create({ data: { name, nameFolded: foldVietnamese(name), phone, role: "HELPER", passwordHash: "!" }, select: { id: true, role: true } });
    } else if (user.role !== "HELPER") {
      await tx.user.update({ where: { id: user.id }, data: { role: "HELPER" } });
      await endSessionsAfterPrivilegeChange(tx, user.id); // new powers: they log in again
    }
    await tx.helperCommune.deleteMany({ where: { userId: user.id, communeCode: { notIn: codes } } });
    for (const communeCode of codes) {
      await tx.helperCommune.upsert({ where: { userId_communeCode: { userId: user.id, communeCode } }, create: { userId: user.id, communeCode, createdById: officerId }, update: {} });
    }
    return { ok: true as const, userId: user.id, created };
  });
}

/**
 * An officer revokes a helper: its communes go, every farm it assisted loses it (recorded on each
 * farm and told to the household), its sessions end, and it is a farmer again if it has a farm of
 * its own, else a buyer.
 */
export async function revokeHelper({ officerId, userId }: { officerId: string; userId: string }): Promise<boolean> {
  const done = await db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, role: "HELPER" }, select: { id: true, name: true } });
    if (!user) return false;
    const assisted = await tx.farmMember.findMany({ where: { userId, role: "HELPER" }, select: { farmId: true } });
    for (const { farmId } of assisted) {
      await tx.farmMember.delete({ where: { farmId_userId: { farmId, userId } } });
      await recordFarmChange(tx, { farmId, actorId: officerId, action: "assist.end", before: { userId, role: "HELPER" }, after: {}, summary: user.name });
    }
    await tx.helperCommune.deleteMany({ where: { userId } });
    const ownsFarm = (await tx.farmMember.count({ where: { userId } })) > 0;
    await tx.user.update({ where: { id: userId }, data: { role: ownsFarm ? "FARMER" : "BUYER" } });
    await endSessionsAfterPrivilegeChange(tx, userId);
    return true;
  });
  if (done) deliverSoon();
  return done;
}

/** Every helper with its communes and how many households it signed up and assists now. */
export async function listHelpers() {
  const helpers = await db.user.findMany({
    where: { role: "HELPER" },
    select: {
      id: true, name: true, phone: true, phoneVerifiedAt: true,
      helperCommunes: { select: { communeCode: true }, orderBy: { communeCode: "asc" } },
      _count: { select: { helpedHouseholds: true, memberships: { where: { role: "HELPER" } } } },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 1000,
  });
  return helpers.map((h) => ({
    id: h.id, name: h.name, phone: h.phone, hasLoggedIn: h.phoneVerifiedAt !== null,
    communes: h.helperCommunes.map((c) => c.communeCode), households: h._count.helpedHouseholds, assisting: h._count.memberships,
  }));
}
