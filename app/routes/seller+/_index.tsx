import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/modules/auth/auth.server";
import { listMyFarms } from "~/modules/farms/farms.server";
import { farmRoleCan } from "~/modules/farms/roles";
import { identityRequired } from "~/modules/identity/identity.server";
import { formatQuantity, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";

export const meta: MetaFunction = () => [{ title: "Gian hàng — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  return { farms: await listMyFarms({ userId: user.id }), identityRequired: identityRequired() };
}

export default function SellerHome() {
  const { farms, identityRequired: identityNeeded } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">{t("seller.title")}</h1>
      {farms.length === 0 ? (
        <div className="rounded-xl bg-white p-4 shadow-sm">
          <p>{t("seller.noFarm")}</p>
          <Link to="/seller/farms/new" className="mt-3 inline-block rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white no-underline">
            {t("onboarding.open")}
          </Link>
        </div>
      ) : null}
      {farms.map((farm) => (
        <section key={farm.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <div className="flex items-baseline justify-between gap-2">
            <h2 className="text-lg font-bold">{farm.name}</h2>
            <Link to={`/farms/${farm.slug}`} className="text-sm font-semibold text-leaf-700">{t("seller.viewPage")}</Link>
          </div>
          {farm.ownerVerified ? null : (
            <p role="alert" className="mt-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
              {t(farm.iAmOwner ? "seller.verifyToSell" : "seller.ownerMustVerify")}{" "}
              {farm.iAmOwner ? <Link to="/account/phone" className="font-semibold text-leaf-800 underline">{t("productForm.verifyPhone")}</Link> : null}
            </p>
          )}
          {farm.ownerVerified && identityNeeded && !farm.ownerIdentityVerified ? (
            <p role="alert" className="mt-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
              {t(farm.iAmOwner ? "seller.identityToSell" : "seller.ownerMustVerifyIdentity")}{" "}
              {farm.iAmOwner ? <Link to="/account/identity" className="font-semibold text-leaf-800 underline">{t("identity.verifyLink")}</Link> : null}
            </p>
          ) : null}
          <div className="mt-3 flex flex-wrap gap-2">
            <Link to={`/seller/products/new?farm=${farm.id}`} className="rounded-lg bg-leaf-700 px-3 py-2 text-sm font-semibold text-white no-underline">
              {t("productForm.newProduct")}
            </Link>
            {farmRoleCan(farm.myRole, "sales:read") ? (
              <Link to={`/seller/farms/${farm.id}/sales`} className="rounded-lg border border-stone-300 px-3 py-2 text-sm font-semibold no-underline">
                {t("analytics.farm.link")}
              </Link>
            ) : null}
            <Link to={`/seller/farms/${farm.id}/profile`} className="rounded-lg border border-stone-300 px-3 py-2 text-sm font-semibold no-underline">
              {t("onboarding.editFarm")}
            </Link>
            <Link to={`/farms/${farm.slug}/stamp`} className="rounded-lg border border-stone-300 px-3 py-2 text-sm font-semibold no-underline">
              {t("onboarding.qrStamp")}
            </Link>
          </div>
          <h3 className="mt-3 text-sm font-semibold text-stone-500">{t("seller.products")} ({farm.products.length})</h3>
          <ul className="mt-1 divide-y divide-stone-100">
            {farm.products.map((p) => (
              <li key={p.id} className="py-2 text-sm">
                <Link to={`/seller/products/${p.id}`} className="block font-medium text-stone-900">{p.name}</Link>
                <span className="text-stone-600">
                  {formatVnd(p.priceVnd, locale)} · {t("seller.stock")} {formatQuantity(p.stockMilli, locale)} {t(`units.${p.unit}`)} ·{" "}
                  {t(`seller.status.${p.status}`)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
