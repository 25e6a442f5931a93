import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/utils/flash.server";
import { statusOf } from "~/utils/errors";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { checkoutRateLimit } from "~/modules/auth/rate-limit.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { findCartId, loadCart } from "~/modules/cart/cart.server";
import { formatQuantity, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { holdLimits, newIdempotencyKey, priceToken } from "~/modules/orders/checkout.server";
import { placeOrderAndPay } from "~/flows/orders.server";
import { RESERVATION_MINUTES } from "~/modules/orders/lifecycle";
import { CheckoutSchema } from "~/modules/orders/schemas";
import { cardPaymentsAvailable } from "~/modules/payments/availability.server";
import { env } from "~/utils/env.server";
import { clientIp, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Đặt hàng — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "create:order");
  const cart = await loadCart(await findCartId(request, user.id));
  if (cart.count === 0) throw redirect("/cart");
  return {
    cart,
    buyer: { name: user.name, phone: user.phone ? formatVnPhone(user.phone) : "" },
    // one key per rendering of this form: a double tap or a resubmission creates one order
    idempotencyKey: newIdempotencyKey(),
    // what the buyer is shown; checkout refuses to charge other prices (pricesChanged)
    seenPrices: priceToken(cart.groups.flatMap((g) => g.lines.filter((l) => l.quantityMilli > 0))),
    cardAvailable: cardPaymentsAvailable(),
    holdLimits: holdLimits(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create:order");
  const submission = parseWithZod(await readForm(request), { schema: CheckoutSchema });
  if ((await checkoutRateLimit({ userId: user.id, ip: clientIp(context) })) > 0) {
    return data({ result: submission.reply({ formErrors: ["tooManyOrders"] }), detail: "" }, { status: 429 });
  }
  if (submission.status !== "success") return data({ result: submission.reply(), detail: "" }, { status: 400 });
  // the order, then straight on to the card payment page if any part is paid by card (app/flows/)
  const res = await placeOrderAndPay({ userId: user.id, cartId: await findCartId(request, user.id), input: submission.value, cardAvailable: cardPaymentsAvailable(), origin: env.PUBLIC_URL });
  if (!res.ok) return data({ result: submission.reply({ formErrors: [res.error] }), detail: res.detail ?? "" }, { status: statusOf(res.error) });
  return res.payUrl ? redirect(res.payUrl) : redirectWithFlash(`/orders/${res.orderId}`, { key: "orderPlaced", values: { number: res.number } });
}

export default function Checkout() {
  const { cart, buyer, idempotencyKey, seenPrices, cardAvailable, holdLimits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const errors = (actionData?.result?.error ?? {}) as Record<string, string[] | undefined>;
  const typed = (actionData?.result?.initialValue ?? {}) as Record<string, unknown>;
  const typedFarms = (typed.farms ?? []) as Array<Record<string, string>>;
  const input = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base";
  return (
    <Form method="post" className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">{t("checkout.title")}</h1>
      <ErrorList errors={[...(errors[""] ?? []), ...(errors.idempotencyKey ?? [])]} params={{ detail: actionData?.detail }} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="seenPrices" value={seenPrices} />
      <fieldset className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <legend className="px-1 font-bold">{t("checkout.buyer")}</legend>
        <label className="block text-sm font-medium">
          {t("checkout.name")}
          <input name="buyerName" defaultValue={(typed.buyerName as string) ?? buyer.name} autoComplete="name" className={input} />
        </label>
        <ErrorList errors={errors.buyerName} />
        <label className="block text-sm font-medium">
          {t("checkout.phone")}
          <input name="buyerPhone" type="tel" defaultValue={(typed.buyerPhone as string) ?? buyer.phone} autoComplete="tel" className={input} />
        </label>
        <ErrorList errors={errors.buyerPhone} />
      </fieldset>
      {cart.groups.map((g, i) => {
        const prev = typedFarms[i] ?? {};
        const fulfilment = prev.fulfilment ?? (g.farm.offersDelivery ? "DELIVERY" : "PICKUP");
        return (
          <fieldset key={g.farm.id} className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
            <legend className="px-1 font-bold">{t("checkout.farmPart", { farm: g.farm.name })}</legend>
            <input type="hidden" name={`farms[${i}].farmId`} value={g.farm.id} />
            <ul className="text-sm text-stone-700">
              {g.lines.map((l) => (
                <li key={l.productId} className="flex justify-between gap-2">
                  <span>{l.name} × {formatQuantity(l.quantityMilli, locale)} {t(`units.${l.unit}`)}</span>
                  <span>{formatVnd(l.lineTotalVnd, locale)}</span>
                </li>
              ))}
            </ul>
            <p className="text-right text-sm">{t("cart.subtotal")}: <strong>{formatVnd(g.subtotalVnd, locale)}</strong></p>
            <div role="radiogroup" aria-label={t("checkout.fulfilment")} className="space-y-1">
              <p className="text-sm font-medium">{t("checkout.fulfilment")}</p>
              {g.farm.offersDelivery ? (
                <label className="flex items-center gap-2 text-sm"><input type="radio" name={`farms[${i}].fulfilment`} value="DELIVERY" defaultChecked={fulfilment === "DELIVERY"} className="accent-leaf-700" />{t("checkout.delivery")}</label>
              ) : null}
              {g.farm.offersPickup ? (
                <label className="flex items-center gap-2 text-sm"><input type="radio" name={`farms[${i}].fulfilment`} value="PICKUP" defaultChecked={fulfilment === "PICKUP"} className="accent-leaf-700" />{t("checkout.pickup")}</label>
              ) : null}
              <ErrorList errors={errors[`farms[${i}].fulfilment`]} />
            </div>
            <label className="block text-sm font-medium">
              {t("checkout.address")}
              <textarea name={`farms[${i}].address`} rows={2} defaultValue={prev.address ?? ""} autoComplete="street-address" className={input} />
            </label>
            <ErrorList errors={errors[`farms[${i}].address`]} />
            <div role="radiogroup" aria-label={t("checkout.payment")} className="space-y-1">
              <p className="text-sm font-medium">{t("checkout.payment")}</p>
              <label className="flex items-center gap-2 text-sm"><input type="radio" name={`farms[${i}].paymentMethod`} value="VIETQR" defaultChecked={(prev.paymentMethod ?? "VIETQR") === "VIETQR"} className="accent-leaf-700" />{t("checkout.vietqr")}</label>
              <label className={`flex items-center gap-2 text-sm ${cardAvailable ? "" : "text-stone-400"}`}>
                <input type="radio" name={`farms[${i}].paymentMethod`} value="CARD" disabled={!cardAvailable} defaultChecked={prev.paymentMethod === "CARD"} className="accent-leaf-700" />
                {t("checkout.card")}
              </label>
              {!cardAvailable ? <p className="text-xs text-stone-500">{t("checkout.cardUnavailable")}</p> : null}
              <ErrorList errors={errors[`farms[${i}].paymentMethod`]} />
            </div>
          </fieldset>
        );
      })}
      <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <p className="flex justify-between text-lg"><span>{t("cart.total")}</span><strong>{formatVnd(cart.totalVnd, locale)}</strong></p>
        <p className="mt-1 text-xs text-stone-500">{t("checkout.reservation", { minutes: RESERVATION_MINUTES })} {t("checkout.holdLimits", { parts: holdLimits.maxUnpaidParts, max: holdLimits.maxMinutes })}</p>
        <button type="submit" disabled={navigation.state === "submitting"} className="mt-3 w-full rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t("checkout.place")}</button>
      </div>
    </Form>
  );
}
