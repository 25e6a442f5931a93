// Farm (household brand) reads and writes. Writes carry ownership in their where clause.
import { db, Prisma, type Tx } from "~/utils/db.server";
import { mediaSelect, mediaView, withStoredImages } from "~/modules/media/media.server";
import type { Identifier } from "~/modules/auth/schemas";
import { endSessionsAfterPrivilegeChange } from "~/modules/auth/session.server";
import { nextFreeSlug, slugify } from "~/modules/catalog/text";
import { cached } from "~/utils/cache.server";

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
      members: { where: { role: "OWNER" }, select: { userId: true, user: { select: { phoneVerifiedAt: true } } } },
      products: {
        select: { id: true, slug: true, name: true, status: true, priceVnd: true, unit: true, stockMilli: true },
        orderBy: { name: "asc" },
      },
    },
    orderBy: { name: "asc" },
  });
  return farms.map(({ members, ...f }) => ({
    ...f,
    ownerVerified: members.some((m) => m.user.phoneVerifiedAt),
    iAmOwner: members.some((m) => m.userId === userId),
  }));
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

/** Opens a farm with `ownerId` as its OWNER member. */
export async function createFarm({ ownerId, profile, slug }: { ownerId: string; profile: FarmProfile & { offersPickup?: boolean; offersDelivery?: boolean }; slug?: string }) {
  return db.farm.create({
    data: {
      ...profile,
      slug: slug ?? (await uniqueFarmSlug(profile.name)),
      members: { create: { userId: ownerId, role: "OWNER" } },
    },
    select: { id: true, slug: true },
  });
}

