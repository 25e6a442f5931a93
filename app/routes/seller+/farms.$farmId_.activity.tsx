// The owner's record of sensitive changes to the farm (ADR 015): bank account, identity, members,
// roles, moderation — who, when, old → new. The owner's notices link here.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "~/components/error-boundary";
import { requirePermission } from "~/modules/auth/auth.server";
import { getFarmActivity } from "~/modules/farms/farms.server";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { invariantResponse } from "~/utils/http.server";

export { ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "Nhật ký thay đổi — Chợ Nông" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const activity = await getFarmActivity({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(activity, "Not found", { status: 404 });
  return activity;
}

const show = (v: Record<string, unknown>) =>
  Object.entries(v)
    .filter(([k]) => k !== "userId" && k !== "productId")
    .map(([k, x]) => `${k}: ${x === null || x === "" ? "—" : k === "bankAccountNumber" && typeof x === "string" ? `•••${x.slice(-4)}` : String(x)}`)
    .join(", ");

export default function FarmActivity() {
  const { farm, changes } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <Link to={`/seller/farms/${farm.id}/profile`} className="text-sm font-semibold text-leaf-700">← {farm.name}</Link>
      <h1 className="text-2xl font-bold">{t("activity.title")}</h1>
      <p className="text-sm text-stone-600">{t("activity.intro")}</p>
      {changes.length === 0 ? <p className="text-sm text-stone-600">{t("activity.none")}</p> : null}
      <ol className="space-y-2">
        {changes.map((c) => (
          <li key={c.id} className="rounded-xl bg-white p-3 text-sm ring-1 ring-stone-200">
            <p className="font-semibold">{t(`activity.actions.${c.action}`, { defaultValue: c.action })}</p>
            <p className="text-stone-600">{formatDate(c.at, locale, { dateStyle: "short", timeStyle: "short" })} · {c.actor ?? t("activity.system")}</p>
            {Object.keys(c.before).length ? <p className="break-words text-stone-700">{t("activity.before")}: {show(c.before)}</p> : null}
            {Object.keys(c.after).length ? <p className="break-words text-stone-900">{t("activity.after")}: {show(c.after)}</p> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
