import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "~/components/error-boundary";
import { ProductGrid } from "~/components/products";
import { getCategoryPage } from "~/modules/catalog/catalog.server";
import { invariantResponse } from "~/utils/http.server";

export { ErrorBoundary };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = Math.max(1, Math.min(1000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const data = await getCategoryPage({ slug: params.slug ?? "", page });
  invariantResponse(data, "Not found", { status: 404 });
  return { ...data, page, perPage: 24 };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.category.nameVi ?? ""} — Chợ Nông` }];

export default function CategoryPage() {
  const { category, products, total, page, perPage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const name = (c: { nameVi: string; nameEn: string }) => (i18n.language === "en" ? c.nameEn : c.nameVi);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{name(category)}</h1>
      {category.children.length ? (
        <ul className="flex gap-2 overflow-x-auto">
          {category.children.map((c) => (
            <li key={c.slug}><Link to={`/categories/${c.slug}`} className="inline-block whitespace-nowrap rounded-full bg-white px-3 py-1.5 text-sm no-underline ring-1 ring-stone-200">{name(c)}</Link></li>
          ))}
        </ul>
      ) : null}
      {products.length ? <ProductGrid products={products} priorityCount={2} /> : <p>{t("home.empty")}</p>}
      <nav className="flex justify-between" aria-label="pagination">
        {page > 1 ? <Link to={`?page=${page - 1}`} className="font-semibold text-leaf-700">←</Link> : <span />}
        {page * perPage < total ? <Link to={`?page=${page + 1}`} className="font-semibold text-leaf-700">→</Link> : <span />}
      </nav>
    </div>
  );
}
