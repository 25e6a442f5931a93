// Farm (household brand) reads and writes. Writes carry ownership in their where clause.
import { db } from "~/utils/db.server";
import { mediaSelect, mediaView } from "~/modules/media/media.server";
import { nextFreeSlug, slugify } from "~/modules/catalog/text";

export const CERT_KINDS = ["VIETGAP", "GLOBALGAP", "OCOP", "ORGANIC", "OTHER"] as const;

/** A certificate with no expiry, or one not yet expired on `now`, is valid. */
export function isCertificationValid(cert: { expiresAt: Date | null }, now = new Date()): boolean {
  return !cert.expiresAt || cert.expiresAt.getTime() > now.getTime();
}

export async function listFarms({ page = 1, perPage = 24 }: { page?: number; perPage?: number } = {}) {
  const where = { status: "ACTIVE" };
  const [total, rows] = await Promise.all([
    db.farm.count({ where }),
    db.farm.findMany({
      where,
      select: {
        slug: true,
        name: true,
        commune: { select: { name: true } },
        coverMedia: { select: mediaSelect },
        certifications: { select: { kind: true, stars: true, expiresAt: true } },
        _count: { select: { products: { where: { status: "ACTIVE" } } } },
      },
      orderBy: [{ name: "asc" }],
      skip: (page - 1) * perPage,
      take: perPage,
    }),
  ]);
  const now = new Date();
  return {
    total,
    farms: rows.map(({ coverMedia, certifications, _count, ...f }) => ({
      ...f,
      productCount: _count.products,
      image: mediaView(coverMedia),
      certifications: certifications.map((c) => ({ ...c, valid: isCertificationValid(c, now) })),
    })),
  };
}

export async function getFarmPage({ slug }: { slug: string }) {
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
      certifications: {
        select: { id: true, kind: true, stars: true, number: true, issuer: true, expiresAt: true },
        orderBy: { kind: "asc" },
      },
    },
  });
  if (!farm) return null;
  const now = new Date();
  const { coverMedia, certifications, ...rest } = farm;
  return {
    ...rest,
    image: mediaView(coverMedia),
    certifications: certifications.map((c) => ({ ...c, valid: isCertificationValid(c, now) })),
  };
}

export async function listMyFarms({ userId }: { userId: string }) {
  return db.farm.findMany({
    where: { members: { some: { userId } } },
    select: {
      id: true,
      slug: true,
      name: true,
      products: {
        select: { id: true, slug: true, name: true, status: true, priceVnd: true, unit: true, stockMilli: true },
        orderBy: { name: "asc" },
      },
    },
    orderBy: { name: "asc" },
  });
}

export type FarmProfile = {
  name: string;
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
export async function createFarm({ ownerId, profile }: { ownerId: string; profile: FarmProfile }) {
  return db.farm.create({
    data: {
      ...profile,
      slug: await uniqueFarmSlug(profile.name),
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
