// Real image bytes made in the test, and the attack files the upload pipeline must refuse.
import sharp from "sharp";

/** A photo as a phone takes it: 400×200 stored sideways (EXIF orientation 6) with GPS tags.
 * Left half red, right half blue, so "upright" is checkable: red must end up on top. */
export async function sidewaysPhoneJpeg(): Promise<Buffer> {
  const w = 400, h = 200;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set(x < w / 2 ? [220, 20, 20] : [20, 20, 220], (y * w + x) * 3);
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({
      orientation: 6,
      exif: {
        IFD0: { Make: "Xiaomi", Model: "Redmi 12" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "10/1 29/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "107/1 10/1 0/1" },
      },
    })
    .toBuffer();
}

/** A noisy JPEG (compresses badly, so truncating it cuts real scan data). */
export async function noisyJpeg(width = 1200, height = 900): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let s = 42;
  for (let i = 0; i < raw.length; i++) raw[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

export async function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 40, g: 160, b: 60, alpha: 0.5 } } }).png().toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A tiny PNG whose header declares 20,000 × 20,000 pixels (400 MP): a decompression bomb. */
export async function pngBomb(): Promise<Buffer> {
  const png = Buffer.from(await smallPng());
  // IHDR data starts at byte 16 (8 signature + 4 length + 4 type); CRC covers type + data (17 bytes).
  png.writeUInt32BE(20_000, 16);
  png.writeUInt32BE(20_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

export const textFiles = {
  plainText: Buffer.from("Xin chào, đây không phải là ảnh."),
  pdf: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  html: Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
  heic: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic"), Buffer.alloc(12)]),
};
