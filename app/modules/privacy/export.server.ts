// "Tải dữ liệu của tôi" (Personal Data Protection Law 91/2025/QH15: the data subject's right to
// access and to a copy of their data; ADR 019): everything the platform holds about one person, in
// one ZIP file — `du-lieu-cua-toi.json` (all of it, structured) and one CSV per table for a
// spreadsheet (UTF-8 with BOM, for Excel). What is about them and only them: their account, sessions,
// devices for notifications, choices, codes sent to them (never the codes), messages sent to them,
// cart, orders as a buyer (with what they typed for each farm), the farms they belong to (the farm's
// name and their role, not other members), changes they made, reports they filed, their seller
// identity (last four digits only: the number is not kept), their household record and helper
// communes. Secrets (password hash, code hashes, push keys) are never exported.
import { strToU8, zipSync } from "fflate";
import { toCsv, type CsvCell } from "~/modules/analytics/csv.server";
import { db } from "~/utils/db.server";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function exportUserData(userId: string, now = new Date()) {
  const u = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true, name: true, email: true, phone: true, role: true, locale: true, quietHours: true, createdAt: true, updatedAt: true, phoneVerifiedAt: true, emailVerifiedAt: true,
      sessions: { select: { createdAt: true, expiresAt: true, userAgent: true }, orderBy: { createdAt: "asc" } },
      pushSubscriptions: { select: { createdAt: true, endpoint: true }, orderBy: { createdAt: "asc" } },
      notificationPrefs: { select: { topic: true, channels: true } },
      verificationCodes: { select: { purpose: true, target: true, createdAt: true, expiresAt: true, consumedAt: true }, orderBy: { createdAt: "asc" } },
      memberships: { select: { role: true, createdAt: true, farm: { select: { name: true, slug: true } } } },
      cart: { select: { items: { select: { quantityMilli: true, addedAt: true, product: { select: { name: true, farm: { select: { name: true } } } } } } } },
      orders: {
        select: {
          number: true, buyerName: true, buyerPhone: true, totalVnd: true, createdAt: true,
          farmOrders: {
            select: {
              status: true, fulfilment: true, address: true, paymentMethod: true, paymentStatus: true, subtotalVnd: true, transferRef: true, createdAt: true,
              farm: { select: { name: true } },
              lines: { select: { productName: true, unit: true, priceVnd: true, quantityMilli: true, lineTotalVnd: true } },
              events: { where: { actorId: userId }, select: { toStatus: true, note: true, createdAt: true } },
            },
          },
        },
        orderBy: { createdAt: "asc" },
      },
      farmAudit: { select: { action: true, createdAt: true, farm: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
      reports: { select: { reason: true, note: true, status: true, createdAt: true, farm: { select: { name: true } } } },
      helperCommunes: { select: { communeCode: true, createdAt: true } },
      household: { select: { name: true, phone: true, communeCode: true, products: true, certificates: true, source: true, invitedAt: true, confirmedAt: true, createdAt: true } },
      sellerIdentity: { select: { fullName: true, idNumberLast4: true, dateOfBirth: true, status: true, method: true, verifiedAt: true } },
    },
  });
  if (!u) return null;
  const notifications = await db.notification.findMany({ where: { userId }, select: { kind: true, status: true, createdAt: true, sentAt: true, link: true }, orderBy: { createdAt: "asc" }, take: 10_000 });
  return {
    generatedAt: now.toISOString(),
    account: { name: u.name, email: u.email, phone: u.phone, role: u.role, language: u.locale, quietHours: u.quietHours, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt), phoneVerifiedAt: iso(u.phoneVerifiedAt), emailVerifiedAt: iso(u.emailVerifiedAt) },
    sessions: u.sessions.map((s) => ({ createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt), device: s.userAgent })),
    pushDevices: u.pushSubscriptions.map((p) => ({ createdAt: iso(p.createdAt), service: new URL(p.endpoint).host })),
    notificationChoices: u.notificationPrefs.map((p) => ({ topic: p.topic, channels: p.channels })),
    codesSent: u.verificationCodes.map((c) => ({ purpose: c.purpose, to: c.target, createdAt: iso(c.createdAt), expiresAt: iso(c.expiresAt), usedAt: iso(c.consumedAt) })),
    messages: notifications.map((n) => ({ kind: n.kind, status: n.status, createdAt: iso(n.createdAt), sentAt: iso(n.sentAt), link: n.link })),
    cart: (u.cart?.items ?? []).map((i) => ({ product: i.product.name, farm: i.product.farm.name, quantity: i.quantityMilli / 1000, addedAt: iso(i.addedAt) })),
    orders: u.orders.map((o) => ({
      number: o.number, createdAt: iso(o.createdAt), name: o.buyerName, phone: o.buyerPhone, totalVnd: o.totalVnd,
      parts: o.farmOrders.map((f) => ({
        farm: f.farm.name, status: f.status, fulfilment: f.fulfilment, address: f.address, paymentMethod: f.paymentMethod, paymentStatus: f.paymentStatus, subtotalVnd: f.subtotalVnd, transferReference: f.transferRef, createdAt: iso(f.createdAt),
        lines: f.lines.map((l) => ({ product: l.productName, unit: l.unit, priceVnd: l.priceVnd, quantity: l.quantityMilli / 1000, totalVnd: l.lineTotalVnd })),
        yourSteps: f.events.map((e) => ({ to: e.toStatus, note: e.note, at: iso(e.createdAt) })),
      })),
    })),
    farms: u.memberships.map((m) => ({ farm: m.farm.name, address: `/farms/${m.farm.slug}`, role: m.role, since: iso(m.createdAt) })),
    changesYouMade: u.farmAudit.map((a) => ({ farm: a.farm.name, action: a.action, at: iso(a.createdAt) })),
    reportsYouFiled: u.reports.map((r) => ({ farm: r.farm.name, reason: r.reason, note: r.note, status: r.status, at: iso(r.createdAt) })),
    helperCommunes: u.helperCommunes.map((c) => ({ commune: c.communeCode, since: iso(c.createdAt) })),
    household: u.household ? { ...u.household, invitedAt: iso(u.household.invitedAt), confirmedAt: iso(u.household.confirmedAt), createdAt: iso(u.household.createdAt) } : null,
    sellerIdentity: u.sellerIdentity ? { fullName: u.sellerIdentity.fullName, idNumber: `••••••••${u.sellerIdentity.idNumberLast4}`, dateOfBirth: u.sellerIdentity.dateOfBirth, status: u.sellerIdentity.status, method: u.sellerIdentity.method, verifiedAt: iso(u.sellerIdentity.verifiedAt) } : null,
  };
}

export type UserData = NonNullable<Awaited<ReturnType<typeof exportUserData>>>;

/** Flattens a list of objects into CSV columns (nested lists as JSON text). */
function tableCsv(rows: Array<Record<string, unknown>>): string {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown): CsvCell => (v === null || v === undefined ? null : typeof v === "number" || typeof v === "string" ? v : typeof v === "boolean" ? String(v) : JSON.stringify(v));
  return toCsv(header, rows.map((r) => header.map((h) => cell(r[h])))); // with its BOM, for Excel
}

/** The ZIP: the whole JSON, and a CSV per table. */
export function userDataZip(data: UserData): Uint8Array {
  const files: Record<string, Uint8Array> = { "du-lieu-cua-toi.json": strToU8(JSON.stringify(data, null, 2)) };
  for (const [name, value] of Object.entries(data)) {
    if (Array.isArray(value)) files[`${name}.csv`] = strToU8(tableCsv(value as Array<Record<string, unknown>>));
    else if (value && typeof value === "object") files[`${name}.csv`] = strToU8(tableCsv([value as Record<string, unknown>]));
  }
  return zipSync(files, { level: 6 });
}
