// A farm's own products: create, edit, publish, archive and their photos. Every write has the
// farm membership of the acting user inside its where clause; a non-member changes nothing.
import { db, type Prisma } from "~/utils/db.server";
import { mediaSelect, mediaView, withStoredImages } from "~/modules/media/media.server";
import { ImageRejected, inspectUpload, type ImageError } from "~/modules/media/validate.server";
import type { UploadedFile } from "~/modules/media/upload.server";
import { uniqueProductSlug } from "./catalog.server";
import type { ProductFormInput } from "./schemas";
import { productSearchText } from "./text";

const memberOf = (userId: string): Prisma.FarmWhereInput => ({ members: { some: { userId } } });

/** Checks every uploaded photo before anything is stored; returns one error per bad file. */
export async function checkPhotos(files: UploadedFile[]): Promise<{ ok: Uint8Array[]; errors: ImageError[] }> {
  const ok: Uint8Array[] = [];
  const errors: ImageError[] = [];
  for (const f of files) {
    if (f.tooLarge || !f.bytes) {
      errors.push("imageTooLarge");
      continue;
    }
    try {
      await inspectUpload(f.bytes);
      ok.push(f.bytes);
    } catch (e) {
      if (e instanceof ImageRejected) errors.push(e.code);
      else throw e;
    }
  }
  return { ok, errors: [...new Set(errors)] };
}

export async function listFarmCategories() {
  return db.category.findMany({ select: { id: true, nameVi: true, nameEn: true, parentId: true }, orderBy: { sortOrder: "asc" } });
}

async function searchTextFor(tx: Prisma.TransactionClient, name: string, categoryId: string, farmId: string) {
  const [category, farm] = await Promise.all([
    tx.category.findUnique({ where: { id: categoryId }, select: { nameVi: true } }),
    tx.farm.findUnique({ where: { id: farmId }, select: { name: true } }),
  ]);
  return productSearchText([name, category?.nameVi, farm?.name]);
}

/**
 * `publishBlocked`: asked to publish, saved as a draft instead — the farm's owner has not verified
 * a phone number yet (ADR 014). The seller page says so and links to the verification.
 */
export type SaveResult = { ok: true; productId: string; slug: string; publishBlocked: boolean } | { ok: false; error: "notYours" | "categoryRequired" | ImageError };

/** A farm sells only once its owner's phone number is proven: a buyer can always reach someone real. */
export async function ownerPhoneVerified(tx: Prisma.TransactionClient, farmId: string): Promise<boolean> {
  return (await tx.farmMember.count({ where: { farmId, role: "OWNER", user: { phoneVerifiedAt: { not: null } } } })) > 0;
}

/** Creates a product with its photos in one step; a failure leaves neither a product nor a file. */
export async function createFarmProduct({
  userId,
  farmId,
  input,
  photos,
}: {
  userId: string;
  farmId: string;
  input: ProductFormInput;
  photos: Uint8Array[];
}): Promise<SaveResult> {
  const farm = await db.farm.findFirst({ where: { id: farmId, ...memberOf(userId) }, select: { id: true } });
  if (!farm) return { ok: false, error: "notYours" };
  if (!(await db.category.findUnique({ where: { id: input.categoryId }, select: { id: true } }))) return { ok: false, error: "categoryRequired" };
  const slug = await uniqueProductSlug(input.name);
  try {
    const product = await withStoredImages(photos, (mediaIds) =>
      db.$transaction(async (tx) => {
        const searchText = await searchTextFor(tx, input.name, input.categoryId, farm.id);
        const publishBlocked = input.status === "ACTIVE" && !(await ownerPhoneVerified(tx, farm.id));
        const created = await tx.product.create({
          data: {
            ...input,
            status: publishBlocked ? "DRAFT" : input.status,
            farmId: farm.id,
            slug,
            searchText,
            coverMediaId: mediaIds[0] ?? null,
            images: { create: [...new Set(mediaIds)].map((mediaId, position) => ({ mediaId, position })) },
          },
          select: { id: true, slug: true },
        });
        return { ...created, publishBlocked };
      }),
    );
    return { ok: true, productId: product.id, slug: product.slug, publishBlocked: product.publishBlocked };
  } catch (e) {
    if (e instanceof ImageRejected) return { ok: false, error: e.code };
    throw e;
  }
}

