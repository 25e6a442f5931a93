// Farm (household brand) reads and writes. Writes carry ownership in their where clause.
import { db, Prisma, type Tx } from "~/utils/db.server";
import { mediaSelect, mediaView, withStoredImages } from "~/modules/media/media.server";
import type { Identifier } from "~/modules/auth/schemas";
import { endSessionsAfterPrivilegeChange } from "~/modules/auth/session.server";
import { nextFreeSlug, slugify } from "~/utils/fold";
import { withFreeSlug } from "~/utils/slug.server";
import { cached } from "~/utils/cache.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { listFarmChanges, maskAccount, recordFarmChange, recordIfHelper } from "./audit.server";
import { farmRoleCan, farmWhereCan, isFarmRole, type FarmRole } from "./roles";

export { CERT_KINDS } from "./schemas";

/** A certificate with no expiry, or one not yet expired on `now`, is valid. */
export function isCertificationValid(cert: { expiresAt: Date | null }, now = new Date()): boolean {
  return !cert.expiresAt || cert.expiresAt.getTime() > now.getTime();
}

const farmCardSelect = {
  slug: true,
  name: true,
  communeCode: true,
  commune: { select: { name: true } },
  coverMedia: { select: mediaSelect },
  certifications: { select: { kind: true, stars: true, expiresAt: true } },
  _count: { select: { products: { where: { status: "ACTIVE" } } } },
} as const;

type FarmCardRow = Prisma.FarmGetPayload<{ select: typeof farmCardSelect }>;
function toFarmCard({ coverMedia, certifications, _count, ...f }: FarmCardRow, now = new Date()) {
  return {
    ...f,
    productCount: _count.products,
    image: mediaView(coverMedia),
    certifications: certifications.map((c) => ({ ...c, valid: isCertificationValid(c, now) })),
  };
}

export async function listFarms({ page = 1, perPage = 24 }: { page?: number; perPage?: number } = {}) {
  const where = { status: "ACTIVE" };
  const [total, rows] = await Promise.all([
    db.farm.count({ where }),
    db.farm.findMany({ where, select: farmCardSelect, orderBy: [{ name: "asc" }], skip: (page - 1) * perPage, take: perPage }),
  ]);
  return { total, farms: rows.map((r) => toFarmCard(r)) };
}

export function countActiveFarms(): Promise<number> {
  return cached("countActiveFarms", () => db.farm.count({ where: { status: "ACTIVE" } }));
}

export function listFarmsNear(args: { communeCode?: string | null; provinceCode?: string; take?: number }) {
  return cached(`listFarmsNear:${JSON.stringify(args)}`, () => loadListFarmsNear(args));
}

/**
 * Farms near the buyer: those of the buyer's commune first, then the rest of its province, the
 * ones with most on sale first. Without an area, the province's farms with most on sale.
 */
async function loadListFarmsNear({ communeCode, provinceCode = DEFAULT_PROVINCE, take = 6 }: { communeCode?: string | null; provinceCode?: string; take?: number }) {
  const byOffer = [{ products: { _count: "desc" as const } }, { name: "asc" as const }];
  const active = { status: "ACTIVE", provinceCode };
  const local = communeCode ? await db.farm.findMany({ where: { ...active, communeCode }, select: farmCardSelect, orderBy: byOffer, take }) : [];
  const rest = local.length < take
    ? await db.farm.findMany({ where: { ...active, ...(communeCode ? { communeCode: { not: communeCode } } : {}) }, select: farmCardSelect, orderBy: byOffer, take: take - local.length })
    : [];
  return [...local, ...rest].map((r) => ({ ...toFarmCard(r), sameCommune: Boolean(communeCode) && r.communeCode === communeCode }));
}

export function getFarmPage(args: { slug: string }) {
  return cached(`getFarmPage:${JSON.stringify(args)}`, () => loadGetFarmPage(args));
}

