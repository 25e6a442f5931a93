// A farm's own products: create, edit, publish, archive and their photos. Every write has the
// farm membership of the acting user inside its where clause; a non-member changes nothing.
import { db, type Prisma } from "~/utils/db.server";
import { mediaSelect, mediaView, withStoredImages } from "~/modules/media/media.server";
import { ImageRejected, inspectUpload, type ImageError } from "~/modules/media/validate.server";
import type { UploadedFile } from "~/modules/media/upload.server";
import { uniqueProductSlug } from "./catalog.server";
import type { ProductFormInput } from "./schemas";
import { productSearchText } from "./text";
import { withFreeSlug } from "~/utils/slug.server";
import { recordIfHelper } from "~/modules/farms/audit.server";
import { farmMaySell } from "~/modules/identity/identity.server";
import { farmAbilities, farmWhereCan } from "~/modules/farms/roles";

/** Create and edit products (names, prices, publishing, photos): owners and managers (roles.ts). */
const editorOf = (userId: string): Prisma.FarmWhereInput => farmWhereCan(userId, "product:edit");

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
 * a phone number yet (ADR 014), or, from the law's date, its identity (ADR 018). The seller page
 * says which and links to the verification.
 */
export type SaveResult =
  | { ok: true; productId: string; slug: string; publishBlocked: false | "phone" | "identity"; stock?: StockOutcome }
  | { ok: false; error: "notYours" | "categoryRequired" | "stockChanged" | ImageError; currentStockMilli?: number };

/** A stock edit against the figure the form was loaded with: `soldMeanwhile` > 0 when others changed it since. */
export type StockOutcome = { nowMilli: number; changedMeanwhileMilli: number };

/** A farm sells only once its owner's phone number is proven: a buyer can always reach someone real. */
/** Why this farm may not publish now (its owner's phone, or from the law's date its identity), or false. */
async function blockedFrom(tx: Prisma.TransactionClient, farmId: string): Promise<false | "phone" | "identity"> {
  const may = await farmMaySell(tx, farmId);
  return may.ok ? false : may.reason;
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
  const farm = await db.farm.findFirst({ where: { id: farmId, ...editorOf(userId) }, select: { id: true } });
  if (!farm) return { ok: false, error: "notYours" };
  if (!(await db.category.findUnique({ where: { id: input.categoryId }, select: { id: true } }))) return { ok: false, error: "categoryRequired" };
  try {
    const product = await withStoredImages(photos, (mediaIds) =>
      // the slug is read again if another product of the same name took it meanwhile
      withFreeSlug(() => uniqueProductSlug(input.name), (slug) => db.$transaction(async (tx) => {
        const searchText = await searchTextFor(tx, input.name, input.categoryId, farm.id);
        const publishBlocked = input.status === "ACTIVE" ? await blockedFrom(tx, farm.id) : false;
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
        await recordIfHelper(tx, { farmId: farm.id, actorId: userId, action: "helper.product", detail: { product: input.name, op: "create" } });
        return { ...created, publishBlocked };
      })),
    );
    return { ok: true, productId: product.id, slug: product.slug, publishBlocked: product.publishBlocked };
  } catch (e) {
    if (e instanceof ImageRejected) return { ok: false, error: e.code };
    throw e;
  }
}

export async function getOwnProduct({ userId, productId }: { userId: string; productId: string }) {
  const p = await db.product.findFirst({
    where: { id: productId, farm: farmWhereCan(userId, "farm:view") },
    select: {
      id: true, slug: true, name: true, description: true, categoryId: true, unit: true, priceVnd: true, soldByWeight: true,
      stepMilli: true, stockMilli: true, status: true, moderationNote: true, seasonStartMonth: true, seasonEndMonth: true, coverMediaId: true,
      farm: { select: { id: true, name: true, slug: true, members: { where: { userId }, select: { role: true } } } },
      images: { select: { mediaId: true, position: true, media: { select: mediaSelect } }, orderBy: { position: "asc" } },
    },
  });
  if (!p) return null;
  const { members, ...farm } = p.farm;
  return { ...p, farm, can: farmAbilities(members[0]?.role), images: p.images.map((i) => ({ mediaId: i.mediaId, isCover: i.mediaId === p.coverMediaId, view: mediaView(i.media)! })) };
}

/**
 * Saves the edit form. Stock is applied as a difference from `stockSeenMilli`, the figure the form
 * was loaded with: a buyer's purchase (or a cancellation) between loading and saving is kept, never
 * overwritten by the form's stale figure. Without that figure (an old page) a stock differing from
 * the current one is refused with the current figure. A product an admin hid stays hidden.
 */
