import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatQuantity, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { mediaSrcset, mediaUrl, type MediaView } from "~/modules/media/view";


export type ProductCardData = {
  slug: string;
  name: string;
  unit: string;
  priceVnd: number;
  stockMilli: number;
  farm: { name: string; slug: string };
  image: MediaView | null;
};

export function ResponsiveImage({
  image,
  alt,
  sizes,
  className,
  priority = false,
}: {
  image: MediaView;
  alt: string;
  sizes: string;
  className?: string;
  priority?: boolean;
}) {
  const img = (
    <img
      src={mediaUrl(image)}
      srcSet={mediaSrcset(image, "webp")}
      sizes={sizes}
      width={image.width}
      height={image.height}
      alt={alt}
      loading={priority ? "eager" : "lazy"}
      decoding="async"
      {...(priority ? { fetchpriority: "high" } : {})}
      className={className}
      style={{ backgroundImage: `url(${image.placeholder})`, backgroundSize: "cover" }}
    />
  );
  if (image.avif.length === 0) return img;
  return (
    <picture>
      <source type="image/avif" srcSet={mediaSrcset(image, "avif")} sizes={sizes} />
      {img}
    </picture>
  );
}

export function ProductCard({ product, priority = false }: { product: ProductCardData; priority?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const unit = t(`units.${product.unit}`, { defaultValue: product.unit });
  return (
    <li className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-stone-200">
      <Link to={`/products/${product.slug}`} className="block no-underline">
        {product.image ? (
          <ResponsiveImage
            image={product.image}
            alt={product.name}
            sizes="(min-width: 768px) 240px, 50vw"
            className="aspect-square w-full object-cover"
            priority={priority}
          />
        ) : (
          <div className="aspect-square w-full bg-leaf-50" />
        )}
        <div className="p-3">
          <h3 className="line-clamp-2 text-sm font-semibold text-stone-900">{product.name}</h3>
          <p className="mt-1 text-base font-bold text-leaf-700">
            {formatVnd(product.priceVnd, locale)}
            <span className="text-sm font-normal text-stone-500">{t("product.perUnit", { unit })}</span>
          </p>
          <p className="mt-0.5 truncate text-xs text-stone-500">{product.farm.name}</p>
          {product.stockMilli <= 0 ? (
            <p className="mt-1 text-xs font-medium text-red-700">{t("product.outOfStock")}</p>
          ) : (
            <p className="mt-1 text-xs text-stone-500">
              {t("product.inStock", { qty: formatQuantity(product.stockMilli, locale), unit })}
            </p>
          )}
        </div>
      </Link>
    </li>
  );
}

export function ProductGrid({ products, priorityCount = 0 }: { products: ProductCardData[]; priorityCount?: number }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4">
      {products.map((p, i) => (
        <ProductCard key={p.slug} product={p} priority={i < priorityCount} />
      ))}
    </ul>
  );
}

export function CertificationBadge({
  cert,
}: {
  cert: { kind: string; stars: number | null; expiresAt: string | Date | null; valid: boolean };
}) {
  const { t } = useTranslation();
  const label = t(`cert.${cert.kind}`, { stars: cert.stars ?? "" });
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ${
        cert.valid ? "bg-leaf-100 text-leaf-800" : "bg-stone-200 text-stone-500 line-through"
      }`}
    >
      {cert.kind === "OCOP" ? "★ " : "✓ "}
      {label}
    </span>
  );
}
