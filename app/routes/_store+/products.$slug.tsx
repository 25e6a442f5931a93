import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResponsiveImage } from "~/components/products";
import { getProductPage } from "~/modules/catalog/catalog.server";
import { formatQuantity, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { env } from "~/utils/env.server";
import { invariantResponse } from "~/utils/http.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const product = await getProductPage({ slug: params.slug ?? "" });
  invariantResponse(product, "Product not found", { status: 404 });
  return { product, url: `${env.PUBLIC_URL}/products/${product.slug}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Chợ Nông" }];
  const p = data.product;
  return [
    { title: `${p.name} — ${p.farm.name} — Chợ Nông` },
    { name: "description", content: p.description.slice(0, 160) },
    { property: "og:title", content: p.name },
    { property: "og:url", content: data.url },
    ...(p.image ? [{ property: "og:image", content: new URL(p.image.src, data.url).href }] : []),
  ];
};

export default function ProductPage() {
  const { product: p } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const unit = t(`units.${p.unit}`, { defaultValue: p.unit });
  return (
    <article className="grid gap-5 md:grid-cols-2">
      {p.image ? (
        <ResponsiveImage image={p.image} alt={p.name} sizes="(min-width: 768px) 480px, 100vw" className="aspect-square w-full rounded-2xl object-cover" priority />
      ) : null}
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
        {p.soldByWeight ? <p className="text-sm text-stone-600">{t("product.soldByWeight", { step: formatQuantity(p.stepMilli, locale), unit })}</p> : null}
        {p.seasonStartMonth && p.seasonEndMonth ? (
          <p className="text-sm text-stone-600">{t("product.season", { from: p.seasonStartMonth, to: p.seasonEndMonth })}</p>
        ) : null}
        <p className="text-sm">
          {t("product.farm")}: <Link to={`/farms/${p.farm.slug}`} className="font-semibold text-leaf-700">{p.farm.name}</Link> · {p.farm.commune.name}
        </p>
        <section>
          <h2 className="font-semibold">{t("product.description")}</h2>
          <p className="whitespace-pre-line text-stone-800">{p.description}</p>
        </section>
      </div>
    </article>
  );
}

export { ErrorBoundary } from "~/components/error-boundary";
