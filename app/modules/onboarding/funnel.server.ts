// The department follows onboarding (ADR 017): per commune and per helper, how many listed or
// assisted households reached each step — invited → phone confirmed → farm opened → first product
// → first sale → active (sold in the last 30 days) — against the commune's target, and which
// households are stuck (invited STUCK_AFTER_DAYS ago, never confirmed).
// Small cells as on the department's dashboard (analytics/suppression.ts): where fewer than
// MIN_FARMS households opened a farm, the sales steps of that row are not shown.
import { ACTIVE_DAYS } from "~/modules/analytics/department.server";
import { SOLD_STATUSES } from "~/modules/analytics/sql.server";
import { MIN_FARMS } from "~/modules/analytics/suppression";
import { maskAddress } from "~/modules/auth/codes.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { STUCK_AFTER_DAYS } from "./households.server";

import { FUNNEL_STEPS, type FunnelStep } from "./steps";

export { FUNNEL_STEPS };
export type FunnelCounts = Record<FunnelStep, number | null>;
export type FunnelRow = { key: string; name: string; target: number | null; households: number; counts: FunnelCounts; stuck: number };

const DAY = 86_400_000;

type Stage = { communeCode: string; helperId: string | null; steps: Record<FunnelStep, boolean>; stuck: boolean };

/** Each household's furthest steps. A farm counts when the household owns one (opened alone or with a helper). */
async function stages(now: Date): Promise<Stage[]> {
  const households = await db.household.findMany({
    select: { communeCode: true, helperId: true, invitedAt: true, confirmedAt: true, farmId: true, user: { select: { memberships: { where: { role: "OWNER" }, select: { farmId: true } } } } },
  });
  const farmIds = [...new Set(households.flatMap((h) => [h.farmId, ...(h.user?.memberships.map((m) => m.farmId) ?? [])]).filter((f): f is string => !!f))];
  const withProducts = new Set<string>();
  const lastSale = new Map<string, number>();
  for (let i = 0; i < farmIds.length; i += 1000) {
    const chunk = farmIds.slice(i, i + 1000);
    const [products, sales] = await Promise.all([
      db.product.groupBy({ by: ["farmId"], where: { farmId: { in: chunk }, status: { not: "DRAFT" } } }),
      db.farmOrder.groupBy({ by: ["farmId"], where: { farmId: { in: chunk }, status: { in: [...SOLD_STATUSES] } }, _max: { createdAt: true } }),
    ]);
    for (const p of products) withProducts.add(p.farmId);
    for (const s of sales) if (s._max.createdAt) lastSale.set(s.farmId, s._max.createdAt.getTime());
  }
  const activeSince = now.getTime() - ACTIVE_DAYS * DAY;
  const stuckBefore = now.getTime() - STUCK_AFTER_DAYS * DAY;
  return households.map((h) => {
    const farms = [h.farmId, ...(h.user?.memberships.map((m) => m.farmId) ?? [])].filter((f): f is string => !!f);
    const sale = Math.max(0, ...farms.map((f) => lastSale.get(f) ?? 0));
    const steps = {
      invited: h.invitedAt !== null || h.confirmedAt !== null,
      confirmed: h.confirmedAt !== null,
      farm: farms.length > 0,
      product: farms.some((f) => withProducts.has(f)),
      sale: sale > 0,
      active: sale >= activeSince,
    };
    return { communeCode: h.communeCode, helperId: h.helperId, steps, stuck: !steps.confirmed && h.invitedAt !== null && h.invitedAt.getTime() <= stuckBefore };
  });
}

function row(key: string, name: string, target: number | null, of: Stage[]): FunnelRow {
  const count = (s: FunnelStep) => of.filter((h) => h.steps[s]).length;
  const farms = count("farm");
  const small = farms > 0 && farms < MIN_FARMS;
  const counts = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, small && (s === "sale" || s === "active") ? null : count(s)])) as FunnelCounts;
  return { key, name, target, households: of.length, counts, stuck: of.filter((h) => h.stuck).length };
}

/** The funnel by commune (every commune of the province, with its target) and by helper, and the province's total. */
export async function onboardingFunnel({ provinceCode, now = new Date() }: { provinceCode: string; now?: Date }) {
  const [all, communes, targets, helpers] = await Promise.all([
    stages(now),
    db.adminUnit.findMany({ where: { parentCode: provinceCode, level: "COMMUNE" }, select: { code: true, name: true }, orderBy: { name: "asc" } }),
    db.communeTarget.findMany({ select: { communeCode: true, target: true } }),
    db.user.findMany({ where: { OR: [{ role: "HELPER" }, { helpedHouseholds: { some: {} } }] }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const targetOf = new Map(targets.map((t) => [t.communeCode, t.target]));
  const inProvince = new Set(communes.map((c) => c.code));
  const mine = all.filter((h) => inProvince.has(h.communeCode));
  return {
    total: row("total", "", env.TARGET_HOUSEHOLDS, mine),
    targetsSet: communes.reduce((s, c) => s + (targetOf.get(c.code) ?? 0), 0),
    byCommune: communes.map((c) => row(c.code, c.name, targetOf.get(c.code) ?? null, mine.filter((h) => h.communeCode === c.code))),
    byHelper: helpers.map((h) => row(h.id, h.name, null, mine.filter((s) => s.helperId === h.id))).filter((r) => r.households > 0),
  };
}

/** Sets communes' targets (officers); a blank target removes it. */
export async function setCommuneTargets({ officerId, targets }: { officerId: string; targets: Record<string, number | null> }): Promise<number> {
  const codes = Object.keys(targets);
  const known = new Set((await db.adminUnit.findMany({ where: { code: { in: codes }, level: "COMMUNE" }, select: { code: true } })).map((u) => u.code));
  let saved = 0;
  await db.$transaction(async (tx) => {
    for (const [communeCode, target] of Object.entries(targets)) {
      if (!known.has(communeCode)) continue;
      if (target === null) await tx.communeTarget.deleteMany({ where: { communeCode } });
      else await tx.communeTarget.upsert({ where: { communeCode }, create: { communeCode, target, updatedById: officerId }, update: { target, updatedById: officerId } });
      saved++;
    }
  });
  return saved;
}

/** The province's target split evenly over its communes (the remainder to the first ones), as a starting point. */
export function evenSplit(total: number, communeCodes: string[]): Record<string, number> {
  const n = communeCodes.length;
  if (!n) return {};
  const base = Math.floor(total / n);
  return Object.fromEntries(communeCodes.map((c, i) => [c, base + (i < total - base * n ? 1 : 0)]));
}

/** Households invited long ago and never confirmed, for the department (names and communes; phones masked). */
export async function stuckHouseholds({ communeCode, now = new Date(), take = 200 }: { communeCode?: string; now?: Date; take?: number }) {
  const rows = await db.household.findMany({
    where: { confirmedAt: null, invitedAt: { lte: new Date(now.getTime() - STUCK_AFTER_DAYS * DAY) }, ...(communeCode ? { communeCode } : {}) },
    select: { id: true, name: true, phone: true, communeCode: true, invitedAt: true, helper: { select: { name: true } } },
    orderBy: [{ invitedAt: "asc" }, { id: "asc" }],
    take,
  });
  return rows.map((r) => ({ ...r, phone: maskAddress(r.phone), helper: r.helper?.name ?? null }));
}
