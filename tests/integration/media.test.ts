// The image pipeline on real image bytes: upright, no metadata, every variant; every attack file
// refused with its own message, leaving no file and no row behind.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { saveImage, mediaView, withStoredImages } from "~/modules/media/media.server";
import { mediaSrcset, mediaUrl } from "~/modules/media/view";
import { S3Store } from "~/modules/media/media-store.server";
import { ImageRejected, MAX_UPLOAD_BYTES } from "~/modules/media/validate.server";
import { vi as viText } from "~/modules/i18n/locales/vi";
import { noisyJpeg, pngBomb, sidewaysPhoneJpeg, smallPng, textFiles } from "../fakes/images";
import { startFakeS3 } from "../fakes/s3";

const mediaDir = () => process.env.MEDIA_DIR!;
function filesOnDisk(): string[] {
  if (!fs.existsSync(mediaDir())) return [];
  return (fs.readdirSync(mediaDir(), { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(mediaDir(), f)).isFile());
}

async function rejection(bytes: Uint8Array): Promise<string> {
  const before = { files: filesOnDisk().length, rows: await db.media.count() };
  const err = await saveImage(bytes).catch((e) => e);
  expect(err).toBeInstanceOf(ImageRejected);
  expect(filesOnDisk()).toHaveLength(before.files);
  expect(await db.media.count()).toBe(before.rows);
  expect((viText.errors as Record<string, string>)[err.code]).toBeTruthy();
  return err.code;
}

describe(`image pipeline (${process.env.TEST_DB_ENGINE})`, () => {
  it("turns a sideways phone photo upright and strips its GPS and camera tags", async () => {
    const input = await sidewaysPhoneJpeg();
    const inMeta = await sharp(input).metadata();
    expect(inMeta.orientation).toBe(6);
    expect(inMeta.exif?.toString("latin1")).toContain("Redmi");

    const { id } = await saveImage(input);
    const media = await db.media.findUniqueOrThrow({ where: { id } });
    expect([media.width, media.height]).toEqual([200, 400]); // portrait now
    const variants = JSON.parse(media.variants) as Array<{ key: string; format: string; width: number }>;
    // smaller than the smallest width: one size per format, never enlarged
    expect(variants.map((v) => `${v.format}@${v.width}`)).toEqual(["webp@200", "avif@200"]);

    for (const v of variants) {
      const bytes = fs.readFileSync(path.join(mediaDir(), v.key));
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe(v.format === "webp" ? "webp" : "heif");
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      expect(bytes.toString("latin1")).not.toMatch(/GPS|Redmi|Xiaomi/);
      const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
      const top = px(info.width / 2, 10), bottom = px(info.width / 2, info.height - 10);
      expect(top[0]).toBeGreaterThan(150); // red on top
      expect(top[2]).toBeLessThan(100);
      expect(bottom[2]).toBeGreaterThan(150); // blue at the bottom
    }
    expect(media.placeholder).toMatch(/^data:image\/webp;base64,/);
  });

  it("makes three widths in WebP and AVIF from a large photo, and a <picture> view of them", async () => {
    const { id } = await saveImage(await noisyJpeg(1600, 1200));
    const media = await db.media.findUniqueOrThrow({ where: { id } });
    const view = mediaView(media)!;
    expect(mediaSrcset(view, "webp")).toBe(`/media/${id.slice(0, 2)}/${id}-320.webp 320w, /media/${id.slice(0, 2)}/${id}-640.webp 640w, /media/${id.slice(0, 2)}/${id}-1280.webp 1280w`);
    expect(mediaSrcset(view, "avif")).toMatch(/-320\.avif 320w, .*-640\.avif 640w, .*-1280\.avif 1280w$/);
    expect(mediaUrl(view)).toBe(`/media/${id.slice(0, 2)}/${id}-320.webp`);
    for (const v of JSON.parse(media.variants) as Array<{ key: string; width: number; format: "webp" | "avif" }>) expect(mediaUrl(view, v.width, v.format)).toBe(`/media/${v.key}`);
    expect([view.width, view.height]).toEqual([1280, 960]);
    // a variant not named <path>-<width>.<format> is left out, never guessed at
    const variants = JSON.parse(media.variants) as Array<{ key: string }>;
    const renamed = (keys: (k: string) => string) => JSON.stringify(variants.map((v) => ({ ...v, key: keys(v.key) })));
    expect(mediaView({ ...media, variants: renamed((k) => k.replace("-640.webp", "-640.jpg")) })!.webp).toEqual([320, 1280]);
    expect(mediaView({ ...media, variants: renamed((k) => k.replace(/-\d+\./, "-x.")) })).toBeNull();
    expect(filesOnDisk().filter((f) => f.includes(id))).toHaveLength(6);
    // content-addressed: the same bytes again are the same media, processed once
    expect((await saveImage(await noisyJpeg(1600, 1200))).id).toBe(id);
  });

  it("keeps PNG transparency off the black: it lands on white", async () => {
    const { id } = await saveImage(await smallPng());
    const media = await db.media.findUniqueOrThrow({ where: { id } });
    const key = (JSON.parse(media.variants) as Array<{ key: string }>)[0].key;
    const { data } = await sharp(fs.readFileSync(path.join(mediaDir(), key))).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(100); // 50% green over white, not over black
  });

  it.each([
    ["plain text", () => textFiles.plainText, "imageNotAnImage"],
    ["a PDF renamed .jpg", () => textFiles.pdf, "imageNotAnImage"],
    ["an HTML page", () => textFiles.html, "imageNotAnImage"],
    ["an SVG with a script", () => textFiles.svg, "imageNotAnImage"],
    ["an iPhone HEIC", () => textFiles.heic, "imageHeicUnsupported"],
    ["an empty file", () => Buffer.alloc(0), "imageEmpty"],
  ])("refuses %s", async (_name, make, code) => {
    expect(await rejection(make())).toBe(code);
  });

  it("refuses a polyglot: a real JPEG that is also an HTML page with a script", async () => {
    const jpeg = await noisyJpeg(64, 64);
    expect(await rejection(Buffer.concat([jpeg, Buffer.from("<html><script>alert(1)</script>")]))).toBe("imageSuspicious");
    const png = await smallPng();
    expect(await rejection(Buffer.concat([png.subarray(0, 33), Buffer.from("<svg onload=alert(1)>")]))).toBe("imageSuspicious");
  });

  it("refuses a truncated JPEG", async () => {
    const jpeg = await noisyJpeg();
    expect(await rejection(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)))).toBe("imageCorrupt");
  });

  it("refuses a 30 MB file before decoding it", async () => {
    const big = Buffer.alloc(30 * 1024 * 1024);
    (await noisyJpeg(64, 64)).copy(big);
    expect(big.length).toBeGreaterThan(MAX_UPLOAD_BYTES);
    expect(await rejection(big)).toBe("imageTooLarge");
  });

  it("refuses a decompression bomb (a tiny PNG declaring 20,000 × 20,000 pixels) from its header", async () => {
    const bomb = await pngBomb();
    expect(bomb.length).toBeLessThan(2000);
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(20_000);
    const rss = process.memoryUsage().rss;
    expect(await rejection(bomb)).toBe("imageTooManyPixels");
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });

  it("leaves no orphan file when the save that needed the images fails", async () => {
    const before = filesOnDisk().length;
    const err = await withStoredImages([await noisyJpeg(700, 500)], async () => {
      throw new Error("product insert failed");
    }).catch((e) => e);
    expect(err.message).toBe("product insert failed");
    expect(filesOnDisk()).toHaveLength(before);
    expect(await db.media.count({ where: { width: 700 } })).toBe(0);
  });
});