export async function updateFarmProduct({ userId, productId, input, stockSeenMilli }: { userId: string; productId: string; input: ProductFormInput; stockSeenMilli?: number | null }): Promise<SaveResult> {
  if (!(await db.category.findUnique({ where: { id: input.categoryId }, select: { id: true } }))) return { ok: false, error: "categoryRequired" };
  return db.$transaction(async (tx): Promise<SaveResult> => {
    const current = await tx.product.findFirst({ where: { id: productId, farm: editorOf(userId) }, select: { id: true, slug: true, farmId: true, stockMilli: true, status: true } });
    if (!current) return { ok: false, error: "notYours" };
    const { stockMilli, ...rest } = input;
    const change = stockChange(current.stockMilli, stockMilli, stockSeenMilli);
    if (!change) return { ok: false, error: "stockChanged", currentStockMilli: current.stockMilli };
    const searchText = await searchTextFor(tx, input.name, input.categoryId, current.farmId);
    const publishBlocked = input.status === "ACTIVE" && current.status !== "HIDDEN" ? await blockedFrom(tx, current.farmId) : false;
    const status = current.status === "HIDDEN" ? "HIDDEN" : publishBlocked ? "DRAFT" : input.status;
    const { count } = await tx.product.updateMany({
      // the stock condition: the difference never takes it below zero, whatever committed meanwhile
      where: { id: productId, farm: editorOf(userId), ...(change.delta < 0 ? { stockMilli: { gte: -change.delta } } : {}) },
      data: { ...rest, status, searchText, ...(change.delta ? { stockMilli: { increment: change.delta } } : {}) },
    });
    if (count !== 1) {
      const now = await tx.product.findUnique({ where: { id: productId }, select: { stockMilli: true } });
      return { ok: false, error: "stockChanged", currentStockMilli: now?.stockMilli ?? 0 };
    }
    const after = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: { stockMilli: true } });
    await recordIfHelper(tx, { farmId: current.farmId, actorId: userId, action: "helper.product", detail: { product: input.name, op: "edit" } });
    return { ok: true, productId, slug: current.slug, publishBlocked, stock: { nowMilli: after.stockMilli, changedMeanwhileMilli: change.meanwhile } };
  });
}

/** The difference to apply, or null when the edit cannot be applied safely. */
function stockChange(currentMilli: number, wantedMilli: number, seenMilli: number | null | undefined): { delta: number; meanwhile: number } | null {
  if (seenMilli === null || seenMilli === undefined || !Number.isSafeInteger(seenMilli) || seenMilli < 0) {
    return wantedMilli === currentMilli ? { delta: 0, meanwhile: 0 } : null;
  }
  const delta = wantedMilli - seenMilli;
  if (currentMilli + delta < 0) return null;
  return { delta, meanwhile: currentMilli - seenMilli };
}

/**
 * Stock alone (staff may: roles.ts), as a difference from the figure the person saw, so a sale
 * between their look and their tap is kept.
 */
export async function adjustStock({ userId, productId, stockMilli, stockSeenMilli }: { userId: string; productId: string; stockMilli: number; stockSeenMilli: number | null }): Promise<{ ok: true; stock: StockOutcome } | { ok: false; error: "notYours" | "stockChanged" | "stockWholeUnits"; currentStockMilli?: number }> {
  return db.$transaction(async (tx) => {
    const current = await tx.product.findFirst({ where: { id: productId, farm: farmWhereCan(userId, "product:stock") }, select: { stockMilli: true, soldByWeight: true, farmId: true, name: true } });
    if (!current) return { ok: false as const, error: "notYours" as const };
    if (!current.soldByWeight && stockMilli % 1000 !== 0) return { ok: false as const, error: "stockWholeUnits" as const };
    const change = stockChange(current.stockMilli, stockMilli, stockSeenMilli);
    if (!change) return { ok: false as const, error: "stockChanged" as const, currentStockMilli: current.stockMilli };
    if (change.delta) {
      const { count } = await tx.product.updateMany({
        where: { id: productId, ...(change.delta < 0 ? { stockMilli: { gte: -change.delta } } : {}) },
        data: { stockMilli: { increment: change.delta } },
      });
      if (count !== 1) return { ok: false as const, error: "stockChanged" as const, currentStockMilli: current.stockMilli };
    }
    const after = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: { stockMilli: true } });
    await recordIfHelper(tx, { farmId: current.farmId, actorId: userId, action: "helper.stock", detail: { product: current.name, stockMilli: after.stockMilli } });
    return { ok: true as const, stock: { nowMilli: after.stockMilli, changedMeanwhileMilli: change.meanwhile } };
  });
}

/** Draft, publish or archive; a product an admin hid is not the farm's to bring back. */
export async function setProductStatus({ userId, productId, status }: { userId: string; productId: string; status: "DRAFT" | "ACTIVE" | "ARCHIVED" }) {
  return db.$transaction(async (tx) => {
    const product = await tx.product.findFirst({ where: { id: productId, status: { not: "HIDDEN" }, farm: editorOf(userId) }, select: { farmId: true } });
    if (!product) return false;
    if (status === "ACTIVE" && (await blockedFrom(tx, product.farmId))) return false; // publishing needs what saving does
    const { count } = await tx.product.updateMany({ where: { id: productId, status: { not: "HIDDEN" } }, data: { status } });
    return count === 1;
  });
}

export async function addProductPhotos({ userId, productId, photos }: { userId: string; productId: string; photos: Uint8Array[] }): Promise<boolean> {
  const product = await db.product.findFirst({ where: { id: productId, farm: editorOf(userId) }, select: { id: true, coverMediaId: true, farmId: true, name: true } });
  if (!product) return false;
  await withStoredImages(photos, (mediaIds) =>
    db.$transaction(async (tx) => {
      await recordIfHelper(tx, { farmId: product.farmId, actorId: userId, action: "helper.photos", detail: { product: product.name, photos: mediaIds.length } });
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
    const product = await tx.product.findFirst({ where: { id: productId, farm: editorOf(userId) }, select: { id: true, coverMediaId: true } });
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
