// Storefront reads: only ACTIVE products of ACTIVE farms, only the fields a page shows.
import { db, hotRead, type Prisma } from "~/utils/db.server";
import { mediaSelect, mediaView } from "~/modules/media/media.server";
import { nextFreeSlug, slugify } from "./text";
import { cached } from "~/utils/cache.server";

const visible = { status: "ACTIVE", farm: { status: "ACTIVE" } } satisfies Prisma.ProductWhereInput;

export const cardSelect = {
  slug: true,
  name: true,
  unit: true,
  priceVnd: true,
  stockMilli: true,
  farm: { select: { name: true, slug: true } },
  coverMedia: { select: mediaSelect },
} satisfies Prisma.ProductSelect;

type CardRow = Prisma.ProductGetPayload<{ select: typeof cardSelect }>;
export const toCard = ({ coverMedia, ...p }: CardRow) => ({ ...p, image: mediaView(coverMedia) });

/** Every (start, end) month pair whose season, possibly wrapping over the new year, holds `month`. */
export function seasonWhere(month: number): Prisma.ProductWhereInput {
  const inSeason = (s: number, e: number) => (s <= e ? month >= s && month <= e : month >= s || month <= e);
  const or: Prisma.ProductWhereInput[] = [];
  for (let s = 1; s <= 12; s++) {
    const ends = Array.from({ length: 12 }, (_, i) => i + 1).filter((e) => inSeason(s, e));
    if (ends.length) or.push({ seasonStartMonth: s, seasonEndMonth: { in: ends } });
  }
  return { OR: or };
}

export function listNewProducts(args: { limit?: number } = {}) {
  return cached(`listNewProducts:${JSON.stringify(args)}`, () => loadListNewProducts(args));
}

async function loadListNewProducts({ limit = 12 }: { limit?: number } = {}) {
  const rows = await db.product.findMany({
    where: visible,
    select: cardSelect,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map(toCard);
}

export function listInSeasonProducts(args: { month: number; limit?: number }) {
  return cached(`listInSeasonProducts:${JSON.stringify(args)}`, () => loadListInSeasonProducts(args));
}

async function loadListInSeasonProducts({ month, limit = 8 }: { month: number; limit?: number }) {
  const rows = await db.product.findMany({
    where: { ...visible, stockMilli: { gt: 0 }, ...seasonWhere(month) },
    select: cardSelect,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map(toCard);
}

export function listFarmProducts(args: { farmId: string }) {
  return cached(`listFarmProducts:${JSON.stringify(args)}`, () => loadListFarmProducts(args));
}

async function loadListFarmProducts({ farmId }: { farmId: string }) {
  const rows = await db.product.findMany({
    where: { ...visible, farmId },
    select: cardSelect,
    orderBy: [{ name: "asc" }],
  });
  return rows.map(toCard);
}

export function listTopCategories() {
  return cached("listTopCategories", () => loadListTopCategories());
}

async function loadListTopCategories() {
  return db.category.findMany({
    where: { parentId: null },
    select: { slug: true, nameVi: true, nameEn: true },
    orderBy: { sortOrder: "asc" },
  });
}

/** The product page: cached (cache.server.ts) except the stock, read live for "add to cart". */
export async function getProductPage({ slug }: { slug: string }) {
  const page = await cached(`getProductPage:${slug}`, () => loadProductPage({ slug }));
  if (!page) return null;
  // the stock is read fresh on every view (the rest is cached): a plain statement (hotRead, ADR 013)
  const [live] = await hotRead<{ stockMilli: number | bigint }>`SELECT "stockMilli" FROM "Product" WHERE "id" = ${page.id}`;
  return { ...page, stockMilli: live ? Number(live.stockMilli) : 0 };
}

async function loadProductPage({ slug }: { slug: string }) {
  const p = await db.product.findFirst({
    where: { ...visible, slug },
    select: {
      id: true,
      slug: true,
      name: true,
      description: true,
      unit: true,
      priceVnd: true,
      soldByWeight: true,
      stepMilli: true,
      stockMilli: true,
      seasonStartMonth: true,
      seasonEndMonth: true,
      category: { select: { slug: true, nameVi: true, nameEn: true } },
      farm: {
        select: {
          slug: true, name: true, commune: { select: { name: true } }, addressLine: true, phone: true,
          certifications: { select: { id: true, kind: true, stars: true, expiresAt: true }, orderBy: { kind: "asc" } },
          // the seller's verified name, shown with the farm's address and phone (Law 122/2025, ADR 018)
          members: { where: { role: "OWNER" }, select: { user: { select: { sellerIdentity: { select: { fullName: true, status: true } } } } }, orderBy: { createdAt: "asc" }, take: 1 },
        },
      },
      coverMedia: { select: mediaSelect },
      coverMediaId: true,
      images: { select: { mediaId: true, media: { select: mediaSelect } }, orderBy: { position: "asc" }, take: 8 },
    },
  });
  if (!p) return null;
  const { coverMedia, coverMediaId, images, farm, ...rest } = p;
  const now = new Date();
  return {
    ...rest,
    farm: {
      ...withoutMembers(farm),
      seller: farm.members[0]?.user.sellerIdentity?.status === "VERIFIED" ? farm.members[0].user.sellerIdentity.fullName : null,
      certifications: farm.certifications.map((c) => ({ ...c, valid: !c.expiresAt || c.expiresAt > now })),
    },
    image: mediaView(coverMedia),
    gallery: images.filter((i) => i.mediaId !== coverMediaId).map((i) => ({ mediaId: i.mediaId, view: mediaView(i.media)! })),
  };
}

export function getCategoryPage(args: { slug: string; page?: number; perPage?: number }) {
  return cached(`getCategoryPage:${JSON.stringify(args)}`, () => loadGetCategoryPage(args));
}

/** A category page: the category (by slug), its sub-categories' products too, newest first. */
async function loadGetCategoryPage({ slug, page = 1, perPage = 24 }: { slug: string; page?: number; perPage?: number }) {
  const category = await db.category.findUnique({ where: { slug }, select: { id: true, slug: true, nameVi: true, nameEn: true, children: { select: { id: true, slug: true, nameVi: true, nameEn: true }, orderBy: { sortOrder: "asc" } } } });
  if (!category) return null;
  const where: Prisma.ProductWhereInput = { ...visible, categoryId: { in: [category.id, ...category.children.map((c) => c.id)] } };
  const [total, rows] = await Promise.all([
    db.product.count({ where }),
    db.product.findMany({ where, select: cardSelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (page - 1) * perPage, take: perPage }),
  ]);
  return { category, total, products: rows.map(toCard) };
}

const withoutMembers = <T extends { members: unknown }>({ members: _members, ...rest }: T) => rest;

/** A product slug not yet taken: the name's slug, then -2, -3… */
export async function uniqueProductSlug(name: string): Promise<string> {
  const base = slugify(name);
  const rows = await db.product.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  return nextFreeSlug(base, rows.map((r) => r.slug));
}
