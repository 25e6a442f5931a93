import type { LoaderFunctionArgs } from "@remix-run/node";
import { readMedia } from "~/modules/media/serve.server";

// Processed images, content-addressed: a key's bytes never change, so caches may keep them a year.
export async function loader({ params }: LoaderFunctionArgs) {
  const file = await readMedia(params["*"] ?? "");
  if (!file) return new Response("Not found", { status: 404 });
  return new Response(Uint8Array.from(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
