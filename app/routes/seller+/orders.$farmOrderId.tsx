import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { recordFinalWeights, transitionFarmOrder } from "~/flows/orders.server";
import { statusOf } from "~/utils/errors";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { OrderLines, StatusBadge, Timeline } from "~/components/order-bits";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { formatDate, formatQuantity, formatQuantityInput, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { allowedTransitions } from "~/modules/orders/lifecycle";
import { getFarmOrder } from "~/modules/orders/orders.server";
import { FinalWeightsSchema } from "~/modules/orders/schemas";
import { markTransferRefunded } from "~/modules/payments/refunds.server";
import { WEIGHABLE_STATUSES } from "~/modules/orders/weighing.server";
import { refundOwed } from "~/modules/payments/refunds.server";
import { invariantResponse, readForm } from "~/utils/http.server";
import { cleanLine } from "~/utils/text";

export { ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "Đơn hàng — Chợ Nông" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const order = await getFarmOrder({ userId: user.id, farmOrderId: params.farmOrderId ?? "" });
  invariantResponse(order, "Not found", { status: 404 });
  const canWeigh = order.can["order:money"] && !order.weighedAt && (WEIGHABLE_STATUSES as readonly string[]).includes(order.status) && order.lines.some((l) => l.product.soldByWeight);
  return { order, canWeigh, owedVnd: refundOwed(order), awaitingVnd: order.refundRequestedVnd - order.refundedVnd };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const form = await readForm(request);
  const farmOrderId = params.farmOrderId ?? "";
  const intent = String(form.get("intent") ?? "transition");
  if (intent === "weigh") {
    const parsed = FinalWeightsSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ error: "weightInvalid" as const }, { status: 400 });
    const res = await recordFinalWeights({ farmOrderId, userId: user.id, weights: parsed.data });
    if (!res.ok) return data({ error: res.error }, { status: statusOf(res.error) });
    return redirect(`/seller/orders/${farmOrderId}`);
  }
  if (intent === "refunded") {
    const res = await markTransferRefunded({ farmOrderId, userId: user.id });
    if (!res.ok) return data({ error: res.error }, { status: statusOf(res.error) });
    return redirect(`/seller/orders/${farmOrderId}`);
  }
  const res = await transitionFarmOrder({
    farmOrderId: params.farmOrderId ?? "",
    to: String(form.get("to") ?? ""),
    actor: "FARM",
    userId: user.id,
    reason: cleanLine(String(form.get("reason") ?? "").slice(0, 300)), // the buyer reads it
  });
  if (!res.ok) return data({ error: res.error }, { status: statusOf(res.error) });
  return redirect(`/seller/orders/${params.farmOrderId}`);
}

