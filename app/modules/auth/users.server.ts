import { db } from "~/utils/db.server";

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
    select: { name: true, email: true, phone: true, role: true, createdAt: true, _count: { select: { sessions: true } } },
  });
}
