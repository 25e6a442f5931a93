// Where processed image bytes live. Local disk (data/media) is the default; an S3-compatible
// object store is the second implementation for several app machines (issue 3 adds it behind
// this same interface). Keys are content-addressed, so a stored object never changes.
import fs from "node:fs/promises";
import path from "node:path";

export interface MediaStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export const MEDIA_KEY = /^[a-f0-9]{2}\/[a-f0-9]{32}-\d{2,4}\.(webp|avif)$/;

export class LocalDiskStore implements MediaStore {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    if (!MEDIA_KEY.test(key)) throw new Error(`invalid media key: ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
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
