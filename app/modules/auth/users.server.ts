import { db, type Prisma } from "~/utils/db.server";
import { foldVietnamese } from "~/utils/fold";
import type { Role } from "./permissions";
import { endSessionsAfterPrivilegeChange } from "./session.server";

export const USER_SEARCH_MAX = 100;

/**
 * The admin's user list, newest first; with `q`, only those whose name (diacritics folded: "tran van
 * ut" finds "Trần Văn Út"), e-mail or phone number ("0901 000 002", "901000002", "+84901000002")
 * contains it. At most `take`, with how many match in all.
 */
export async function listUsers({ q = "", take = 100 }: { q?: string; take?: number } = {}) {
  const where = userSearch(q);
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      select: { id: true, name: true, email: true, phone: true, role: true, createdAt: true },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take,
    }),
    db.user.count({ where }),
  ]);
  return { users, total };
}

function userSearch(raw: string): Prisma.UserWhereInput {
  const q = raw.trim().slice(0, USER_SEARCH_MAX);
  if (!q) return {};
  // LIKE's wildcards (Prisma's `contains` passes them on) are text here: the pieces between them
  // must all be there, so "do_dang" finds do_dang@… and "%" alone finds nobody
  const containsAll = (field: "nameFolded" | "email" | "phone", text: string): Prisma.UserWhereInput | null => {
    const pieces = text.split(/[%_\\]+/).filter(Boolean);
    return pieces.length ? { AND: pieces.map((piece) => ({ [field]: { contains: piece } })) } : null;
  };
  const or: Array<Prisma.UserWhereInput | null> = [containsAll("nameFolded", foldVietnamese(q))];
  if (q.includes("@") || /[a-z]/i.test(q)) or.push(containsAll("email", q.toLowerCase()));
  // a phone as people type it: spaces, dots, a leading 0 or +84
  const digits = q.replace(/[\s.()-]/g, "");
  if (/^\+?\d{3,}$/.test(digits)) or.push(containsAll("phone", digits.replace(/^\+?84(?=\d{9})/, "").replace(/^0(?=\d)/, "")));
  const terms = or.filter((w): w is Prisma.UserWhereInput => w !== null);
  return terms.length ? { OR: terms } : { id: { in: [] } };
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
    const changed = user.role !== role;
    if (changed) {
      await tx.user.update({ where: { id: userId }, data: { role } });
      await endSessionsAfterPrivilegeChange(tx, userId);
    }
    return { ok: true as const, name: user.name, changed };
  });
}
