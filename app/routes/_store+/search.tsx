import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductGrid } from "~/components/products";
import { listTopCategories } from "~/modules/catalog/catalog.server";
import { MAX_QUERY_LENGTH, parseSearchParams, searchCatalog } from "~/modules/catalog/search.server";
import { DEFAULT_PROVINCE, listCommunes } from "~/modules/farms/farms.server";
import { CERT_KINDS } from "~/modules/farms/schemas";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = parseSearchParams(url);
  const [result, categories, communes] = await Promise.all([searchCatalog(params), listTopCategories(), listCommunes({ provinceCode: DEFAULT_PROVINCE })]);
  const shortened = (url.searchParams.getAll("q").at(-1) ?? "").length > params.q.length; // searched by its start only
  return { params, ...result, categories, communes, query: url.search, shortened, maxQueryLength: MAX_QUERY_LENGTH };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.params.q ? `${data.params.q} — ` : ""}Chợ Nông` }];

export default function Search() {
  const { params, total, products, perPage, categories, communes, shortened, maxQueryLength } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const q = params.q;
  const select = "mt-0.5 block w-full rounded-lg border border-stone-300 bg-white px-2 py-2 text-sm";
  const pageLink = (page: number) => {
    const sp = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
    sp.set("page", String(page));
    return `?${sp}`;
  };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("search.title")}</h1>
      <Form method="get" role="search" className="space-y-3">
        <div className="flex gap-2">
          <label htmlFor="search-q" className="sr-only">{t("search.title")}</label>
          <input id="search-q" name="q" type="search" defaultValue={q} maxLength={maxQueryLength} placeholder={t("home.searchPlaceholder")} className="min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base" />
          <button type="submit" className="rounded-lg bg-leaf-700 px-4 font-semibold text-white">{t("home.search")}</button>
        </div>
        <details className="rounded-xl bg-white p-3 ring-1 ring-stone-200" open={Boolean(params.category || params.commune || params.cert || params.min || params.max || params.inStock)}>
          <summary className="cursor-pointer text-sm font-semibold">{t("search.filters")}</summary>
          <div className="mt-2 grid grid-cols-2 gap-2 text-xs">
            <label>{t("home.categories")}
              <select name="category" defaultValue={params.category ?? ""} className={select}>
                <option value="">{t("search.allCategories")}</option>
                {categories.map((c) => <option key={c.slug} value={c.slug}>{i18n.language === "en" ? c.nameEn : c.nameVi}</option>)}
              </select>
            </label>
            <label>{t("onboarding.commune")}
              <select name="commune" defaultValue={params.commune ?? ""} className={select}>
                <option value="">{t("search.allCommunes")}</option>
                {communes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
              </select>
            </label>
            <label>{t("farm.certifications")}
              <select name="cert" defaultValue={params.cert ?? ""} className={select}>
                <option value="">{t("search.anyCert")}</option>
                {CERT_KINDS.map((k) => <option key={k} value={k}>{t(`cert.${k}`, { stars: "" })}</option>)}
              </select>
            </label>
            <label>{t("search.sort")}
              <select name="sort" defaultValue={params.sort} className={select}>
                <option value="relevance">{t("search.sortRelevance")}</option>
                <option value="price_asc">{t("search.sortPriceAsc")}</option>
                <option value="price_desc">{t("search.sortPriceDesc")}</option>
                <option value="newest">{t("search.sortNewest")}</option>
              </select>
            </label>
            <label>{t("search.minPrice")}<input name="min" inputMode="numeric" defaultValue={params.min ?? ""} className={select} /></label>
            <label>{t("search.maxPrice")}<input name="max" inputMode="numeric" defaultValue={params.max ?? ""} className={select} /></label>
            <label className="col-span-2 flex items-center gap-2 text-sm"><input type="checkbox" name="inStock" value="1" defaultChecked={params.inStock === "1"} className="h-4 w-4 accent-leaf-700" />{t("search.inStock")}</label>
            <button type="submit" className="col-span-2 rounded-lg border border-stone-300 py-2 text-sm font-semibold">{t("search.apply")}</button>
          </div>
        </details>
      </Form>
      {shortened ? <p role="status" className="text-sm text-amber-800">{t("search.shortened", { max: maxQueryLength })}</p> : null}
      {!q ? <p>{t("search.prompt")}</p> : total === 0 ? <p>{t("search.none", { q })}</p> : <p className="text-sm text-stone-600">{t("search.results", { count: total, q })}</p>}
      <ProductGrid products={products} priorityCount={2} />
      <nav className="flex justify-between" aria-label="pagination">
        {params.page > 1 ? <Link to={pageLink(params.page - 1)} className="font-semibold text-leaf-700">←</Link> : <span />}
        {params.page * perPage < total ? <Link to={pageLink(params.page + 1)} className="font-semibold text-leaf-700">→</Link> : <span />}
      </nav>
    </div>
  );
}
