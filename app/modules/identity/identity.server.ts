// Seller identity (Law 122/2025/QH15 on e-commerce, in force 1 July 2026; ADR 018). A domestic
// seller is identified electronically (VNeID, through an eKYC partner: verifier.server.ts) or, for
// a household without a smartphone ID app, in person by an officer who saw the citizen ID card.
// From IDENTITY_REQUIRED_FROM (default 2026-07-01, Vietnam's day) an unverified seller prepares
// listings but publishes none, and cannot be paid for new orders. The ID number is never stored:
// an HMAC of it (one identity per person, key in AppSecret) and its last four digits.
import { createHmac, randomBytes } from "node:crypto";
import { consume } from "~/modules/auth/rate-limit.server";
import { db, Prisma, type Tx } from "~/utils/db.server";
import { cleanLine } from "~/utils/text";
import { configuredVerifier, type IdentityInput } from "./verifier.server";

const DAY = 86_400_000;
const VN = 7 * 3_600_000;

/** The first day (in Vietnam) sellers must be verified to sell: IDENTITY_REQUIRED_FROM, default the law's 2026-07-01. */
export function identityRequiredFrom(env: NodeJS.ProcessEnv = process.env): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(env.IDENTITY_REQUIRED_FROM ?? "") ? env.IDENTITY_REQUIRED_FROM! : "2026-07-01";
  return new Date(Date.parse(`${day}T00:00:00Z`) - VN);
}

export const identityRequired = (now = new Date()) => now.getTime() >= identityRequiredFrom().getTime();

/** Online checks per seller: a provider call costs money and could be used to test ID numbers. */
export const IDENTITY_CHECKS = { max: 5, windowMs: DAY };

/**
 * A 12-digit personal identification number (số định danh cá nhân, on the chip ID card): the
 * province of birth (001–096), then the century and sex, then the last two digits of the year of
 * birth — which must agree with `dateOfBirth` (YYYY-MM-DD).
 */
export function idNumberProblem(idNumber: string, dateOfBirth: string): "idNumberFormat" | "idNumberMismatch" | null {
  if (!/^\d{12}$/.test(idNumber)) return "idNumberFormat";
  const province = Number(idNumber.slice(0, 3));
  if (province < 1 || province > 96) return "idNumberFormat";
  const year = Number(dateOfBirth.slice(0, 4));
  const centuryDigit = Number(idNumber[3]);
  const century = 1900 + Math.floor(centuryDigit / 2) * 100; // 0/1: 1900s, 2/3: 2000s, …
  if (century !== Math.floor(year / 100) * 100 || idNumber.slice(4, 6) !== String(year % 100).padStart(2, "0")) return "idNumberMismatch";
  return null;
}

let pepper: Promise<Buffer> | null = null;
async function loadPepper(client: Pick<Tx, "appSecret">): Promise<Buffer> {
  const stored = await client.appSecret.findUnique({ where: { key: "identity-number" }, select: { value: true } });
  if (stored) return Buffer.from(stored.value, "hex");
  const fresh = randomBytes(32);
  try {
    await client.appSecret.create({ data: { key: "identity-number", value: fresh.toString("hex") } });
    return fresh;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return loadPepper(client);
    throw e;
  }
}

/** The stored stand-in for an ID number: HMAC-SHA256 with the platform's own key. */
export async function idNumberHash(idNumber: string, client: Pick<Tx, "appSecret"> = db): Promise<string> {
  const key = await (client === db ? (pepper ??= loadPepper(db).catch((e: unknown) => ((pepper = null), Promise.reject(e)))) : loadPepper(client));
  return createHmac("sha256", key).update(idNumber).digest("hex");
}

/** Tests: forget the key read from the database. */
export function resetIdentityKey(): void {
  pepper = null;
}

export type IdentityStatus = { status: "NONE" } | { status: "VERIFIED" | "REFUSED"; method: string; fullName: string; last4: string; verifiedAt: Date | null; reason: string | null };

export async function sellerIdentity(userId: string): Promise<IdentityStatus> {
  const row = await db.sellerIdentity.findUnique({ where: { userId }, select: { status: true, method: true, fullName: true, idNumberLast4: true, verifiedAt: true, reason: true } });
  if (!row) return { status: "NONE" };
  return { status: row.status as "VERIFIED" | "REFUSED", method: row.method, fullName: row.fullName, last4: row.idNumberLast4, verifiedAt: row.verifiedAt, reason: row.reason };
}

export type VerifyError = "idNumberFormat" | "idNumberMismatch" | "idNumberTaken" | "identityRefused" | "identityUnavailable" | "identityNoProvider" | "tooManyChecks" | "notFound";

async function saveVerified(input: { userId: string; fullName: string; idNumber: string; dateOfBirth: string; method: "EKYC" | "IN_PERSON"; provider?: string; ref?: string; officerId?: string; note?: string }): Promise<{ ok: true } | { ok: false; error: "idNumberTaken" }> {
  const hash = await idNumberHash(input.idNumber);
  const data = {
    fullName: cleanLine(input.fullName).slice(0, 100), idNumberHash: hash, idNumberLast4: input.idNumber.slice(-4), dateOfBirth: input.dateOfBirth, status: "VERIFIED",
    method: input.method, provider: input.provider ?? null, providerRef: input.ref ?? null, reason: input.note ? cleanLine(input.note).slice(0, 300) : null, verifiedAt: new Date(), verifiedById: input.officerId ?? null,
  };
  try {
    await db.sellerIdentity.upsert({ where: { userId: input.userId }, create: { userId: input.userId, ...data }, update: data });
    return { ok: true };
  } catch (e) {
    // that person's number is another account's identity
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return { ok: false, error: "idNumberTaken" };
    throw e;
  }
}

