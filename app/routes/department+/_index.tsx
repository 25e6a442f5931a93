import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { provinceOverview } from "~/modules/analytics/department.server";
import { requirePermission } from "~/modules/auth/auth.server";
import { env } from "~/utils/env.server";

export const meta: MetaFunction = () => [{ title: "Sở Nông nghiệp — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:department-dashboard");
  return { overview: await provinceOverview(), target: env.TARGET_HOUSEHOLDS };
}

export default function Department() {
  const { overview, target } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const n = (x: number) => x.toLocaleString(i18n.language === "en" ? "en-US" : "vi-VN");
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">{t("department.title")}</h1>
      <div className="grid grid-cols-2 gap-3">
        <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <p className="text-sm text-stone-500">{t("department.households")}</p>
          <p className="text-2xl font-bold">{n(overview.households)}</p>
          <p className="text-xs text-stone-500">{t("department.target", { target: n(target) })}</p>
        </div>
        <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <p className="text-sm text-stone-500">{t("department.products")}</p>
          <p className="text-2xl font-bold">{n(overview.activeProducts)}</p>
        </div>
      </div>
      <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 className="mb-2 font-bold">{t("department.byCommune")}</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-stone-500">
              <th className="py-1 font-medium">{t("department.commune")}</th>
              <th className="py-1 text-right font-medium">{t("department.farms")}</th>
            </tr>
          </thead>
          <tbody>
            {overview.byCommune.map((row) => (
              <tr key={row.commune} className="border-t border-stone-100">
                <td className="py-1">{row.commune}</td>
                <td className="py-1 text-right tabular-nums">{n(row.farms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