async function loadGetFarmPage({ slug }: { slug: string }) {
  const farm = await db.farm.findFirst({
    where: { slug, status: "ACTIVE" },
    select: {
      id: true,
      slug: true,
      name: true,
      story: true,
      phone: true,
      addressLine: true,
      offersPickup: true,
      offersDelivery: true,
      commune: { select: { name: true } },
      province: { select: { name: true } },
      coverMedia: { select: mediaSelect },
      images: { select: { mediaId: true, media: { select: mediaSelect } }, orderBy: { position: "asc" }, take: 12 },
      certifications: {
        select: { id: true, kind: true, stars: true, number: true, issuer: true, expiresAt: true },
        orderBy: { kind: "asc" },
      },
    },
  });
  if (!farm) return null;
  const now = new Date();
  const { coverMedia, certifications, images, ...rest } = farm;
  return {
    ...rest,
    image: mediaView(coverMedia),
    photos: images.map((i) => ({ mediaId: i.mediaId, view: mediaView(i.media)! })),
    certifications: certifications.map((c) => ({ ...c, valid: isCertificationValid(c, now) })),
  };
}

export async function listMyFarms({ userId }: { userId: string }) {
  const farms = await db.farm.findMany({
    where: { members: { some: { userId } } },
    select: {
      id: true,
      slug: true,
      name: true,
      // a farm sells once its owner's phone is verified (ADR 014)
      members: { select: { userId: true, role: true, user: { select: { phoneVerifiedAt: true, sellerIdentity: { select: { status: true } } } } } },
      products: {
        select: { id: true, slug: true, name: true, status: true, priceVnd: true, unit: true, stockMilli: true },
        orderBy: { name: "asc" },
      },
    },
    orderBy: { name: "asc" },
  });
  return farms.map(({ members, ...f }) => {
    const owners = members.filter((m) => m.role === "OWNER");
    return {
      ...f,
      ownerVerified: owners.some((m) => m.user.phoneVerifiedAt),
      // the seller's identity, which the e-commerce law asks for (ADR 018)
      ownerIdentityVerified: owners.some((m) => m.user.sellerIdentity?.status === "VERIFIED"),
      iAmOwner: owners.some((m) => m.userId === userId),
      myRole: (members.find((m) => m.userId === userId)?.role ?? "STAFF") as FarmRole,
    };
  });
}

export type FarmProfile = {
  name: string;
  slug?: string;
  offersPickup?: boolean;
  offersDelivery?: boolean;
  story?: string;
  communeCode: string;
  provinceCode: string;
  phone: string;
  addressLine?: string;
  bankBin?: string | null;
  bankAccountNumber?: string | null;
  bankAccountName?: string | null;
};

export async function uniqueFarmSlug(name: string): Promise<string> {
  const base = slugify(name);
  const rows = await db.farm.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  return nextFreeSlug(base, rows.map((r) => r.slug));
}

/**
 * Opens a farm with `ownerId` as its OWNER member. Without a chosen slug one is derived from the
 * name; two farms of the same name opened at once both get one (the loser of the unique index
 * picks the next free slug) instead of an error.
 */
export async function createFarm({ ownerId, profile, slug }: { ownerId: string; profile: FarmProfile & { offersPickup?: boolean; offersDelivery?: boolean }; slug?: string }) {
  return withFreeSlug(
    () => (slug ? Promise.resolve(slug) : uniqueFarmSlug(profile.name)),
    (free) => db.farm.create({ data: { ...profile, slug: free, members: { create: { userId: ownerId, role: "OWNER" } } }, select: { id: true, slug: true } }),
    { retry: !slug },
  );
}

const IDENTITY_FIELDS = ["name", "slug", "phone"] as const;
const BANK_FIELDS = ["bankBin", "bankAccountNumber", "bankAccountName"] as const;

export type FarmChangeResult = { ok: true } | { ok: false; error: "notYours" | "ownerOnly" | "slugTaken" };

/**
 * Edits a farm. What a member may change depends on their role (roles.ts): the identity (name, web
 * address, phone) and the bank account only the owner, the rest the owner and managers. Fields
 * sent unchanged need no right (a manager's profile form carries the name as it is). A change of
 * identity or bank account is recorded and told to the owners in the same transaction (ADR 015);
 * orders placed before keep the account they showed (FarmOrder.bank*).
 */
