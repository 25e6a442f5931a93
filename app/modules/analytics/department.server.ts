// The agriculture department's first view: aggregates only, never a buyer's personal data.
// Issue 5 grows this into the full dashboard (sales, cashless share, small-cell suppression).
import { db } from "~/utils/db.server";

export async function provinceOverview() {
  const [households, activeProducts, byCommune] = await Promise.all([
    db.farm.count({ where: { status: "ACTIVE" } }),
    db.product.count({ where: { status: "ACTIVE", farm: { status: "ACTIVE" } } }),
    db.farm.groupBy({ by: ["communeCode"], where: { status: "ACTIVE" }, _count: { _all: true } }),
  ]);
  const communes = await db.adminUnit.findMany({
    where: { code: { in: byCommune.map((r) => r.communeCode) } },
    select: { code: true, name: true },
  });
  const names = new Map(communes.map((c) => [c.code, c.name]));
  return {
    households,
    activeProducts,
    byCommune: byCommune
      .map((r) => ({ commune: names.get(r.communeCode) ?? r.communeCode, farms: r._count._all }))
      .sort((a, b) => b.farms - a.farms || a.commune.localeCompare(b.commune, "vi")),
  };
}