describe("S3-compatible media store", () => {
  it("puts, gets and deletes objects with signed requests", async () => {
    const s3 = await startFakeS3({ accessKeyId: "CHONONGKEY" });
    try {
      const store = new S3Store({ endpoint: s3.endpoint, bucket: "cho-nong-media", region: "ap-southeast-1", accessKeyId: "CHONONGKEY", secretAccessKey: "secret" });
      const key = `ab/${"a".repeat(32)}-320.webp`;
      await store.put(key, Buffer.from("RIFF....WEBP"), "image/webp");
      expect(s3.objects.get(`/cho-nong-media/${key}`)?.contentType).toBe("image/webp");
      expect((await store.get(key))?.toString()).toBe("RIFF....WEBP");
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      expect(s3.requests.every((r) => r.authorization.includes("/ap-southeast-1/s3/aws4_request"))).toBe(true);
      await expect(store.put("../../etc/passwd", Buffer.from("x"), "text/plain")).rejects.toThrow(/invalid media key/);

      const wrong = new S3Store({ endpoint: s3.endpoint, bucket: "cho-nong-media", region: "ap-southeast-1", accessKeyId: "OTHER", secretAccessKey: "x" });
      await expect(wrong.put(key, Buffer.from("x"), "image/webp")).rejects.toThrow(/403/);
    } finally {
      await s3.close();
    }
  });
});
