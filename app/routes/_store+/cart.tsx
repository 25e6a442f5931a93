import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/utils/flash.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { ResponsiveImage } from "~/components/products";
import { getUser } from "~/modules/auth/auth.server";
import { ensureCart, findCartId, loadCart, removeCartLine, setCartLine } from "~/modules/cart/cart.server";
import { CartLineSchema } from "~/modules/cart/schemas";
import { formatQuantity, formatQuantityInput, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { readForm, safeRedirect } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Giỏ hàng — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return { cart: await loadCart(await findCartId(request, user?.id ?? null)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  const submission = parseWithZod(await readForm(request), { schema: CartLineSchema });
  if (submission.status !== "success") return data({ error: "quantityInvalid", productId: null as string | null }, { status: 400 });
  const { intent, productId, quantity, redirectTo } = submission.value;
  const { cartId, setCookie } = await ensureCart(request, user?.id ?? null);
  const headers = setCookie ? { "Set-Cookie": setCookie } : undefined;
  if (intent === "remove") await removeCartLine({ cartId, productId });
  else {
    const res = await setCartLine({ cartId, productId, quantityMilli: quantity, replace: intent === "update" });
    if (!res.ok) return data({ error: res.error as string, productId: productId as string | null }, { status: 400, headers });
  }
  return intent === "add" ? redirectWithFlash(safeRedirect(redirectTo, "/cart"), { key: "addedToCart" }, { headers }) : redirect("/cart", { headers });
}

export default function Cart() {
  const { cart } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const lineIds = new Set(cart.groups.flatMap((g) => g.lines.map((l) => l.productId)));
  const topError = actionData && !(actionData.productId && lineIds.has(actionData.productId)) ? <ErrorList errors={[actionData.error]} /> : null;
  if (cart.count === 0) {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-bold">{t("cart.title")}</h1>
        {topError}
        <p>{t("cart.empty")}</p>
        <Link to="/" className="font-semibold text-leaf-700">{t("cart.continue")}</Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">{t("cart.title")}</h1>
      {topError}
      {cart.groups.map((g) => (
        <section key={g.farm.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" aria-label={t("cart.fromFarm", { farm: g.farm.name })}>
          <h2 className="font-bold">
            <Link to={`/farms/${g.farm.slug}`} className="text-stone-900">{g.farm.name}</Link>
          </h2>
          <ul className="mt-2 divide-y divide-stone-100">
            {g.lines.map((l) => {
              const unit = t(`units.${l.unit}`);
              return (
                <li key={l.productId} className="flex gap-3 py-3">
                  {l.image ? <ResponsiveImage image={l.image} alt="" sizes="64px" className="h-16 w-16 shrink-0 rounded-lg object-cover" /> : null}
                  <div className="min-w-0 flex-1 space-y-1">
                    <Link to={`/products/${l.slug}`} className="block font-medium text-stone-900">{l.name}</Link>
                    <p className="text-sm text-stone-600">
                      {formatVnd(l.priceVnd, locale)}/{unit} × {formatQuantity(l.quantityMilli, locale)} = <strong>{formatVnd(l.lineTotalVnd, locale)}</strong>
                    </p>
                    {!l.available ? <p className="text-sm font-medium text-red-700">{t("cart.unavailable")}</p> : null}
                    {actionData?.productId === l.productId ? <ErrorList errors={[actionData.error]} /> : null}
                    <div className="flex items-end gap-2">
                      <Form method="post" className="flex items-end gap-2">
                        <input type="hidden" name="productId" value={l.productId} />
                        <label className="text-xs text-stone-600">
                          {t("cart.quantity", { unit })}
                          <input name="quantity" defaultValue={formatQuantityInput(l.quantityMilli, locale)} inputMode="decimal" className="mt-0.5 block w-20 rounded-md border border-stone-300 px-2 py-1.5 text-base" />
                        </label>
                        <button type="submit" name="intent" value="update" className="rounded-md border border-stone-300 px-2 py-1.5 text-sm">{t("cart.update")}</button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="productId" value={l.productId} />
                        <button type="submit" name="intent" value="remove" className="rounded-md px-2 py-1.5 text-sm text-red-700">{t("cart.remove")}</button>
                      </Form>
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
          <p className="mt-2 text-right text-sm">{t("cart.subtotal")}: <strong>{formatVnd(g.subtotalVnd, locale)}</strong></p>
        </section>
      ))}
      <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <p className="flex justify-between text-lg"><span>{t("cart.total")}</span><strong>{formatVnd(cart.totalVnd, locale)}</strong></p>
        <Link to="/checkout" className="mt-3 block rounded-lg bg-leaf-700 px-4 py-3 text-center font-semibold text-white no-underline">{t("cart.checkout")}</Link>
      </div>
    </div>
  );
}
