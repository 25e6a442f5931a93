import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductGrid } from "~/components/products";
import { listInSeasonProducts, listNewProducts, listTopCategories } from "~/modules/catalog/catalog.server";
import { readArea } from "~/modules/farms/area.server";
import { countActiveFarms, DEFAULT_PROVINCE, listCommunes, listFarmsNear } from "~/modules/farms/farms.server";
import { monthInVietnam } from "~/modules/i18n/format";
import { fixedT } from "~/modules/i18n/i18next.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const month = monthInVietnam();
  const communes = await listCommunes({ provinceCode: DEFAULT_PROVINCE });
  const { area, set } = await readArea(request, new Set(communes.map((c) => c.code)));
  const [t, inSeason, newest, categories, farms, farmCount] = await Promise.all([
    fixedT(request),
    listInSeasonProducts({ month, limit: 8 }),
    listNewProducts({ limit: 12 }),
    listTopCategories(),
    listFarmsNear({ communeCode: area, take: 6 }),
    countActiveFarms(),
  ]);
  return data(
    {
      meta: { title: `${t("app.name")} — ${t("app.tagline")}`, description: t("home.heroText", { farms: farmCount }) },
      inSeason,
      newest,
      categories,
      farms,
      farmCount,
      communes,
      area,
    },
    set ? { headers: { "Set-Cookie": set } } : undefined,
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "Chợ Nông" },
  { name: "description", content: data?.meta.description ?? "" },
  { property: "og:title", content: data?.meta.title ?? "Chợ Nông" },
];

export default function Home() {
  const { inSeason, newest, categories, farms, farmCount, communes, area } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="space-y-8">
      <section className="rounded-2xl bg-gradient-to-br from-leaf-600 to-leaf-800 p-5 text-white">
        <h1 className="text-2xl font-bold leading-tight">{t("home.heroTitle")}</h1>
        <p className="mt-2 text-sm text-white/90">{t("home.heroText", { farms: farmCount })}</p>
        <Form method="get" action="/search" role="search" className="mt-4 flex gap-2">
          <label htmlFor="home-q" className="sr-only">{t("home.search")}</label>
          <input
            id="home-q"
            name="q"
            type="search"
            placeholder={t("home.searchPlaceholder")}
            className="min-w-0 flex-1 rounded-lg bg-white px-3 py-2.5 text-base text-stone-900"
          />
          <button type="submit" className="rounded-lg bg-paddy-400 px-4 font-semibold text-stone-900">
            {t("home.search")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="cat-h">
        <h2 id="cat-h" className="mb-3 text-lg font-bold">{t("home.categories")}</h2>
        <ul className="flex gap-2 overflow-x-auto pb-1">
          {categories.map((c) => (
            <li key={c.slug}>
              <Link to={`/categories/${c.slug}`} className="inline-block whitespace-nowrap rounded-full bg-white px-3 py-1.5 text-sm text-stone-900 no-underline shadow-sm ring-1 ring-stone-200">
                {i18n.language === "en" ? c.nameEn : c.nameVi}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {inSeason.length > 0 ? (
        <section aria-labelledby="season-h">
          <h2 id="season-h" className="mb-3 text-lg font-bold">{t("home.inSeason")}</h2>
          <ProductGrid products={inSeason} priorityCount={2} />
        </section>
      ) : null}

      <section aria-labelledby="new-h">
        <h2 id="new-h" className="mb-3 text-lg font-bold">{t("home.featured")}</h2>
        {newest.length ? <ProductGrid products={newest} priorityCount={inSeason.length ? 0 : 2} /> : <p>{t("home.empty")}</p>}
      </section>

      <section aria-labelledby="farms-h">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="farms-h" className="text-lg font-bold">{t("home.farmsNear")}</h2>
          <Link to="/farms" className="text-sm font-semibold text-leaf-700">{t("home.seeAll")}</Link>
        </div>
        <Form method="get" preventScrollReset className="mb-3 flex items-end gap-2">
          <label className="min-w-0 flex-1 text-sm font-medium">
            {t("home.yourArea")}
            <select name="area" defaultValue={area ?? ""} key={area ?? ""} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base">
              <option value="">{t("home.wholeProvince")}</option>
              {communes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          </label>
          <button type="submit" className="rounded-lg border border-leaf-700 px-4 py-2.5 font-semibold text-leaf-800">{t("home.showArea")}</button>
        </Form>
        <ul className="grid gap-3 sm:grid-cols-2">
          {farms.map((f) => (
            <li key={f.slug} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
              <Link to={`/farms/${f.slug}`} className="font-semibold text-stone-900">{f.name}</Link>
              <p className="text-sm text-stone-500">
                {f.sameCommune ? <span className="mr-1 rounded bg-leaf-50 px-1.5 py-0.5 text-xs font-semibold text-leaf-800">{t("home.sameCommune")}</span> : null}
                {f.commune.name} · {t("farm.productsCount", { count: f.productCount })}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
