import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/auth.server";
import { csvResponse, toCsv } from "~/modules/analytics/csv.server";
import { farmSalesLines } from "~/modules/analytics/farm.server";
import { queryOf, resolvePeriod } from "~/modules/analytics/schemas";
import { fixedT } from "~/modules/i18n/i18next.server";
import { localDateTime } from "~/modules/analytics/time";

// /resources/exports/farms/<farmId>/sales.csv?from=YYYY-MM-DD&to=YYYY-MM-DD — the farm's own sold
// order lines; another farm's id gives 404 (membership is part of the query).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const period = resolvePeriod(queryOf(new URL(request.url)));
  const result = await farmSalesLines({ userId: user.id, farmId: params.farmId ?? "", range: period });
  if (!result) throw new Response("Not found", { status: 404 });
  const t = await fixedT(request);
  const header = ["date", "orderNumber", "status", "paymentMethod", "fulfilment"].map((k) => t(`analytics.farm.${k}`));
  header.push(t("analytics.product"), t("analytics.unit"), t("analytics.quantity"), t("analytics.farm.price"), t("analytics.farm.lineTotal"));
  const rows = result.lines.map((l) => [
    localDateTime(l.farmOrder.createdAt),
    l.farmOrder.order.number,
    t(`orders.status.${l.farmOrder.status}`),
    t(`analytics.farm.method.${l.farmOrder.paymentMethod}`, { defaultValue: l.farmOrder.paymentMethod }),
    t(l.farmOrder.fulfilment === "DELIVERY" ? "checkout.delivery" : "checkout.pickup"),
    l.productName,
    t(`units.${l.unit}`, { defaultValue: l.unit }),
    l.quantityMilli / 1000,
    l.priceVnd,
    l.lineTotalVnd,
  ]);
  return csvResponse(toCsv(header, rows), `${result.farm.slug}-doanh-so-${period.from}-${period.to}.csv`);
}
