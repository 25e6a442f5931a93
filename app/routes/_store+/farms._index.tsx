import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificationBadge, ResponsiveImage } from "~/components/products";
import { listFarms } from "~/modules/farms/farms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const page = Math.max(1, Math.min(1000, Number(new URL(request.url).searchParams.get("page")) || 1));
  return { page, perPage: 24, ...(await listFarms({ page, perPage: 24 })) };
}

export const meta: MetaFunction = () => [{ title: "Nhà vườn — Chợ Nông" }];

export default function Farms() {
  const { farms, total, page, perPage } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">{t("farm.allFarms")}</h1>
      <ul className="grid gap-3 sm:grid-cols-2">
        {farms.map((f, i) => (
          <li key={f.slug} className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-stone-200">
            <Link to={`/farms/${f.slug}`} className="flex gap-3 p-3 no-underline">
              {f.image ? (
                <ResponsiveImage image={f.image} alt="" sizes="96px" className="h-24 w-24 shrink-0 rounded-lg object-cover" priority={i < 2} />
              ) : null}
              <div className="min-w-0">
                <h2 className="font-semibold text-stone-900">{f.name}</h2>
                <p className="text-sm text-stone-500">
                  {f.commune.name} · {t("farm.productsCount", { count: f.productCount })}
                </p>
                <div className="mt-1 flex flex-wrap gap-1">
                  {f.certifications.filter((c) => c.valid).map((c) => (
                    <CertificationBadge key={c.kind} cert={c} />
                  ))}
                </div>
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <nav className="mt-6 flex justify-between" aria-label="pagination">
        {page > 1 ? <Link to={`?page=${page - 1}`} className="font-semibold text-leaf-700">←</Link> : <span />}
        {page * perPage < total ? <Link to={`?page=${page + 1}`} className="font-semibold text-leaf-700">→</Link> : <span />}
      </nav>
    </div>
  );
}
