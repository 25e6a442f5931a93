import type { LoaderFunctionArgs } from "@remix-run/node";
import { farmUrl, isPublicTarget, productUrl, qrPng, qrSvg } from "~/modules/farms/qr.server";

// /resources/qr/farm/<slug>.svg | .png and /resources/qr/product/<slug>.svg | .png
export async function loader({ params }: LoaderFunctionArgs) {
  const kind = params.kind;
  const match = /^([a-z0-9-]{1,90})\.(svg|png)$/.exec(params.slug ?? "");
  if ((kind !== "farm" && kind !== "product") || !match) return new Response("Not found", { status: 404 });
  const [, slug, format] = match;
  if (!(await isPublicTarget(kind, slug))) return new Response("Not found", { status: 404 });
  const url = kind === "farm" ? farmUrl(slug) : productUrl(slug);
  const headers = { "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff", "Content-Disposition": `inline; filename="cho-nong-${slug}.${format}"` };
  if (format === "svg") return new Response(await qrSvg(url), { headers: { ...headers, "Content-Type": "image/svg+xml" } });
  return new Response(Uint8Array.from(await qrPng(url)), { headers: { ...headers, "Content-Type": "image/png" } });
}
