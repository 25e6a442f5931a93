import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificationBadge, ProductGrid, ResponsiveImage } from "~/components/products";
import { listFarmProducts } from "~/modules/catalog/catalog.server";
import { getFarmPage } from "~/modules/farms/farms.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { env } from "~/utils/env.server";
import { invariantResponse } from "~/utils/http.server";
import { mediaUrl } from "~/modules/media/view";

export async function loader({ params }: LoaderFunctionArgs) {
  const farm = await getFarmPage({ slug: params.slug ?? "" });
  invariantResponse(farm, "Farm not found", { status: 404 });
  const products = await listFarmProducts({ farmId: farm.id });
  return { farm, products, url: `${env.PUBLIC_URL}/farms/${farm.slug}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Chợ Nông" }];
  const description = data.farm.story.slice(0, 160);
  return [
    { title: `${data.farm.name} — Chợ Nông` },
    { name: "description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:title", content: data.farm.name },
    { property: "og:description", content: description },
    { property: "og:url", content: data.url },
    ...(data.farm.image ? [{ property: "og:image", content: new URL(mediaUrl(data.farm.image), data.url).href }] : []),
  ];
};

export default function FarmPage() {
  const { farm, products } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <article className="space-y-6">
      {farm.image ? (
        <ResponsiveImage image={farm.image} alt="" sizes="(min-width: 1024px) 1024px, 100vw" className="aspect-[16/9] w-full rounded-2xl object-cover" priority />
      ) : null}
      <header>
        <h1 className="text-2xl font-bold">{farm.name}</h1>
        <p className="text-sm text-stone-600">
          {farm.commune.name}, {farm.province.name}
        </p>
        <div className="mt-2 flex flex-wrap gap-1.5">
          {farm.certifications.map((c) => (
            <CertificationBadge key={c.id} cert={c} />
          ))}
        </div>
      </header>
      <section>
        <h2 className="mb-2 text-lg font-bold">{t("farm.story")}</h2>
        {/* Rendered as text: React escapes it, markup in a story never runs. */}
        <p className="whitespace-pre-line text-stone-800">{farm.story}</p>
      </section>
      {farm.photos.length ? (
        <ul className="-mx-4 flex snap-x gap-2 overflow-x-auto px-4" aria-label={farm.name}>
          {farm.photos.map((p, i) => (
            <li key={p.mediaId} className="w-2/3 shrink-0 snap-start sm:w-1/3">
              <ResponsiveImage image={p.view} alt={`${farm.name} ${i + 1}`} sizes="(min-width: 640px) 33vw, 66vw" className="aspect-[4/3] w-full rounded-xl object-cover" />
            </li>
          ))}
        </ul>
      ) : null}
      {farm.certifications.length ? (
        <section>
          <h2 className="mb-2 text-lg font-bold">{t("farm.certifications")}</h2>
          <ul className="space-y-1 text-sm">
            {farm.certifications.map((c) => (
              <li key={c.id}>
                <strong>{t(`cert.${c.kind}`, { stars: c.stars ?? "" })}</strong> · {c.number} · {c.issuer}
                {c.expiresAt ? (
                  <span className={c.valid ? "text-stone-500" : "text-red-700"}>
                    {" "}· {t(c.valid ? "cert.validUntil" : "cert.expired", { date: formatDate(c.expiresAt, locale) })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="grid gap-3 rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-stone-200 sm:grid-cols-2">
        <div>
          <h2 className="font-semibold">{t("farm.howToOrder")}</h2>
          <ul className="mt-1 list-inside list-disc text-stone-700">
            {farm.offersPickup ? <li>{t("farm.pickup")}</li> : null}
            {farm.offersDelivery ? <li>{t("farm.delivery")}</li> : null}
          </ul>
        </div>
        <div>
          <h2 className="font-semibold">{t("farm.contact")}</h2>
          <p className="mt-1">
            <a href={`tel:${farm.phone}`} className="text-leaf-700">{formatVnPhone(farm.phone)}</a>
          </p>
          {farm.addressLine ? <p className="text-stone-600">{farm.addressLine}</p> : null}
          <p className="mt-2">
            <Link to={`/farms/${farm.slug}/stamp`} className="font-semibold text-leaf-700">{t("onboarding.qrStamp")}</Link>
          </p>
        </div>
      </section>
      <section>
        <h2 className="mb-3 text-lg font-bold">{t("farm.products")}</h2>
        {products.length ? <ProductGrid products={products} /> : <p>{t("farm.noProducts")}</p>}
      </section>
      <Link to={`/report?farm=${farm.slug}`} rel="nofollow" className="block text-xs text-stone-500 underline">{t("moderation.reportLink")}</Link>
    </article>
  );
}

export { ErrorBoundary } from "~/components/error-boundary";
