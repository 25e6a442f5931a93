// Image processing with sharp: upright (EXIF orientation applied), metadata stripped, WebP at up to
// three widths plus a tiny blurred placeholder. Issue 3 puts upload validation in front of this.
import { createHash } from "node:crypto";
import path from "node:path";
import sharp from "sharp";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { LocalDiskStore, type MediaStore } from "./media-store.server";

export const VARIANT_WIDTHS = [320, 640, 1280] as const;
export type Variant = { width: number; height: number; key: string };

let store: MediaStore | undefined;
export function mediaStore(): MediaStore {
  return (store ??= new LocalDiskStore(path.resolve(env.MEDIA_DIR)));
}

export type MediaData = { id: string; width: number; height: number; placeholder: string; variants: string };

/** Processes an image and records it; the same input bytes give the same Media row (dedupe). */
export async function saveImage(input: Buffer): Promise<{ id: string }> {
  const id = mediaIdFor(input);
  const existing = await db.media.findUnique({ where: { id }, select: { id: true } });
  if (existing) return existing;
  const data = await processImage(input);
  await db.media.upsert({ where: { id }, create: data, update: {} });
  return { id };
}

export function mediaIdFor(input: Buffer): string {
  return createHash("sha256").update(input).digest("hex").slice(0, 32);
}

/** Writes the variants to the media store and returns the row to record (not yet recorded). */
export async function processImage(input: Buffer): Promise<MediaData> {
  const id = mediaIdFor(input);
  const base = sharp(input, { limitInputPixels: 50_000_000 }).rotate();
  const meta = await base.metadata();
  // Orientations 5–8 are quarter turns: the upright width is the stored height.
  const uprightWidth = (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;
  const widths = VARIANT_WIDTHS.filter((w, i) => i === 0 || w <= uprightWidth);
  const variants: Variant[] = [];
  for (const width of widths) {
    const { data, info } = await base
      .clone()
      .resize({ width: Math.min(width, uprightWidth), withoutEnlargement: true })
      .webp({ quality: 72, effort: 4 })
      .toBuffer({ resolveWithObject: true });
    const key = `${id.slice(0, 2)}/${id}-${width}.webp`;
    await mediaStore().put(key, data, "image/webp");
    variants.push({ width: info.width, height: info.height, key });
  }
  const tiny = await base.clone().resize({ width: 16 }).webp({ quality: 40 }).toBuffer();
  const largest = variants[variants.length - 1];
  return {
    id,
    width: largest.width,
    height: largest.height,
    placeholder: `data:image/webp;base64,${tiny.toString("base64")}`,
    variants: JSON.stringify(variants),
  };
}

export type MediaView = { src: string; srcset: string; width: number; height: number; placeholder: string };

/** What an <img> needs: the smallest variant as src, every variant in srcset, intrinsic size. */
export function mediaView(media: { width: number; height: number; placeholder: string; variants: string } | null): MediaView | null {
  if (!media) return null;
  const variants = JSON.parse(media.variants) as Variant[];
  if (variants.length === 0) return null;
  return {
    src: `/media/${variants[0].key}`,
    srcset: variants.map((v) => `/media/${v.key} ${v.width}w`).join(", "),
    width: media.width,
    height: media.height,
    placeholder: media.placeholder,
  };
}

export const mediaSelect = { width: true, height: true, placeholder: true, variants: true } as const;