export async function updateFarmProfile({ farmId, userId, changes }: { farmId: string; userId: string; changes: Partial<FarmProfile> }): Promise<FarmChangeResult> {
  let told = false;
  try {
    const result = await db.$transaction(async (tx): Promise<FarmChangeResult> => {
      const farm = await tx.farm.findFirst({
        where: { id: farmId, ...memberOf(userId) },
        select: { name: true, slug: true, phone: true, bankBin: true, bankAccountNumber: true, bankAccountName: true, members: { where: { userId }, select: { role: true } } },
      });
      if (!farm) return { ok: false, error: "notYours" };
      const role = farm.members[0]?.role;
      const data: Record<string, unknown> = { ...changes };
      const changed = <K extends keyof typeof farm>(keys: readonly K[]) =>
        keys.filter((k) => {
          const v = (changes as Record<string, unknown>)[k];
          if (v === undefined) return false;
          if ((v ?? null) === (farm[k] ?? null)) {
            delete data[k];
            return false;
          }
          return true;
        });
      const identity = changed(IDENTITY_FIELDS);
      const bank = changed(BANK_FIELDS);
      if (identity.length && !farmRoleCan(role, "farm:identity")) return { ok: false, error: "ownerOnly" };
      if (bank.length && !farmRoleCan(role, "farm:bank")) return { ok: false, error: "ownerOnly" };
      if (Object.keys(data).some((k) => !(IDENTITY_FIELDS as readonly string[]).includes(k) && !(BANK_FIELDS as readonly string[]).includes(k)) && !farmRoleCan(role, "farm:profile")) {
        return { ok: false, error: "ownerOnly" };
      }
      if (!Object.keys(data).length) return { ok: true };
      await tx.farm.update({ where: { id: farmId }, data });
      await recordIfHelper(tx, { farmId, actorId: userId, action: "helper.profile", detail: { fields: Object.keys(data).join(", ") }, role });
      const pick = (o: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, (o[k] ?? null) as string | null]));
      if (identity.length) {
        told = true;
        await recordFarmChange(tx, {
          farmId, actorId: userId, action: "identity", before: pick(farm, identity), after: pick(changes, identity),
          summary: identity.map((k) => `${farm[k] ?? "—"} → ${(changes as Record<string, unknown>)[k] ?? "—"}`).join("; "),
        });
      }
      if (bank.length) {
        told = true;
        const after = { ...pick(farm, BANK_FIELDS), ...pick(changes, bank) };
        await recordFarmChange(tx, { farmId, actorId: userId, action: "bank", before: pick(farm, BANK_FIELDS), after, summary: maskAccount(after.bankAccountNumber) });
      }
      return { ok: true };
    });
    if (told) deliverSoon();
    return result;
  } catch (e) {
    // another farm took the web address between the form's check and this write
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return { ok: false, error: "slugTaken" };
    throw e;
  }
}

// ——— Onboarding: the farmer's own farm ———

const memberOf = (userId: string) => ({ members: { some: { userId } } });

export function listCommunes(args: { provinceCode: string }) {
  return cached(`listCommunes:${JSON.stringify(args)}`, () => loadListCommunes(args));
}

async function loadListCommunes({ provinceCode }: { provinceCode: string }) {
  return db.adminUnit.findMany({ where: { parentCode: provinceCode, level: "COMMUNE" }, select: { code: true, name: true }, orderBy: { name: "asc" } });
}

export const DEFAULT_PROVINCE = "77";

export async function isFarmSlugFree(slug: string, exceptFarmId?: string): Promise<boolean> {
  const row = await db.farm.findUnique({ where: { slug }, select: { id: true } });
  return !row || row.id === exceptFarmId;
}