export async function getOwnProduct({ userId, productId }: { userId: string; productId: string }) {
  const p = await db.product.findFirst({
    where: { id: productId, farm: memberOf(userId) },
    select: {
      id: true, slug: true, name: true, description: true, categoryId: true, unit: true, priceVnd: true, soldByWeight: true,
      stepMilli: true, stockMilli: true, status: true, seasonStartMonth: true, seasonEndMonth: true, coverMediaId: true,
      farm: { select: { id: true, name: true, slug: true } },
      images: { select: { mediaId: true, position: true, media: { select: mediaSelect } }, orderBy: { position: "asc" } },
    },
  });
  if (!p) return null;
  return { ...p, images: p.images.map((i) => ({ mediaId: i.mediaId, isCover: i.mediaId === p.coverMediaId, view: mediaView(i.media)! })) };
}

export async function updateFarmProduct({ userId, productId, input }: { userId: string; productId: string; input: ProductFormInput }): Promise<SaveResult> {
  if (!(await db.category.findUnique({ where: { id: input.categoryId }, select: { id: true } }))) return { ok: false, error: "categoryRequired" };
  return db.$transaction(async (tx) => {
    const current = await tx.product.findFirst({ where: { id: productId, farm: memberOf(userId) }, select: { id: true, slug: true, farmId: true } });
    if (!current) return { ok: false, error: "notYours" } as const;
    const searchText = await searchTextFor(tx, input.name, input.categoryId, current.farmId);
    const publishBlocked = input.status === "ACTIVE" && !(await ownerPhoneVerified(tx, current.farmId));
    const { count } = await tx.product.updateMany({ where: { id: productId, farm: memberOf(userId) }, data: { ...input, status: publishBlocked ? "DRAFT" : input.status, searchText } });
    if (count !== 1) return { ok: false, error: "notYours" } as const;
    return { ok: true, productId, slug: current.slug, publishBlocked } as const;
  });
}

export async function setProductStatus({ userId, productId, status }: { userId: string; productId: string; status: "DRAFT" | "ACTIVE" | "ARCHIVED" }) {
  const { count } = await db.product.updateMany({ where: { id: productId, farm: memberOf(userId) }, data: { status } });
  return count === 1;
}

export async function addProductPhotos({ userId, productId, photos }: { userId: string; productId: string; photos: Uint8Array[] }): Promise<boolean> {
  const product = await db.product.findFirst({ where: { id: productId, farm: memberOf(userId) }, select: { id: true, coverMediaId: true } });
  if (!product) return false;
  await withStoredImages(photos, (mediaIds) =>
    db.$transaction(async (tx) => {
      const last = await tx.productImage.findFirst({ where: { productId }, orderBy: { position: "desc" }, select: { position: true } });
      let position = (last?.position ?? -1) + 1;
      for (const mediaId of new Set(mediaIds)) {
        await tx.productImage.upsert({ where: { productId_mediaId: { productId, mediaId } }, create: { productId, mediaId, position: position++ }, update: {} });
      }
      if (!product.coverMediaId && mediaIds[0]) await tx.product.update({ where: { id: productId }, data: { coverMediaId: mediaIds[0] } });
    }),
  );
  return true;
}

/** cover | up | down | delete on one photo of one's own product. */
export async function changeProductPhoto({
  userId,
  productId,
  mediaId,
  action,
}: {
  userId: string;
  productId: string;
  mediaId: string;
  action: "cover" | "up" | "down" | "delete";
}): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const product = await tx.product.findFirst({ where: { id: productId, farm: memberOf(userId) }, select: { id: true, coverMediaId: true } });
    if (!product) return false;
    const images = await tx.productImage.findMany({ where: { productId }, orderBy: { position: "asc" }, select: { mediaId: true } });
    const i = images.findIndex((im) => im.mediaId === mediaId);
    if (i < 0) return false;
    const order = images.map((im) => im.mediaId);
    if (action === "cover") {
      await tx.product.update({ where: { id: productId }, data: { coverMediaId: mediaId } });
      order.splice(i, 1);
      order.unshift(mediaId);
    } else if (action === "up" && i > 0) [order[i - 1], order[i]] = [order[i], order[i - 1]];
    else if (action === "down" && i < order.length - 1) [order[i + 1], order[i]] = [order[i], order[i + 1]];
    else if (action === "delete") {
      await tx.productImage.delete({ where: { productId_mediaId: { productId, mediaId } } });
      order.splice(i, 1);
      if (product.coverMediaId === mediaId) await tx.product.update({ where: { id: productId }, data: { coverMediaId: order[0] ?? null } });
    }
    for (const [position, id] of order.entries()) {
      await tx.productImage.update({ where: { productId_mediaId: { productId, mediaId: id } }, data: { position } });
    }
    return true;
  });
}