export default function FarmOrderPage() {
  const { order: o, canWeigh, owedVnd, awaitingVnd } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  // staff do not move money: no "transfer received", no cancelling a paid part (farms/roles.ts)
  const next = allowedTransitions(o, "FARM").filter((to) => o.can["order:money"] || !(to === "PAID" || (to === "CANCELLED" && o.paidVnd)));
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <Link to="/seller/orders" className="text-sm font-semibold text-leaf-700">← {t("orders.inbox")}</Link>
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{o.order.number}</h1>
        <StatusBadge status={o.status} />
      </div>
      {actionData ? <ErrorList errors={[actionData.error]} /> : null}
      <section className="space-y-2 rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-stone-200">
        <p><strong>{o.order.buyerName}</strong> · <a href={`tel:${o.order.buyerPhone}`} className="text-leaf-700">{formatVnPhone(o.order.buyerPhone)}</a></p>
        <p>{t(o.fulfilment === "DELIVERY" ? "checkout.delivery" : "checkout.pickup")}{o.address ? `: ${o.address}` : ""}</p>
        <p>{t(o.paymentMethod === "VIETQR" ? "checkout.vietqr" : "checkout.card")} · {t("orders.reference")}: <span className="font-mono font-semibold">{o.transferRef}</span></p>
        <OrderLines lines={o.lines} subtotalVnd={o.subtotalVnd} paidVnd={o.paidVnd} />
        {o.weighedAt ? <p className="text-stone-600">{t("orders.weighedAt", { time: formatDate(o.weighedAt, locale, { dateStyle: "short", timeStyle: "short" }) })}</p> : null}
      </section>
      <RefundNotice paymentMethod={o.paymentMethod} owedVnd={owedVnd} awaitingVnd={awaitingVnd} refundedVnd={o.refundedVnd} canConfirm={o.can["order:money"]} />
      {canWeigh ? (
        <Form method="post" className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 className="font-semibold">{t("orders.weighTitle")}</h2>
          <p className="text-sm text-stone-600">{t("orders.weighHint")}</p>
          {o.lines.filter((l) => l.product.soldByWeight).map((l) => (
            <label key={l.id} className="block text-sm font-medium">
              {l.productName} ({t(`units.${l.unit}`)}) · {t("orders.weighOrdered", { qty: formatQuantity(l.quantityMilli, locale) })}
              <input name={`w.${l.id}`} inputMode="decimal" required defaultValue={formatQuantityInput(l.quantityMilli, locale)} maxLength={12} className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-base" />
            </label>
          ))}
          <button type="submit" name="intent" value="weigh" className="w-full rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t("orders.weighSave")}</button>
        </Form>
      ) : null}
      <div className="grid gap-2">
        {next.filter((s) => s !== "CANCELLED").map((to) => (
          <Form key={to} method="post">
            <button type="submit" name="to" value={to} className="w-full rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t(`orders.action.${to}`)}</button>
          </Form>
        ))}
        {next.includes("CANCELLED") ? (
          <Form method="post" className="space-y-2 rounded-xl bg-white p-3 ring-1 ring-red-200">
            <label className="block text-sm font-medium">
              {t("orders.reason")}
              <input name="reason" required minLength={3} maxLength={300} className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-base" />
            </label>
            <button type="submit" name="to" value="CANCELLED" className="w-full rounded-lg border border-red-300 px-4 py-2 font-semibold text-red-800">{t("orders.action.CANCELLED")}</button>
          </Form>
        ) : null}
      </div>
      <section>
        <h2 className="mb-1 font-semibold">{t("orders.timeline")}</h2>
        <Timeline events={o.events} />
      </section>
    </div>
  );
}

function RefundNotice({ paymentMethod, owedVnd, awaitingVnd, refundedVnd, canConfirm }: { paymentMethod: string; owedVnd: number; awaitingVnd: number; refundedVnd: number; canConfirm: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (owedVnd === 0 && awaitingVnd === 0 && refundedVnd === 0) return null;
  const dueByFarm = paymentMethod === "VIETQR" && canConfirm ? owedVnd + awaitingVnd : 0;
  return (
    <section className={`space-y-2 rounded-xl p-4 text-sm ring-1 ${owedVnd + awaitingVnd > 0 ? "bg-amber-50 ring-amber-200" : "bg-leaf-50 ring-leaf-200"}`} aria-live="polite">
      {owedVnd + awaitingVnd > 0 ? <p className="font-semibold">{t("orders.refundOwed", { amount: formatVnd(owedVnd + awaitingVnd, locale) })}</p> : null}
      {paymentMethod === "CARD" && awaitingVnd > 0 ? <p>{t("orders.refundAwaiting", { amount: formatVnd(awaitingVnd, locale) })}</p> : null}
      {refundedVnd > 0 ? <p>{t("orders.refunded", { amount: formatVnd(refundedVnd, locale) })}</p> : null}
      {dueByFarm > 0 ? (
        <Form method="post" className="space-y-2">
          <p>{t("orders.refundOwedTransfer", { amount: formatVnd(dueByFarm, locale) })}</p>
          <button type="submit" name="intent" value="refunded" className="w-full rounded-lg bg-amber-700 px-4 py-3 font-semibold text-white">{t("orders.markRefunded", { amount: formatVnd(dueByFarm, locale) })}</button>
        </Form>
      ) : null}
    </section>
  );
}
