// Upload checks that run BEFORE an image is decoded: size, real type by magic bytes, markup hidden
// in the bytes (polyglots), and the pixel count declared in the header (decompression bombs).
import sharp, { type Metadata } from "sharp";

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
export const MAX_INPUT_PIXELS = 50_000_000;
export const MAX_IMAGES_PER_UPLOAD = 8;

export type ImageFormat = "jpeg" | "png" | "webp" | "avif";
export type ImageError =
  | "imageEmpty"
  | "imageTooLarge"
  | "imageNotAnImage"
  | "imageHeicUnsupported"
  | "imageSuspicious"
  | "imageCorrupt"
  | "imageTooManyPixels";

export class ImageRejected extends Error {
  constructor(readonly code: ImageError) {
    super(code);
    this.name = "ImageRejected";
  }
}

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString("latin1");

/** The format the bytes really are, whatever the file is called. */
export function sniffImageType(bytes: Uint8Array): ImageFormat | "heic" | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === "ftyp") {
    const brand = ascii(bytes, 8, 12);
    if (brand === "avif" || brand === "avis") return "avif";
    if (["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].includes(brand)) return "heic";
  }
  return null;
}

// Markup or documents inside an image file: an image that is also an HTML page, a script, a PDF.
// Compressed pixel data essentially never spells these by chance (p ≈ n / 2^56).
const MARKERS = ["<script", "<html", "<body", "<iframe", "<svg", "<?php", "%pdf-", "javascript:", "onerror=", "onload="];
export function containsMarkup(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString("latin1").toLowerCase();
  return MARKERS.some((m) => text.includes(m));
}

/** Throws ImageRejected with a code the UI translates; returns what the header declares. */
export async function inspectUpload(bytes: Uint8Array): Promise<{ format: ImageFormat; width: number; height: number }> {
  if (bytes.length === 0) throw new ImageRejected("imageEmpty");
  if (bytes.length > MAX_UPLOAD_BYTES) throw new ImageRejected("imageTooLarge");
  const type = sniffImageType(bytes);
  if (type === "heic") throw new ImageRejected("imageHeicUnsupported");
  if (!type) throw new ImageRejected("imageNotAnImage");
  if (containsMarkup(bytes)) throw new ImageRejected("imageSuspicious");
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata(); // reads the header only
  } catch {
    throw new ImageRejected("imageCorrupt");
  }
  const declared = meta.format === "heif" ? "avif" : meta.format;
  if (declared !== type) throw new ImageRejected("imageNotAnImage");
  if (!meta.width || !meta.height) throw new ImageRejected("imageCorrupt");
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw new ImageRejected("imageTooManyPixels");
  return { format: type, width: meta.width, height: meta.height };
}
