import { mediaStore } from "./media.server";
import { MEDIA_KEY } from "./media-store.server";

export async function readMedia(key: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (!MEDIA_KEY.test(key)) return null;
  const bytes = await mediaStore().get(key);
  if (!bytes) return null;
  return { bytes, contentType: key.endsWith(".avif") ? "image/avif" : "image/webp" };
}
