// Fills User.nameFolded for accounts made before the column existed (migration
// 20261207212537_user_name_folded adds it empty: SQL cannot fold Vietnamese the way ~/utils/fold
// does). Its own file, importing no database client: scripts/setup.ts runs it with its own.
import type { Db } from "~/utils/db.server";
import { foldVietnamese } from "~/utils/fold";

/**
 * Accounts made before `nameFolded` existed get it filled (run by `npm start`'s setup; idempotent,
 * in batches). Returns how many were filled.
 */
export async function fillFoldedNames(client: Db, batch = 500): Promise<number> {
  let filled = 0;
  let after = "";
  for (;;) {
    const rows = await client.user.findMany({ where: { nameFolded: "", id: { gt: after } }, select: { id: true, name: true }, take: batch, orderBy: { id: "asc" } });
    for (const r of rows) {
      const folded = foldVietnamese(r.name);
      if (!folded) continue;
      await client.user.update({ where: { id: r.id }, data: { nameFolded: folded } });
      filled++;
    }
    if (rows.length < batch) return filled;
    after = rows[rows.length - 1].id;
  }
}
