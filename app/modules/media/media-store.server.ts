// Where processed image bytes live, behind one interface:
//   LocalDiskStore (default): files under MEDIA_DIR (data/media), for one machine;
//   S3Store: any S3-compatible object store (AWS S3, MinIO, Cloudflare R2, Viettel/FPT/CMC object
//   storage), for several app machines. Choose with MEDIA_STORE=s3 and the S3_* variables (README).
// Keys are content-addressed ("ab/<32 hex>-640.webp"), so a stored object never changes.
import fs from "node:fs/promises";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { env } from "~/utils/env.server";

export interface MediaStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export const MEDIA_KEY = /^[a-f0-9]{2}\/[a-f0-9]{32}-\d{2,4}\.(webp|avif)$/;

function checkKey(key: string): void {
  if (!MEDIA_KEY.test(key)) throw new Error(`invalid media key: ${key}`);
}

export class LocalDiskStore implements MediaStore {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    checkKey(key);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a crash never leaves a half-written file under a valid key.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    if (!MEDIA_KEY.test(key)) return null;
    try {
      return await fs.readFile(this.file(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}

export type S3Config = {
  endpoint: string; // https://s3.ap-southeast-1.amazonaws.com or http://127.0.0.1:9000
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
};

/** S3-compatible object storage, path-style URLs, requests signed with AWS Signature V4 (aws4fetch). */
export class S3Store implements MediaStore {
  private readonly client: AwsClient;
  constructor(private readonly cfg: S3Config) {
    this.client = new AwsClient({ accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey, region: cfg.region, service: "s3" });
  }

  private url(key: string): string {
    checkKey(key);
    return `${this.cfg.endpoint.replace(/\/$/, "")}/${encodeURIComponent(this.cfg.bucket)}/${key}`;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const res = await this.client.fetch(this.url(key), {
      method: "PUT",
      body: Uint8Array.from(bytes),
      headers: { "Content-Type": contentType, "Cache-Control": "public, max-age=31536000, immutable" },
    });
    if (!res.ok) throw new Error(`S3 PUT ${key} failed: ${res.status} ${await res.text()}`);
  }

  async get(key: string): Promise<Buffer | null> {
    if (!MEDIA_KEY.test(key)) return null;
    const res = await this.client.fetch(this.url(key));
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`S3 GET ${key} failed: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const res = await this.client.fetch(this.url(key), { method: "DELETE" });
    if (!res.ok && res.status !== 404) throw new Error(`S3 DELETE ${key} failed: ${res.status}`);
  }
}

export function createMediaStore(): MediaStore {
  if (env.MEDIA_STORE === "s3") {
    return new S3Store({
      endpoint: env.S3_ENDPOINT!,
      bucket: env.S3_BUCKET!,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID!,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    });
  }
  return new LocalDiskStore(path.resolve(process.env.MEDIA_DIR ?? env.MEDIA_DIR));
}