export async function getOwnFarm({ userId, farmId }: { userId: string; farmId: string }) {
  const farm = await db.farm.findFirst({
    where: { id: farmId, ...memberOf(userId) },
    select: {
      id: true, slug: true, name: true, story: true, phone: true, addressLine: true, communeCode: true, provinceCode: true,
      offersPickup: true, offersDelivery: true, bankBin: true, bankAccountNumber: true, bankAccountName: true, coverMediaId: true, status: true, moderationNote: true,
      coverMedia: { select: mediaSelect },
      images: { select: { mediaId: true, media: { select: mediaSelect } }, orderBy: { position: "asc" } },
      certifications: { select: { id: true, kind: true, stars: true, number: true, issuer: true, expiresAt: true, imageMedia: { select: mediaSelect } }, orderBy: { createdAt: "asc" } },
      members: { select: { role: true, userId: true, user: { select: { name: true, phone: true, email: true } } }, orderBy: { createdAt: "asc" } },
      invites: { select: { id: true, identifier: true, role: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!farm) return null;
  const now = new Date();
  const myRole = (farm.members.find((m) => m.userId === userId)?.role ?? "STAFF") as FarmRole;
  // the account buyers pay into is the owner's to see (roles.ts farm:bank): a page's data never
  // carries it to staff, a manager or a helper
  const bank = farmRoleCan(myRole, "farm:bank") ? {} : { bankBin: null, bankAccountNumber: null, bankAccountName: null };
  return {
    ...farm,
    ...bank,
    myRole,
    cover: mediaView(farm.coverMedia),
    images: farm.images.map((i) => ({ mediaId: i.mediaId, view: mediaView(i.media)! })),
    certifications: farm.certifications.map(({ imageMedia, ...c }) => ({ ...c, valid: isCertificationValid(c, now), image: mediaView(imageMedia) })),
  };
}

export async function setFarmCover({ userId, farmId, photo }: { userId: string; farmId: string; photo: Uint8Array }): Promise<boolean> {
  if (!(await db.farm.findFirst({ where: { id: farmId, ...farmWhereCan(userId, "farm:profile") }, select: { id: true } }))) return false;
  await withStoredImages([photo], ([mediaId]) =>
    db.$transaction(async (tx) => {
      await tx.farm.updateMany({ where: { id: farmId, ...farmWhereCan(userId, "farm:profile") }, data: { coverMediaId: mediaId } });
      await recordIfHelper(tx, { farmId, actorId: userId, action: "helper.photos", detail: { cover: 1 } });
    }),
  );
  return true;
}

export async function addFarmPhotos({ userId, farmId, photos }: { userId: string; farmId: string; photos: Uint8Array[] }): Promise<boolean> {
  if (!(await db.farm.findFirst({ where: { id: farmId, ...farmWhereCan(userId, "farm:profile") }, select: { id: true } }))) return false;
  await withStoredImages(photos, (mediaIds) =>
    db.$transaction(async (tx) => {
      await recordIfHelper(tx, { farmId, actorId: userId, action: "helper.photos", detail: { photos: mediaIds.length } });
      const last = await tx.farmImage.findFirst({ where: { farmId }, orderBy: { position: "desc" }, select: { position: true } });
      let position = (last?.position ?? -1) + 1;
      for (const mediaId of new Set(mediaIds)) {
        await tx.farmImage.upsert({ where: { farmId_mediaId: { farmId, mediaId } }, create: { farmId, mediaId, position: position++ }, update: {} });
      }
    }),
  );
  return true;
}

export async function deleteFarmPhoto({ userId, farmId, mediaId }: { userId: string; farmId: string; mediaId: string }): Promise<boolean> {
  const { count } = await db.farmImage.deleteMany({ where: { farmId, mediaId, farm: farmWhereCan(userId, "farm:profile") } });
  return count === 1;
}

export async function addCertification({
  userId,
  farmId,
  cert,
  photo,
}: {
  userId: string;
  farmId: string;
  cert: { kind: string; stars?: number; number: string; issuer: string; expiresAt?: Date };
  photo: Uint8Array | null;
}): Promise<boolean> {
  if (!(await db.farm.findFirst({ where: { id: farmId, ...farmWhereCan(userId, "farm:profile") }, select: { id: true } }))) return false;
  await withStoredImages(photo ? [photo] : [], ([imageMediaId]) =>
    db.certification.create({
      data: { farmId, kind: cert.kind, stars: cert.kind === "OCOP" ? (cert.stars ?? null) : null, number: cert.number, issuer: cert.issuer, expiresAt: cert.expiresAt ?? null, imageMediaId: imageMediaId ?? null },
    }),
  );
  return true;
}

export async function deleteCertification({ userId, farmId, certificationId }: { userId: string; farmId: string; certificationId: string }) {
  const { count } = await db.certification.deleteMany({ where: { id: certificationId, farmId, farm: farmWhereCan(userId, "farm:profile") } });
  return count === 1;
}

/**
 * The owner adds a person by phone/e-mail with a role (manager or staff): at once if an account
 * has proven that address, else when one does. Recorded and told to the owners (ADR 015).
 */
export async function inviteMember({ userId, farmId, identifier, role = "STAFF" }: { userId: string; farmId: string; identifier: Identifier; role?: FarmRole }) {
  if (role === "OWNER") return { ok: false as const, error: "notYours" as const };
  const farm = await db.farm.findFirst({ where: { id: farmId, ...farmWhereCan(userId, "farm:members") }, select: { id: true } });
  if (!farm) return { ok: false as const, error: "notYours" as const };
  // an account whose number (or e-mail) is proven joins at once; otherwise the invitation waits
  // until that address is verified, by whoever proves it (ADR 014)
  const existing = await db.user.findFirst({
    where: identifier.kind === "phone" ? { phone: identifier.value, phoneVerifiedAt: { not: null } } : { email: identifier.value, emailVerifiedAt: { not: null } },
    select: { id: true, role: true, name: true },
  });
  if (existing) {
    await db.$transaction(async (tx) => {
      if (await tx.farmMember.findUnique({ where: { farmId_userId: { farmId, userId: existing.id } }, select: { role: true } })) return;
      await tx.farmMember.create({ data: { farmId, userId: existing.id, role } });
      if (existing.role === "BUYER") await tx.user.update({ where: { id: existing.id }, data: { role: "FARMER" } });
      // new powers over this farm's orders: their sessions end, they log in again
      await endSessionsAfterPrivilegeChange(tx, existing.id);
      await recordFarmChange(tx, { farmId, actorId: userId, action: "member.add", before: {}, after: { userId: existing.id, role }, summary: `${existing.name} (${role})` });
    }).catch((e) => {
      // a double tap: the other request added them
      if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")) throw e;
    });
    deliverSoon();
    return { ok: true as const, added: true };
  }
  await db.$transaction(async (tx) => {
    const had = await tx.farmInvite.findUnique({ where: { farmId_identifier: { farmId, identifier: identifier.value } }, select: { role: true } });
    if (had?.role === role) return;
    await tx.farmInvite.upsert({
      where: { farmId_identifier: { farmId, identifier: identifier.value } },
      create: { farmId, identifier: identifier.value, invitedBy: userId, role },
      update: { role },
    });
    await recordFarmChange(tx, { farmId, actorId: userId, action: "invite", before: had ? { role: had.role } : {}, after: { identifier: identifier.value, role }, summary: `${identifier.value} (${role})` });
  });
  deliverSoon();
  return { ok: true as const, added: false };
}

/** The owner changes a member's role (never their own, never to or from owner). */
export async function setMemberRole({ userId, farmId, memberUserId, role }: { userId: string; farmId: string; memberUserId: string; role: string }) {
  // a helper's place is given by an assisted sign-up and ended by the household, never a role change
  if (memberUserId === userId || !isFarmRole(role) || role === "OWNER" || role === "HELPER") return false;
  const changed = await db.$transaction(async (tx) => {
    const member = await tx.farmMember.findFirst({
      where: { farmId, userId: memberUserId, role: { notIn: ["OWNER", "HELPER"] }, farm: farmWhereCan(userId, "farm:members") },
      select: { role: true, user: { select: { name: true } } },
    });
    if (!member) return false;
    if (member.role === role) return true;
    await tx.farmMember.update({ where: { farmId_userId: { farmId, userId: memberUserId } }, data: { role } });
    await recordFarmChange(tx, { farmId, actorId: userId, action: "member.role", before: { userId: memberUserId, role: member.role }, after: { userId: memberUserId, role }, summary: `${member.user.name}: ${member.role} → ${role}` });
    return true;
  });
  if (changed) deliverSoon();
  return changed;
}

export async function removeMember({ userId, farmId, memberUserId }: { userId: string; farmId: string; memberUserId: string }) {
  if (memberUserId === userId) return false; // an owner cannot remove themself (the farm would be orphaned)
  const removed = await db.$transaction(async (tx) => {
    const member = await tx.farmMember.findFirst({
      where: { farmId, userId: memberUserId, role: { not: "OWNER" }, farm: farmWhereCan(userId, "farm:members") },
      select: { role: true, user: { select: { name: true } } },
    });
    if (!member) return false;
    await tx.farmMember.delete({ where: { farmId_userId: { farmId, userId: memberUserId } } });
    // a helper removed is the household ending the assistance: from this request on it sees nothing
    const action = member.role === "HELPER" ? "assist.end" : "member.remove";
    await recordFarmChange(tx, { farmId, actorId: userId, action, before: { userId: memberUserId, role: member.role }, after: {}, summary: member.user.name });
    return true;
  });
  if (removed) deliverSoon();
  return removed;
}

export async function cancelInvite({ userId, farmId, inviteId }: { userId: string; farmId: string; inviteId: string }) {
  return db.$transaction(async (tx) => {
    const invite = await tx.farmInvite.findFirst({ where: { id: inviteId, farmId, farm: farmWhereCan(userId, "farm:members") }, select: { identifier: true, role: true } });
    if (!invite) return false;
    await tx.farmInvite.delete({ where: { id: inviteId } });
    await tx.farmAuditEntry.create({ data: { farmId, actorId: userId, action: "invite.cancel", oldValue: JSON.stringify(invite), newValue: "{}" } });
    return true;
  });
}

/**
 * Turns pending invitations for this person's phone/e-mail into memberships (at log-in, at
 * sign-up and when a phone is verified). Only addresses proven to be theirs count (ADR 014): the
 * caller passes null for an unverified one, so a stranger who types an invited number gains nothing.
 * Inside the caller's transaction when given one.
 */
export async function acceptInvites({ userId, phone, email }: { userId: string; phone: string | null; email: string | null }, tx?: Tx): Promise<number> {
  const identifiers = [phone, email].filter((x): x is string => !!x);
  if (!identifiers.length) return 0;
  const run = async (t: Tx) => {
    const invites = await t.farmInvite.findMany({ where: { identifier: { in: identifiers } }, select: { id: true, farmId: true, role: true } });
    if (!invites.length) return 0;
    for (const inv of invites) {
      const role = isFarmRole(inv.role) && inv.role !== "OWNER" && inv.role !== "HELPER" ? inv.role : "STAFF";
      await t.farmMember.upsert({ where: { farmId_userId: { farmId: inv.farmId, userId } }, create: { farmId: inv.farmId, userId, role }, update: {} });
    }
    await t.farmInvite.deleteMany({ where: { id: { in: invites.map((i) => i.id) } } });
    await t.user.updateMany({ where: { id: userId, role: "BUYER" }, data: { role: "FARMER" } });
    // the user's other sessions predate the membership and end; a log-in's own session is
    // created after this
    await endSessionsAfterPrivilegeChange(t, userId);
    return invites.length;
  };
  if (tx) return run(tx);
  // read first: most log-ins have no invitation and need no transaction
  if (!(await db.farmInvite.count({ where: { identifier: { in: identifiers } } }))) return 0;
  return db.$transaction(run);
}

/** The owner's record of sensitive changes (roles.ts "farm:audit"); null when not theirs to see. */
export async function getFarmActivity({ userId, farmId }: { userId: string; farmId: string }) {
  const farm = await db.farm.findFirst({ where: { id: farmId, ...farmWhereCan(userId, "farm:audit") }, select: { id: true, name: true } });
  if (!farm) return null;
  return { farm, changes: await listFarmChanges(db, farm.id) };
}
