import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "~/components/error-boundary";
import { FarmSteps } from "~/components/farm-steps";
import { requirePermission } from "~/modules/auth/auth.server";
import { getOwnFarm } from "~/modules/farms/farms.server";
import { farmRoleCan } from "~/modules/farms/roles";
import { invariantResponse } from "~/utils/http.server";

export { ErrorBoundary };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  return { farm: { id: farm.id, name: farm.name, slug: farm.slug, status: farm.status, moderationNote: farm.moderationNote }, ownerSteps: farmRoleCan(farm.myRole, "farm:bank") };
}

export default function FarmLayout() {
  const { farm, ownerSteps } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <div className="flex justify-between gap-2 text-sm font-semibold">
        <Link to="/seller" className="text-leaf-700">{t("productForm.back")}</Link>
        <Link to={`/seller/farms/${farm.id}/sales`} className="text-leaf-700">{t("analytics.farm.link")}</Link>
      </div>
      <h1 className="text-2xl font-bold">{farm.name}</h1>
      {farm.status === "SUSPENDED" ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
          {t("moderation.farmSuspended")} {farm.moderationNote ? <strong>{farm.moderationNote}</strong> : null}
        </p>
      ) : null}
      <FarmSteps farmId={farm.id} ownerSteps={ownerSteps} />
      <Outlet />
    </div>
  );
}