/** The seller checks itself online (eKYC through VNeID). Refusals are kept without the number. */
export async function verifySellerOnline({ userId, input }: { userId: string; input: IdentityInput }): Promise<{ ok: true } | { ok: false; error: VerifyError; retryAfterMs?: number }> {
  const problem = idNumberProblem(input.idNumber, input.dateOfBirth);
  if (problem) return { ok: false, error: problem };
  const verifier = configuredVerifier();
  if (!verifier) return { ok: false, error: "identityNoProvider" };
  const taken = await db.sellerIdentity.findUnique({ where: { idNumberHash: await idNumberHash(input.idNumber) }, select: { userId: true } });
  if (taken && taken.userId !== userId) return { ok: false, error: "idNumberTaken" };
  const wait = await consume([[`identity:${userId}`, IDENTITY_CHECKS]]);
  if (wait > 0) return { ok: false, error: "tooManyChecks", retryAfterMs: wait };
  const answer = await verifier.verify(input);
  if (answer.outcome === "UNAVAILABLE") return { ok: false, error: "identityUnavailable" };
  if (answer.outcome === "REFUSED") {
    // what the seller sees next time; no ID number kept for a refusal
    const current = await db.sellerIdentity.findUnique({ where: { userId }, select: { status: true } });
    if (current?.status !== "VERIFIED") {
      const data = { fullName: cleanLine(input.fullName).slice(0, 100), idNumberHash: `refused:${userId}`, idNumberLast4: input.idNumber.slice(-4), dateOfBirth: input.dateOfBirth, status: "REFUSED", method: "EKYC", provider: answer.provider, providerRef: answer.ref, reason: answer.reason.slice(0, 300), verifiedAt: null };
      await db.sellerIdentity.upsert({ where: { userId }, create: { userId, ...data }, update: data });
    }
    return { ok: false, error: "identityRefused" };
  }
  return saveVerified({ userId, fullName: answer.fullName, idNumber: input.idNumber, dateOfBirth: input.dateOfBirth, method: "EKYC", provider: answer.provider, ref: answer.ref });
}

/** An officer saw the household's chip ID card in person (the manual path). */
export async function verifySellerInPerson({ officerId, userId, input, note }: { officerId: string; userId: string; input: Omit<IdentityInput, "phone">; note: string }): Promise<{ ok: true } | { ok: false; error: VerifyError }> {
  const problem = idNumberProblem(input.idNumber, input.dateOfBirth);
  if (problem) return { ok: false, error: problem };
  if (!(await db.user.findFirst({ where: { id: userId, memberships: { some: { role: "OWNER" } } }, select: { id: true } }))) return { ok: false, error: "notFound" };
  return saveVerified({ userId, fullName: input.fullName, idNumber: input.idNumber, dateOfBirth: input.dateOfBirth, method: "IN_PERSON", officerId, note });
}

/**
 * May this farm publish and sell now? Its owner's phone is proven (ADR 014) and, from the day the
 * law applies, its owner's identity is verified.
 */
export async function farmMaySell(tx: Pick<Tx, "farmMember">, farmId: string, now = new Date()): Promise<{ ok: true } | { ok: false; reason: "phone" | "identity" }> {
  const owners = await tx.farmMember.findMany({ where: { farmId, role: "OWNER" }, select: { user: { select: { phoneVerifiedAt: true, sellerIdentity: { select: { status: true } } } } } });
  if (!owners.some((o) => o.user.phoneVerifiedAt)) return { ok: false, reason: "phone" };
  if (identityRequired(now) && !owners.some((o) => o.user.sellerIdentity?.status === "VERIFIED")) return { ok: false, reason: "identity" };
  return { ok: true };
}

/** May this farm be paid for new orders now? Before the law's date yes; from it, when its owner's identity is verified. */
export async function farmSellerVerified(tx: Pick<Tx, "farmMember">, farmId: string, now = new Date()): Promise<boolean> {
  if (!identityRequired(now)) return true;
  return (await tx.farmMember.count({ where: { farmId, role: "OWNER", user: { sellerIdentity: { status: "VERIFIED" } } } })) > 0;
}

/** Farm owners without a verified identity, for the officers' page (newest farms first). */
export async function unverifiedSellers({ phone, take = 50 }: { phone?: string | null; take?: number }) {
  const rows = await db.user.findMany({
    where: { memberships: { some: { role: "OWNER" } }, OR: [{ sellerIdentity: null }, { sellerIdentity: { status: { not: "VERIFIED" } } }], ...(phone ? { phone } : {}) },
    select: { id: true, name: true, phone: true, memberships: { where: { role: "OWNER" }, select: { farm: { select: { name: true, communeCode: true } } }, take: 1 }, sellerIdentity: { select: { status: true, reason: true } } },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map((r) => ({ id: r.id, name: r.name, phone: r.phone, farm: r.memberships[0]?.farm.name ?? "", communeCode: r.memberships[0]?.farm.communeCode ?? "", refused: r.sellerIdentity?.status === "REFUSED" ? r.sellerIdentity.reason : null }));
}
