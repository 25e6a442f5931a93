import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { getBuyerOrder, transitionFarmOrder } from "~/flows/orders.server";
import { statusOf } from "~/utils/errors";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { OrderLines, StatusBadge, Timeline } from "~/components/order-bits";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { formatDate, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { allowedTransitions } from "~/modules/orders/lifecycle";

import { invariantResponse, readForm } from "~/utils/http.server";

export { ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "Đơn hàng — Chợ Nông" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:order:own");
  const order = await getBuyerOrder({ userId: user.id, orderId: params.orderId ?? "" });
  invariantResponse(order, "Not found", { status: 404 });
  return { order };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:order:own");
  const form = await readForm(request);
  const res = await transitionFarmOrder({ farmOrderId: String(form.get("farmOrderId") ?? ""), to: "CANCELLED", actor: "BUYER", userId: user.id });
  if (!res.ok) return data({ error: res.error }, { status: statusOf(res.error) });
  return redirect(`/orders/${encodeURIComponent(params.orderId ?? "")}`); // the part was checked, not this
}

export default function OrderPage() {
  const { order } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <Link to="/orders" className="text-sm font-semibold text-leaf-700">← {t("orders.title")}</Link>
      <h1 className="text-2xl font-bold">{t("orders.number", { number: order.number })}</h1>
      {actionData ? <ErrorList errors={[actionData.error]} /> : null}
      {/* only our own error keys: any other text in the address is not shown */}
      {params.get("card") && i18n.exists(`errors.${params.get("card")}`) ? <ErrorList errors={[params.get("card")!]} /> : null}
      {params.get("card") === "return" ? <p role="status" className="rounded-lg bg-sky-50 p-3 text-sm">{t("orders.cardReturn")}</p> : null}
      <p className="text-sm text-stone-600">{order.buyerName} · {formatVnPhone(order.buyerPhone)} · {t("cart.total")}: <strong>{formatVnd(order.totalVnd, locale)}</strong></p>
      {order.farmOrders.map((fo) => (
        <section key={fo.id} className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" aria-label={fo.farm.name}>
          <div className="flex items-center justify-between gap-2">
            <h2 className="font-bold">{fo.farm.name}</h2>
            <StatusBadge status={fo.status} />
          </div>
          <OrderLines lines={fo.lines} subtotalVnd={fo.subtotalVnd} paidVnd={fo.paidVnd} className="text-sm" />
          {fo.refundRequestedVnd > fo.refundedVnd ? <p className="text-right text-sm text-amber-800">{t("orders.refundAwaiting", { amount: formatVnd(fo.refundRequestedVnd - fo.refundedVnd, locale) })}</p> : null}
          {fo.refundedVnd > 0 ? <p className="text-right text-sm text-leaf-800">{t("orders.refunded", { amount: formatVnd(fo.refundedVnd, locale) })}</p> : null}
          {fo.paymentMethod === "CARD" && fo.status === "AWAITING_PAYMENT" ? (
            <Form method="post" action={`/orders/${order.id}/pay`}>
              <button type="submit" className="w-full rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t("orders.payByCard")}</button>
            </Form>
          ) : null}
          {fo.vietQr ? (
            <div className="rounded-lg bg-leaf-50 p-3">
              <h3 className="font-semibold">{t("orders.payTitle", { farm: fo.farm.name })}</h3>
              <p className="text-xs text-stone-600">{t("orders.payHint")}</p>
              <div className="mx-auto my-2 w-56 bg-white" role="img" aria-label={`VietQR ${fo.transferRef}`} dangerouslySetInnerHTML={{ __html: fo.vietQr.svg }} />
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-stone-500">{t("orders.bank")}</dt><dd>{fo.vietQr.bankName}</dd>
                <dt className="text-stone-500">{t("orders.account")}</dt><dd className="font-mono select-all">{fo.vietQr.accountNumber}</dd>
                <dt className="text-stone-500">{t("orders.accountName")}</dt><dd>{fo.vietQr.accountName}</dd>
                <dt className="text-stone-500">{t("orders.amount")}</dt><dd className="font-semibold">{formatVnd(fo.subtotalVnd, locale)}</dd>
                <dt className="text-stone-500">{t("orders.reference")}</dt><dd className="font-mono font-semibold select-all">{fo.transferRef}</dd>
              </dl>
              {fo.vietQr.appLinks.length > 0 ? (
                <div className="mt-2">
                  <p className="text-xs font-medium text-stone-700">{t("orders.openBankApp")}</p>
                  <ul className="mt-1 flex flex-wrap gap-1.5">
                    {fo.vietQr.appLinks.map((a) => (
                      <li key={a.name}><a href={a.href} rel="noopener noreferrer" className="inline-block rounded-full bg-white px-3 py-1.5 text-xs font-semibold text-leaf-800 no-underline ring-1 ring-leaf-200">{a.name}</a></li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {fo.reservedUntil ? <p className="mt-1 text-xs text-stone-500">{t("orders.payBefore", { time: formatDate(fo.reservedUntil, locale, { timeStyle: "short", dateStyle: "short" }) })}</p> : null}
              <details className="mt-2 text-xs"><summary>VietQR</summary><code className="break-all select-all">{fo.vietQr.payload}</code></details>
            </div>
          ) : null}
          <div>
            <h3 className="mb-1 text-sm font-semibold">{t("orders.timeline")}</h3>
            <Timeline events={fo.events} />
          </div>
          {allowedTransitions(fo, "BUYER").includes("CANCELLED") ? (
            <Form method="post">
              <input type="hidden" name="farmOrderId" value={fo.id} />
              <button type="submit" className="w-full rounded-lg border border-red-300 px-4 py-2 text-sm font-semibold text-red-800">{t("orders.cancel")}</button>
            </Form>
          ) : null}
        </section>
      ))}
    </div>
  );
}
