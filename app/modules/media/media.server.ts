// The image pipeline: every stored image is re-encoded from decoded pixels (nothing an uploader
// sends is stored or served as sent), upright (EXIF orientation applied), with all metadata
// stripped (phone photos carry GPS), as WebP and AVIF at up to three widths plus a tiny placeholder.
import { createHash } from "node:crypto";
import sharp, { type OutputInfo } from "sharp";
import { db } from "~/utils/db.server";
import { createMediaStore, type MediaStore } from "./media-store.server";
import { ImageRejected, inspectUpload, MAX_INPUT_PIXELS } from "./validate.server";
import type { MediaView } from "./view";

export const VARIANT_WIDTHS = [320, 640, 1280] as const;
export type Variant = { width: number; height: number; key: string; format: "webp" | "avif" };
export type MediaData = { id: string; width: number; height: number; placeholder: string; variants: string };

let store: MediaStore | undefined;
export function mediaStore(): MediaStore {
  return (store ??= createMediaStore());
}

export function mediaIdFor(input: Uint8Array): string {
  return createHash("sha256").update(input).digest("hex").slice(0, 32);
}

/**
 * Validates, decodes once, and writes every variant to the media store. Returns the row to record
 * (not yet recorded). Throws ImageRejected for anything that is not a safe, readable image; then
 * nothing has been written.
 */
export async function processImage(input: Uint8Array): Promise<MediaData> {
  await inspectUpload(input);
  const id = mediaIdFor(input);

  // One decode: upright, at most 1280 px wide (JPEG shrink-on-load keeps a 12 MP photo cheap),
  // as raw pixels every variant is cut from. failOn "truncated": a cut-off file is refused.
  let pixels: { data: Buffer; info: OutputInfo };
  try {
    pixels = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "truncated", sequentialRead: true })
      .rotate()
      .resize({ width: VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1], withoutEnlargement: true })
      .flatten({ background: "#ffffff" }) // transparent PNGs get a white background, not black
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageRejected("imageCorrupt");
  }
  const { info } = pixels;
  const raw = () => sharp(pixels.data, { raw: { width: info.width, height: info.height, channels: info.channels } });

  const widths = VARIANT_WIDTHS.filter((w, i) => i === 0 || w <= info.width);
  const outputs: Array<{ variant: Variant; data: Buffer }> = [];
  for (const width of widths) {
    const resized = raw().resize({ width: Math.min(width, info.width) });
    const webp = await resized.clone().webp({ quality: 72, effort: 4 }).toBuffer({ resolveWithObject: true });
    const avif = await resized.clone().avif({ quality: 50, effort: 2 }).toBuffer({ resolveWithObject: true });
    for (const [format, out] of [["webp", webp], ["avif", avif]] as const) {
      outputs.push({
        variant: { width: out.info.width, height: out.info.height, format, key: `${id.slice(0, 2)}/${id}-${out.info.width}.${format}` },
        data: out.data,
      });
    }
  }
  const tiny = await raw().resize({ width: 16 }).webp({ quality: 40 }).toBuffer();

  const written: string[] = [];
  try {
    for (const o of outputs) {
      await mediaStore().put(o.variant.key, o.data, `image/${o.variant.format}`);
      written.push(o.variant.key);
    }
  } catch (e) {
    await Promise.all(written.map((k) => mediaStore().delete(k).catch(() => {})));
    throw e;
  }
  const variants = outputs.map((o) => o.variant);
  const largest = variants.filter((v) => v.format === "webp").at(-1)!;
  return {
    id,
    width: largest.width,
    height: largest.height,
    placeholder: `data:image/webp;base64,${tiny.toString("base64")}`,
    variants: JSON.stringify(variants),
  };
}

/** Deletes a processed image's files (used when the database write that needed them failed). */
export async function deleteMediaFiles(data: MediaData): Promise<void> {
  const variants = JSON.parse(data.variants) as Variant[];
  await Promise.all(variants.map((v) => mediaStore().delete(v.key)));
}

/**
 * Stores images and runs `save` with their ids; if `save` throws, files of images that no database
 * row references are removed again, so a failed save leaves no orphan file.
 */
export async function withStoredImages<T>(inputs: Uint8Array[], save: (mediaIds: string[]) => Promise<T>): Promise<T> {
  const processed: MediaData[] = [];
  try {
    for (const input of inputs) {
      const id = mediaIdFor(input);
      const known = await db.media.findUnique({ where: { id }, select: { id: true } });
      if (!known) processed.push(await processImage(input));
    }
    for (const m of processed) await db.media.upsert({ where: { id: m.id }, create: m, update: {} });
    return await save(inputs.map(mediaIdFor));
  } catch (e) {
    for (const m of processed) {
      const referenced = await isMediaReferenced(m.id);
      if (!referenced) {
        await db.media.deleteMany({ where: { id: m.id } });
        await deleteMediaFiles(m);
      }
    }
    throw e;
  }
}

async function isMediaReferenced(id: string): Promise<boolean> {
  const m = await db.media.findUnique({
    where: { id },
    select: { _count: { select: { productImages: true, productCovers: true, farmCovers: true, farmImages: true, certifications: true } } },
  });
  if (!m) return false;
  return Object.values(m._count).some((n) => n > 0);
}

/** Processes an image and records it; the same input bytes give the same Media row (dedupe). */
export async function saveImage(input: Uint8Array): Promise<{ id: string }> {
  return withStoredImages([input], async ([id]) => ({ id }));
}

/**
 * What a <picture> needs (AVIF and WebP at each width, intrinsic size, placeholder), compactly:
 * see view.ts. Variants are named `<path>-<width>.<format>`; one that is not would be left out.
 */
export function mediaView(media: { width: number; height: number; placeholder: string; variants: string } | null): MediaView | null {
  if (!media) return null;
  const variants = JSON.parse(media.variants) as Variant[];
  const first = variants.find((v) => (v.format ?? "webp") === "webp");
  if (!first) return null;
  const path = `/media/${first.key.slice(0, -`-${first.width}.webp`.length)}`;
  const named = variants.filter((v) => `/media/${v.key}` === `${path}-${v.width}.${v.format ?? "webp"}`);
  const widths = (format: Variant["format"]) => named.filter((v) => (v.format ?? "webp") === format).map((v) => v.width);
  const webp = widths("webp");
  if (webp.length === 0) return null; // nothing the page could ask for by name
  return { path, webp, avif: widths("avif"), width: media.width, height: media.height, placeholder: media.placeholder };
}

export const mediaSelect = { width: true, height: true, placeholder: true, variants: true } as const;
