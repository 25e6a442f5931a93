// Households the department brings onto the marketplace (ADR 017): what a helper sees of its
// communes, and the links that move a household along the funnel when it signs up alone.
import { db, type Tx } from "~/utils/db.server";
import { helperCommunes } from "./helpers.server";

/** Invited this long ago and never confirmed: "stuck", for the helpers to visit. */
export const STUCK_AFTER_DAYS = 14;
const DAY = 86_400_000;

/**
 * A listed household signs up on its own with the invited number (its code proved it): its row
 * gets the account and the confirmation. In the sign-up's transaction.
 */
export async function claimHousehold(tx: Pick<Tx, "household">, { userId, phone, now = new Date() }: { userId: string; phone: string | null; now?: Date }): Promise<boolean> {
  if (!phone) return false;
  const { count } = await tx.household.updateMany({ where: { phone, userId: null }, data: { userId, confirmedAt: now } });
  return count === 1;
}

/**
 * The helper's page: the farms it assists now, and the households of its communes that were
 * invited STUCK_AFTER_DAYS ago or more and never confirmed (to visit).
 */
export async function helperOverview({ helperId, now = new Date() }: { helperId: string; now?: Date }) {
  const communes = await helperCommunes(helperId);
  const [assisting, stuck, units] = await Promise.all([
    db.farmMember.findMany({
      where: { userId: helperId, role: "HELPER" },
      select: {
        farm: {
          select: {
            id: true, name: true, slug: true, communeCode: true,
            members: { where: { role: "OWNER" }, select: { user: { select: { name: true, phone: true, passwordHash: true } } } },
            _count: { select: { products: true } },
          },
        },
      },
      orderBy: { createdAt: "desc" },
      take: 500,
    }),
    db.household.findMany({
      where: { communeCode: { in: communes }, confirmedAt: null, invitedAt: { lte: new Date(now.getTime() - STUCK_AFTER_DAYS * DAY) } },
      select: { id: true, name: true, phone: true, communeCode: true, invitedAt: true, products: true },
      orderBy: [{ communeCode: "asc" }, { invitedAt: "asc" }],
      take: 500,
    }),
    db.adminUnit.findMany({ where: { code: { in: communes } }, select: { code: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    communes: units,
    assisting: assisting.map(({ farm }) => {
      const owner = farm.members[0]?.user;
      return { farmId: farm.id, name: farm.name, slug: farm.slug, communeCode: farm.communeCode, owner: owner?.name ?? "", phone: owner?.phone ?? "", hasPassword: owner ? owner.passwordHash !== "!" : false, products: farm._count.products };
    }),
    stuck,
  };
}

/** The printable guide's facts, for the farm's owner or the helper assisting it. */
export async function guideFacts({ userId, farmId }: { userId: string; farmId: string }) {
  const farm = await db.farm.findFirst({
    where: { id: farmId, members: { some: { userId, role: { in: ["OWNER", "HELPER"] } } } },
    select: {
      name: true, slug: true,
      members: { where: { role: { in: ["OWNER", "HELPER"] } }, select: { role: true, user: { select: { name: true, phone: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!farm) return null;
  const owner = farm.members.find((m) => m.role === "OWNER")?.user;
  const helper = farm.members.find((m) => m.role === "HELPER")?.user;
  return { name: farm.name, slug: farm.slug, ownerName: owner?.name ?? "", ownerPhone: owner?.phone ?? "", helperName: helper?.name ?? null, helperPhone: helper?.phone ?? null };
}
