// The development card simulator's "hosted page" (payments/providers/simulated.server.ts).
// 404 unless NODE_ENV is development and no Stripe key is set.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/modules/auth/auth.server";
import { formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { completeSimulatedCheckout, getSimulatedCheckout } from "~/modules/payments/simulated-card.server";
import { invariantResponse, readForm } from "~/utils/http.server";

export { ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "Simulated card — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const checkout = await getSimulatedCheckout({ ref: params.ref ?? "", userId: user.id });
  invariantResponse(checkout, "Not found", { status: 404 });
  return { checkout };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const outcome = (await readForm(request)).get("outcome") === "decline" ? "decline" : "pay";
  const checkout = await completeSimulatedCheckout({ ref: params.ref ?? "", userId: user.id, outcome });
  invariantResponse(checkout, "Not found", { status: 404 });
  return redirect(`/orders/${checkout.orderId}${outcome === "pay" ? "?card=return" : ""}`);
}

export default function SimulatedCard() {
  const { checkout } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t("devCard.title")}</h1>
      <p className="rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200">{t("devCard.hint")}</p>
      <ul className="divide-y divide-stone-100 rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-stone-200">
        {checkout.parts.map((p) => (
          <li key={p.id} className="flex justify-between gap-2 py-1"><span>{checkout.number} · {p.farm.name}</span><span>{formatVnd(p.subtotalVnd, locale)}</span></li>
        ))}
      </ul>
      <Form method="post" className="grid gap-2">
        <button type="submit" name="outcome" value="pay" className="rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t("devCard.pay", { amount: formatVnd(checkout.totalVnd, locale) })}</button>
        <button type="submit" name="outcome" value="decline" className="rounded-lg border border-stone-300 px-4 py-3 font-semibold">{t("devCard.decline")}</button>
      </Form>
    </div>
  );
}