/** Edits a farm's profile; only its members can (the check is part of the query). */
export async function updateFarmProfile({
  farmId,
  userId,
  changes,
}: {
  farmId: string;
  userId: string;
  changes: Partial<FarmProfile>;
}): Promise<boolean> {
  const { count } = await db.farm.updateMany({
    where: { id: farmId, members: { some: { userId } } },
    data: changes,
  });
  return count === 1;
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
      offersPickup: true, offersDelivery: true, bankBin: true, bankAccountNumber: true, bankAccountName: true, coverMediaId: true,
      coverMedia: { select: mediaSelect },
      images: { select: { mediaId: true, media: { select: mediaSelect } }, orderBy: { position: "asc" } },
      certifications: { select: { id: true, kind: true, stars: true, number: true, issuer: true, expiresAt: true, imageMedia: { select: mediaSelect } }, orderBy: { createdAt: "asc" } },
      members: { select: { role: true, userId: true, user: { select: { name: true, phone: true, email: true } } }, orderBy: { createdAt: "asc" } },
      invites: { select: { id: true, identifier: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!farm) return null;
  const now = new Date();
  return {
    ...farm,
    myRole: farm.members.find((m) => m.userId === userId)?.role ?? "STAFF",
    cover: mediaView(farm.coverMedia),
    images: farm.images.map((i) => ({ mediaId: i.mediaId, view: mediaView(i.media)! })),
    certifications: farm.certifications.map(({ imageMedia, ...c }) => ({ ...c, valid: isCertificationValid(c, now), image: mediaView(imageMedia) })),
  };
}

export async function setFarmCover({ userId, farmId, photo }: { userId: string; farmId: string; photo: Uint8Array }): Promise<boolean> {
  if (!(await db.farm.findFirst({ where: { id: farmId, ...memberOf(userId) }, select: { id: true } }))) return false;
  await withStoredImages([photo], ([mediaId]) => db.farm.updateMany({ where: { id: farmId, ...memberOf(userId) }, data: { coverMediaId: mediaId } }));
  return true;
}

export async function addFarmPhotos({ userId, farmId, photos }: { userId: string; farmId: string; photos: Uint8Array[] }): Promise<boolean> {
  if (!(await db.farm.findFirst({ where: { id: farmId, ...memberOf(userId) }, select: { id: true } }))) return false;
  await withStoredImages(photos, (mediaIds) =>
    db.$transaction(async (tx) => {
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
  const { count } = await db.farmImage.deleteMany({ where: { farmId, mediaId, farm: memberOf(userId) } });
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
  if (!(await db.farm.findFirst({ where: { id: farmId, ...memberOf(userId) }, select: { id: true } }))) return false;
  await withStoredImages(photo ? [photo] : [], ([imageMediaId]) =>
    db.certification.create({
      data: { farmId, kind: cert.kind, stars: cert.kind === "OCOP" ? (cert.stars ?? null) : null, number: cert.number, issuer: cert.issuer, expiresAt: cert.expiresAt ?? null, imageMediaId: imageMediaId ?? null },
    }),
  );
  return true;
}

export async function deleteCertification({ userId, farmId, certificationId }: { userId: string; farmId: string; certificationId: string }) {
  const { count } = await db.certification.deleteMany({ where: { id: certificationId, farmId, farm: memberOf(userId) } });
  return count === 1;
}

/** The owner adds a person by phone/e-mail: at once if an account has proven it, else when one does. */
export async function inviteMember({ userId, farmId, identifier }: { userId: string; farmId: string; identifier: Identifier }) {
  const farm = await db.farm.findFirst({ where: { id: farmId, members: { some: { userId, role: "OWNER" } } }, select: { id: true } });
  if (!farm) return { ok: false as const, error: "notYours" as const };
  // an account whose number (or e-mail) is proven joins at once; otherwise the invitation waits
  // until that address is verified, by whoever proves it (ADR 014)
  const existing = await db.user.findFirst({
    where: identifier.kind === "phone" ? { phone: identifier.value, phoneVerifiedAt: { not: null } } : { email: identifier.value, emailVerifiedAt: { not: null } },
    select: { id: true, role: true },
  });
  if (existing) {
    await db.$transaction(async (tx) => {
      if (await tx.farmMember.findUnique({ where: { farmId_userId: { farmId, userId: existing.id } }, select: { role: true } })) return;
      await tx.farmMember.create({ data: { farmId, userId: existing.id, role: "STAFF" } });
      if (existing.role === "BUYER") await tx.user.update({ where: { id: existing.id }, data: { role: "FARMER" } });
      // new powers over this farm's orders and bank account: their sessions end, they log in again
      await endSessionsAfterPrivilegeChange(tx, existing.id);
    }).catch((e) => {
      // a double tap: the other request added them
      if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")) throw e;
    });
    return { ok: true as const, added: true };
  }
  await db.farmInvite.upsert({
    where: { farmId_identifier: { farmId, identifier: identifier.value } },
    create: { farmId, identifier: identifier.value, invitedBy: userId },
    update: {},
  });
  return { ok: true as const, added: false };
}

export async function removeMember({ userId, farmId, memberUserId }: { userId: string; farmId: string; memberUserId: string }) {
  if (memberUserId === userId) return false; // an owner cannot remove themself (the farm would be orphaned)
  const { count } = await db.farmMember.deleteMany({
    where: { farmId, userId: memberUserId, role: "STAFF", farm: { members: { some: { userId, role: "OWNER" } } } },
  });
  return count === 1;
}

export async function cancelInvite({ userId, farmId, inviteId }: { userId: string; farmId: string; inviteId: string }) {
  const { count } = await db.farmInvite.deleteMany({ where: { id: inviteId, farmId, farm: { members: { some: { userId, role: "OWNER" } } } } });
  return count === 1;
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
    const invites = await t.farmInvite.findMany({ where: { identifier: { in: identifiers } }, select: { id: true, farmId: true } });
    if (!invites.length) return 0;
    for (const inv of invites) {
      await t.farmMember.upsert({ where: { farmId_userId: { farmId: inv.farmId, userId } }, create: { farmId: inv.farmId, userId, role: "STAFF" }, update: {} });
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
