import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formatVnPhone } from "~/modules/auth/phone";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificationBadge, ResponsiveImage } from "~/components/products";
import { getProductPage } from "~/modules/catalog/catalog.server";
import { formatQuantity, formatQuantityInput, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { env } from "~/utils/env.server";
import { invariantResponse } from "~/utils/http.server";
import { mediaUrl } from "~/modules/media/view";

export async function loader({ params }: LoaderFunctionArgs) {
  const product = await getProductPage({ slug: params.slug ?? "" });
  invariantResponse(product, "Product not found", { status: 404 });
  const url = `${env.PUBLIC_URL}/products/${product.slug}`;
  // schema.org Product for search engines and link previews; built from our data, serialised safely
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    category: product.category.nameVi,
    image: product.image ? [new URL(mediaUrl(product.image), url).href] : [],
    brand: { "@type": "Brand", name: product.farm.name },
    offers: {
      "@type": "Offer",
      url,
      priceCurrency: "VND",
      price: product.priceVnd,
      availability: product.stockMilli > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      seller: { "@type": "Organization", name: product.farm.name },
    },
  };
  return { product, url, jsonLd: JSON.stringify(jsonLd).replace(/</g, "\\u003c") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Chợ Nông" }];
  const p = data.product;
  return [
    { title: `${p.name} — ${p.farm.name} — Chợ Nông` },
    { name: "description", content: p.description.slice(0, 160) },
    { property: "og:title", content: p.name },
    { property: "og:url", content: data.url },
    ...(p.image ? [{ property: "og:image", content: new URL(mediaUrl(p.image), data.url).href }] : []),
  ];
};

export default function ProductPage() {
  const { product: p, jsonLd } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const unit = t(`units.${p.unit}`, { defaultValue: p.unit });
  return (
    <article className="grid gap-5 md:grid-cols-2">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <div className="space-y-2">
        {p.image ? (
          <ResponsiveImage image={p.image} alt={p.name} sizes="(min-width: 768px) 480px, 100vw" className="aspect-square w-full rounded-2xl object-cover" priority />
        ) : null}
        {p.gallery.length ? (
          <ul className="flex gap-2 overflow-x-auto" aria-label={p.name}>
            {p.gallery.map((g, i) => (
              <li key={g.mediaId} className="w-1/3 shrink-0">
                <ResponsiveImage image={g.view} alt={`${p.name} ${i + 2}`} sizes="33vw" className="aspect-square w-full rounded-xl object-cover" />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="space-y-3">
        <p className="text-sm text-stone-500">{locale === "en" ? p.category.nameEn : p.category.nameVi}</p>
        <h1 className="text-2xl font-bold">{p.name}</h1>
        <p className="text-2xl font-bold text-leaf-700">
          {formatVnd(p.priceVnd, locale)}
          <span className="text-base font-normal text-stone-500">{t("product.perUnit", { unit })}</span>
        </p>
        <p className={p.stockMilli > 0 ? "text-stone-700" : "font-semibold text-red-700"}>
          {p.stockMilli > 0 ? t("product.inStock", { qty: formatQuantity(p.stockMilli, locale), unit }) : t("product.outOfStock")}
        </p>
        {p.stockMilli > 0 ? (
          <Form method="post" action="/cart" className="flex items-end gap-2 rounded-xl bg-white p-3 ring-1 ring-stone-200">
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="productId" value={p.id} />
            <input type="hidden" name="redirectTo" value={`/products/${p.slug}`} />
            <label className="text-sm text-stone-700">
              {t("cart.quantity", { unit })}
              <input
                name="quantity"
                defaultValue={formatQuantityInput(p.soldByWeight ? p.stepMilli : 1000, locale)}
                inputMode="decimal"
                className="mt-1 block w-24 rounded-lg border border-stone-300 px-3 py-2.5 text-base"
              />
            </label>
            <button type="submit" className="flex-1 rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t("cart.add")}</button>
          </Form>
        ) : null}
        {p.soldByWeight ? <p className="text-sm text-stone-600">{t("product.soldByWeight", { step: formatQuantity(p.stepMilli, locale), unit })}</p> : null}
        {p.seasonStartMonth && p.seasonEndMonth ? (
          <p className="text-sm text-stone-600">{t("product.season", { from: p.seasonStartMonth, to: p.seasonEndMonth })}</p>
        ) : null}
        <p className="text-sm">
          {t("product.farm")}: <Link to={`/farms/${p.farm.slug}`} className="font-semibold text-leaf-700">{p.farm.name}</Link> · {p.farm.commune.name}
        </p>
        {/* who sells, as the e-commerce law asks: the verified name, the address, a phone (ADR 018) */}
        <p className="text-xs text-stone-600">
          {p.farm.seller ? t("product.seller", { name: p.farm.seller }) : t("product.sellerUnverified")}
          {p.farm.addressLine ? ` · ${p.farm.addressLine}` : ""} · <a href={`tel:${p.farm.phone}`} className="whitespace-nowrap">{formatVnPhone(p.farm.phone)}</a>
        </p>
        {p.farm.certifications.some((c) => c.valid) ? (
          <div className="flex flex-wrap gap-1">
            {p.farm.certifications.filter((c) => c.valid).map((c) => <CertificationBadge key={c.id} cert={c} />)}
          </div>
        ) : null}
        <section>
          <h2 className="font-semibold">{t("product.description")}</h2>
          <p className="whitespace-pre-line text-stone-800">{p.description}</p>
        </section>
        <Link to={`/report?product=${p.slug}`} rel="nofollow" className="block text-xs text-stone-500 underline">{t("moderation.reportLink")}</Link>
      </div>
    </article>
  );
}

export { ErrorBoundary } from "~/components/error-boundary";
