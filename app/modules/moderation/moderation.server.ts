// Moderation (ADR 015): buyers report a listing or a farm; admins hide a product or suspend a farm
// with a reason the farm sees, and lift it. Every step is a FarmAuditEntry (who, when, why) and
// the farm's owners are told at once. A hidden product is status HIDDEN: every storefront query
// already shows ACTIVE products only, and only an admin brings it back (as a draft the farm
// publishes again). A suspended farm sells nothing (checkout checks the farm's status).
import { consume } from "~/modules/auth/rate-limit.server";
import { recordFarmChange } from "~/modules/farms/audit.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db } from "~/utils/db.server";

import type { ReportReason } from "./reasons";
/** Reports one person may file a day: enough for a real buyer, not a flood. */
const REPORTS_PER_DAY = { max: 20, windowMs: 24 * 3_600_000 };

export type ReportTarget = { kind: "product"; slug: string } | { kind: "farm"; slug: string };

/** What is being reported, as the report page shows it (null: no such public listing). */
export async function reportTarget(target: ReportTarget) {
  if (target.kind === "product") {
    const p = await db.product.findFirst({ where: { slug: target.slug, status: "ACTIVE" }, select: { id: true, name: true, farmId: true, farm: { select: { name: true } } } });
    return p && { farmId: p.farmId, productId: p.id as string | null, title: `${p.name} — ${p.farm.name}` };
  }
  const f = await db.farm.findFirst({ where: { slug: target.slug, status: "ACTIVE" }, select: { id: true, name: true } });
  return f && { farmId: f.id, productId: null as string | null, title: f.name };
}

/** Files a report; a second one by the same person on the same listing while open changes nothing. */
export async function fileReport({ reporterId, target, reason, note }: { reporterId: string; target: ReportTarget; reason: ReportReason; note: string }) {
  const t = await reportTarget(target);
  if (!t) return { ok: false as const, error: "notFound" as const };
  if ((await consume([[`report:user:${reporterId}`, REPORTS_PER_DAY]])) > 0) return { ok: false as const, error: "tooManyReports" as const };
  const open = await db.report.findFirst({ where: { reporterId, farmId: t.farmId, productId: t.productId, status: "OPEN" }, select: { id: true } });
  if (open) return { ok: true as const, id: open.id };
  const row = await db.report.create({ data: { reporterId, farmId: t.farmId, productId: t.productId, reason, note: note.slice(0, 500) }, select: { id: true } });
  return { ok: true as const, id: row.id };
}

/** The admins' queue: open reports, oldest first, with what they are about. */
export async function listOpenReports(take = 100) {
  return db.report.findMany({
    where: { status: "OPEN" },
    select: {
      id: true, reason: true, note: true, createdAt: true,
      farm: { select: { id: true, name: true, slug: true, status: true } },
      product: { select: { id: true, name: true, slug: true, status: true } },
    },
    orderBy: { createdAt: "asc" },
    take,
  });
}

/** What admins have hidden or suspended, to lift. */
export async function listModerated() {
  const [products, farms] = await Promise.all([
    db.product.findMany({ where: { status: "HIDDEN" }, select: { id: true, name: true, moderationNote: true, farm: { select: { name: true } } }, orderBy: { updatedAt: "desc" }, take: 100 }),
    db.farm.findMany({ where: { status: "SUSPENDED" }, select: { id: true, name: true, moderationNote: true }, orderBy: { updatedAt: "desc" }, take: 100 }),
  ]);
  return { products, farms };
}

export type ModerationResult = { ok: true } | { ok: false; error: "notFound" | "moderationReasonRequired" };

const reasonOk = (reason: string) => reason.trim().length >= 5;

export async function hideProduct({ adminId, productId, reason }: { adminId: string; productId: string; reason: string }): Promise<ModerationResult> {
  if (!reasonOk(reason)) return { ok: false, error: "moderationReasonRequired" };
  const done = await db.$transaction(async (tx) => {
    const p = await tx.product.findFirst({ where: { id: productId, status: { not: "HIDDEN" } }, select: { farmId: true, name: true, status: true } });
    if (!p) return false;
    await tx.product.update({ where: { id: productId }, data: { status: "HIDDEN", moderationNote: reason.trim() } });
    await tx.report.updateMany({ where: { productId, status: "OPEN" }, data: { status: "ACTIONED", resolvedById: adminId, resolvedAt: new Date() } });
    await recordFarmChange(tx, { farmId: p.farmId, actorId: adminId, action: "product.hide", before: { productId, status: p.status }, after: { productId, status: "HIDDEN", reason: reason.trim() }, reason: reason.trim(), product: p.name });
    return true;
  });
  if (done) deliverSoon();
  return done ? { ok: true } : { ok: false, error: "notFound" };
}

export async function restoreProduct({ adminId, productId }: { adminId: string; productId: string }): Promise<ModerationResult> {
  const done = await db.$transaction(async (tx) => {
    const p = await tx.product.findFirst({ where: { id: productId, status: "HIDDEN" }, select: { farmId: true, name: true } });
    if (!p) return false;
    await tx.product.update({ where: { id: productId }, data: { status: "DRAFT", moderationNote: null } }); // the farm publishes it again
    await recordFarmChange(tx, { farmId: p.farmId, actorId: adminId, action: "product.restore", before: { productId, status: "HIDDEN" }, after: { productId, status: "DRAFT" }, product: p.name });
    return true;
  });
  if (done) deliverSoon();
  return done ? { ok: true } : { ok: false, error: "notFound" };
}

export async function suspendFarm({ adminId, farmId, reason }: { adminId: string; farmId: string; reason: string }): Promise<ModerationResult> {
  if (!reasonOk(reason)) return { ok: false, error: "moderationReasonRequired" };
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.farm.updateMany({ where: { id: farmId, status: "ACTIVE" }, data: { status: "SUSPENDED", moderationNote: reason.trim() } });
    if (count !== 1) return false;
    await tx.report.updateMany({ where: { farmId, status: "OPEN" }, data: { status: "ACTIONED", resolvedById: adminId, resolvedAt: new Date() } });
    await recordFarmChange(tx, { farmId, actorId: adminId, action: "farm.suspend", before: { status: "ACTIVE" }, after: { status: "SUSPENDED", reason: reason.trim() }, reason: reason.trim() });
    return true;
  });
  if (done) deliverSoon();
  return done ? { ok: true } : { ok: false, error: "notFound" };
}

export async function restoreFarm({ adminId, farmId }: { adminId: string; farmId: string }): Promise<ModerationResult> {
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.farm.updateMany({ where: { id: farmId, status: "SUSPENDED" }, data: { status: "ACTIVE", moderationNote: null } });
    if (count !== 1) return false;
    await recordFarmChange(tx, { farmId, actorId: adminId, action: "farm.restore", before: { status: "SUSPENDED" }, after: { status: "ACTIVE" } });
    return true;
  });
  if (done) deliverSoon();
  return done ? { ok: true } : { ok: false, error: "notFound" };
}

export async function dismissReport({ adminId, reportId }: { adminId: string; reportId: string }): Promise<boolean> {
  const { count } = await db.report.updateMany({ where: { id: reportId, status: "OPEN" }, data: { status: "DISMISSED", resolvedById: adminId, resolvedAt: new Date() } });
  return count === 1;
}
