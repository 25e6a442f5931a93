import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/order-bits";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatDate, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { listBuyerOrders } from "~/modules/orders/orders.server";

export const meta: MetaFunction = () => [{ title: "Đơn hàng — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:order:own");
  return { orders: await listBuyerOrders({ userId: user.id }) };
}

export default function Orders() {
  const { orders } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">{t("orders.title")}</h1>
      {orders.length === 0 ? <p>{t("orders.empty")}</p> : null}
      <ul className="space-y-3">
        {orders.map((o) => (
          <li key={o.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
            <Link to={`/orders/${o.id}`} className="font-semibold text-stone-900">{t("orders.number", { number: o.number })}</Link>
            <p className="text-sm text-stone-600">{formatDate(o.createdAt, locale)} · {formatVnd(o.totalVnd, locale)}</p>
            <ul className="mt-1 space-y-0.5 text-sm">
              {o.farmOrders.map((fo, i) => (
                <li key={i}>{fo.farm.name}: <StatusBadge status={fo.status} /></li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
