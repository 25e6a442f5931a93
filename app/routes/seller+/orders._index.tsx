import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/order-bits";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatDate, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { FARM_ORDER_STATUSES } from "~/modules/orders/lifecycle";
import { listFarmOrders } from "~/modules/orders/orders.server";

export const meta: MetaFunction = () => [{ title: "Đơn hàng của vườn — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const status = new URL(request.url).searchParams.get("status");
  const valid = (FARM_ORDER_STATUSES as readonly string[]).includes(status ?? "") ? status! : undefined;
  return { orders: await listFarmOrders({ userId: user.id, status: valid }), status: valid ?? "" };
}

export default function FarmInbox() {
  const { orders, status } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <Link to="/seller" className="text-sm font-semibold text-leaf-700">{t("productForm.back")}</Link>
      <h1 className="text-2xl font-bold">{t("orders.inbox")}</h1>
      <nav className="-mx-4 flex gap-2 overflow-x-auto px-4 text-sm">
        {["", ...FARM_ORDER_STATUSES].map((s) => (
          <Link key={s} to={s ? `?status=${s}` : "?"} className={`whitespace-nowrap rounded-full px-3 py-1 no-underline ring-1 ring-stone-200 ${s === status ? "bg-leaf-700 text-white" : "bg-white text-stone-700"}`}>
            {s ? t(`orders.status.${s}`) : "★"}
          </Link>
        ))}
      </nav>
      {orders.length === 0 ? <p>{t("orders.inboxEmpty")}</p> : null}
      <ul className="space-y-3">
        {orders.map((o) => (
          <li key={o.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
            <div className="flex items-center justify-between gap-2">
              <Link to={`/seller/orders/${o.id}`} className="font-semibold text-stone-900">{o.order.number}</Link>
              <StatusBadge status={o.status} />
            </div>
            <p className="text-sm text-stone-600">
              {o.order.buyerName} · {t("orders.lines", { count: o._count.lines })} · <strong>{formatVnd(o.subtotalVnd, locale)}</strong>
            </p>
            <p className="text-xs text-stone-500">{o.farm.name} · {formatDate(o.createdAt, locale, { dateStyle: "short", timeStyle: "short" })} · {t(o.fulfilment === "DELIVERY" ? "checkout.delivery" : "checkout.pickup")}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
