import { db } from "~/utils/db.server";
import type { Role } from "./permissions";
import { endSessionsAfterPrivilegeChange } from "./session.server";

export async function listUsers({ take = 100 }: { take?: number } = {}) {
  return db.user.findMany({
    select: { id: true, name: true, email: true, phone: true, role: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take,
  });
}

export async function getAccount({ userId }: { userId: string }) {
  return db.user.findUnique({
    where: { id: userId },
    select: {
      name: true, email: true, phone: true, role: true, createdAt: true, phoneVerifiedAt: true, emailVerifiedAt: true,
      _count: { select: { sessions: true, pushSubscriptions: true } },
    },
  });
}

/**
 * An administrator changes someone's role. Every session of that person ends in the same
 * transaction (ADR 011): they log in again and get a session made for the new role. Nobody
 * changes their own role (the last administrator cannot demote themself by mistake).
 */
export async function changeUserRole({ actorId, userId, role }: { actorId: string; userId: string; role: Role }) {
  if (actorId === userId) return { ok: false as const, error: "ownRole" as const };
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true, role: true } });
    if (!user) return { ok: false as const, error: "notFound" as const };
    if (user.role !== role) {
      await tx.user.update({ where: { id: userId }, data: { role } });
      await endSessionsAfterPrivilegeChange(tx, userId);
    }
    return { ok: true as const, name: user.name };
  });
}
