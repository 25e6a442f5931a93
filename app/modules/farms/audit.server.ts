// Sensitive changes to a farm, recorded and told (ADR 015): who, when, old → new, in the same
// transaction as the change; each owner hears of it at once on their own channels (a SECURITY
// notice, sent at any hour), so a change they did not make is noticed before a buyer pays into it.
import { notify } from "~/modules/notifications/notify.server";
import type { Tx } from "~/utils/db.server";

export type FarmAuditAction =
  | "bank"
  | "identity"
  | "member.add"
  | "member.role"
  | "member.remove"
  | "invite"
  | "invite.cancel"
  | "farm.suspend"
  | "farm.restore"
  | "product.hide"
  | "product.restore"
  | "assist.start"
  | "assist.end";

type Values = Record<string, string | number | boolean | null>;

/** What the owner's notice calls the change (an event of the SECURITY texts). */
const EVENT: Record<FarmAuditAction, string> = {
  bank: "farmBankChanged",
  identity: "farmIdentityChanged",
  "member.add": "farmMembersChanged",
  "member.role": "farmMembersChanged",
  "member.remove": "farmMembersChanged",
  invite: "farmMembersChanged",
  "invite.cancel": "farmMembersChanged",
  "farm.suspend": "farmSuspended",
  "farm.restore": "farmRestored",
  "product.hide": "productHidden",
  "product.restore": "productRestored",
  "assist.start": "farmMembersChanged",
  "assist.end": "farmMembersChanged",
};

/** An account number shown in a notice: its last four digits only. */
export function maskAccount(n: string | null | undefined): string {
  if (!n) return "—";
  return n.length <= 4 ? n : `•••${n.slice(-4)}`;
}

/**
 * Records one change and tells every owner. `summary` is what the notice names (e.g. the new
 * account, masked); `values` before and after are kept whole in the audit row.
 */
export async function recordFarmChange(
  tx: Tx,
  input: { farmId: string; actorId: string | null; action: FarmAuditAction; before: Values; after: Values; summary?: string; reason?: string; product?: string; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const entry = await tx.farmAuditEntry.create({
    data: { farmId: input.farmId, actorId: input.actorId, action: input.action, oldValue: JSON.stringify(input.before), newValue: JSON.stringify(input.after), createdAt: now },
    select: { id: true },
  });
  const [farm, actor] = await Promise.all([
    tx.farm.findUnique({ where: { id: input.farmId }, select: { name: true, members: { where: { role: "OWNER" }, select: { userId: true } } } }),
    input.actorId ? tx.user.findUnique({ where: { id: input.actorId }, select: { name: true } }) : null,
  ]);
  for (const owner of farm?.members ?? []) {
    await notify(tx, {
      dedupeKey: `farm-audit:${entry.id}:${owner.userId}`,
      kind: "SECURITY",
      to: { userId: owner.userId, audience: "FARM" },
      params: {
        event: EVENT[input.action],
        farm: farm?.name ?? "",
        actor: actor?.name ?? "",
        target: input.summary ?? "",
        reason: input.reason ?? "",
        product: input.product ?? "",
      },
      link: `/seller/farms/${input.farmId}/activity`,
      now,
    });
  }
  return entry.id;
}

/** A farm's recorded changes, newest first (the owner's activity page, the admins' view). */
export async function listFarmChanges(tx: Pick<Tx, "farmAuditEntry">, farmId: string, take = 100) {
  const rows = await tx.farmAuditEntry.findMany({
    where: { farmId },
    select: { id: true, action: true, oldValue: true, newValue: true, createdAt: true, actor: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map((r) => ({ id: r.id, action: r.action, before: JSON.parse(r.oldValue) as Values, after: JSON.parse(r.newValue) as Values, at: r.createdAt, actor: r.actor?.name ?? null }));
}

/** What a helper did for a household (ADR 017): recorded for the household's change log, not told. */
export type HelperAction = "helper.product" | "helper.stock" | "helper.order" | "helper.photos" | "helper.profile";

/**
 * Records `action` as "by helper X for household Y" when the actor is the farm's helper (and does
 * nothing for its own members): called by every change a helper may make, in its transaction.
 */
export async function recordIfHelper(
  tx: Pick<Tx, "farmMember" | "farmAuditEntry">,
  input: { farmId: string; actorId: string; action: HelperAction; detail: Values; now?: Date; role?: string | null },
): Promise<void> {
  // the caller that already read the actor's role passes it: no second query
  const role = input.role !== undefined ? input.role : (await tx.farmMember.findUnique({ where: { farmId_userId: { farmId: input.farmId, userId: input.actorId } }, select: { role: true } }))?.role;
  if (role !== "HELPER") return;
  await tx.farmAuditEntry.create({
    data: { farmId: input.farmId, actorId: input.actorId, action: input.action, oldValue: "{}", newValue: JSON.stringify(input.detail), createdAt: input.now ?? new Date() },
  });
}
