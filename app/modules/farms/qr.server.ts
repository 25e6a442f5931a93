// Printable QR stamps for packaging and market stalls, linking to a farm's or product's page.
import QRCode from "qrcode";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

export function farmUrl(slug: string) {
  return `${env.PUBLIC_URL}/farms/${slug}`;
}
export function productUrl(slug: string) {
  return `${env.PUBLIC_URL}/products/${slug}`;
}

export function qrSvg(url: string): Promise<string> {
  // error correction M survives a smudge on a wet market stall; margin 2 modules
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#14301aff", light: "#ffffffff" } });
}

export function qrPng(url: string, width = 600): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 2, width });
}

/** A farm (active) and its on-sale products, for the stamp sheet. */
export async function stampSheet({ slug }: { slug: string }) {
  const farm = await db.farm.findFirst({
    where: { slug, status: "ACTIVE" },
    select: { name: true, slug: true, phone: true, products: { where: { status: "ACTIVE" }, select: { name: true, slug: true }, orderBy: { name: "asc" } } },
  });
  if (!farm) return null;
  return {
    farm: { name: farm.name, url: farmUrl(farm.slug), svg: await qrSvg(farmUrl(farm.slug)), phone: farm.phone },
    products: await Promise.all(farm.products.map(async (p) => ({ name: p.name, slug: p.slug, url: productUrl(p.slug), svg: await qrSvg(productUrl(p.slug)) }))),
  };
}

export async function isPublicTarget(kind: "farm" | "product", slug: string): Promise<boolean> {
  if (kind === "farm") return !!(await db.farm.findFirst({ where: { slug, status: "ACTIVE" }, select: { id: true } }));
  return !!(await db.product.findFirst({ where: { slug, status: "ACTIVE" }, select: { id: true } }));
}
