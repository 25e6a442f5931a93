// bench/images: a 12-megapixel phone JPEG through the whole pipeline (checks, one decode, WebP and
// AVIF at three widths, placeholder) against a bare sharp resize of the same file to one 1280 px
// WebP, in the same run. Prints time and peak memory per image; last line is JSON.
//   npm run bench:images  [-- --runs 5]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-bench-"));
process.env.MEDIA_DIR = dir;
process.env.DATABASE_URL = `file:${path.join(dir, "unused.db")}`;
const { processImage } = await import("../app/modules/media/media.server");

// A believable 12 MP photo (4000×3000): smooth gradients plus texture, quality 88, like a phone's.
async function twelveMegapixelJpeg(): Promise<Buffer> {
  const w = 4000, h = 3000;
  const raw = Buffer.alloc(w * h * 3);
  let s = 7;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      const n = (s >>> 27) - 16;
      const i = (y * w + x) * 3;
      raw[i] = Math.max(0, Math.min(255, 60 + (x * 120) / w + n));
      raw[i + 1] = Math.max(0, Math.min(255, 110 + (y * 100) / h + n));
      raw[i + 2] = Math.max(0, Math.min(255, 40 + ((x + y) * 60) / (w + h) + n));
    }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
}

async function measure(label: string, fn: () => Promise<unknown>) {
  const times: number[] = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let max = base;
    const timer = setInterval(() => (max = Math.max(max, process.memoryUsage().rss)), 2);
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    clearInterval(timer);
    peak = Math.max(peak, Math.max(max, process.memoryUsage().rss) - base);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(34)} median ${median.toFixed(0).padStart(5)} ms   min ${times[0].toFixed(0).padStart(5)} ms   peak +RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
  return { medianMs: Math.round(median), minMs: Math.round(times[0]), peakRssMiB: Math.round(peak / 2 ** 20) };
}

const photo = await twelveMegapixelJpeg();
console.log(`input: 4000×3000 JPEG, ${(photo.length / 2 ** 20).toFixed(1)} MiB, ${runs} runs each, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}`);
let n = 0;
const baseline = await measure("bare sharp resize → 1280 webp", () =>
  sharp(photo).rotate().resize({ width: 1280 }).webp({ quality: 72 }).toBuffer(),
);
const pipeline = await measure("pipeline (checks, 3×webp, 3×avif)", async () => {
  // a fresh byte at the end makes each run a new content address (no dedupe), same pixels
  const copy = Buffer.concat([photo, Buffer.from([n++ & 0xff])]);
  await processImage(copy);
});
fs.rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    input: "4000x3000 jpeg",
    runs,
    baseline,
    pipeline,
    timeRatio: +(pipeline.medianMs / baseline.medianMs).toFixed(2),
  }),
);
