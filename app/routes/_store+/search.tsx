import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductGrid } from "~/components/products";
import { searchProducts } from "~/modules/catalog/catalog.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const page = Math.max(1, Math.min(1000, Number(url.searchParams.get("page")) || 1));
  return { q, page, perPage: 24, ...(await searchProducts({ q, page, perPage: 24 })) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.q ? `${data.q} — ` : ""}Chợ Nông` }];

export default function Search() {
  const { q, total, products, page, perPage } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("search.title")}</h1>
      <Form method="get" role="search" className="flex gap-2">
        <label htmlFor="search-q" className="sr-only">{t("search.title")}</label>
        <input id="search-q" name="q" type="search" defaultValue={q} placeholder={t("home.searchPlaceholder")} className="min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base" />
        <button type="submit" className="rounded-lg bg-leaf-700 px-4 font-semibold text-white">{t("home.search")}</button>
      </Form>
      {!q ? <p>{t("search.prompt")}</p> : total === 0 ? <p>{t("search.none", { q })}</p> : <p className="text-sm text-stone-600">{t("search.results", { count: total, q })}</p>}
      <ProductGrid products={products} priorityCount={2} />
      <nav className="flex justify-between" aria-label="pagination">
        {page > 1 ? <Link to={`?q=${encodeURIComponent(q)}&page=${page - 1}`} className="font-semibold text-leaf-700">←</Link> : <span />}
        {page * perPage < total ? <Link to={`?q=${encodeURIComponent(q)}&page=${page + 1}`} className="font-semibold text-leaf-700">→</Link> : <span />}
      </nav>
    </div>
  );
}
