// A printable one-page guide for a household (ADR 017), in Vietnamese and large type whatever the
// reader's language: a QR code to its farm page, how to log in, how to answer an order, who helps.
// For the farm's owner and the helper assisting it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { farmUrl, qrSvg } from "~/modules/farms/qr.server";
import { i18nFor } from "~/modules/i18n/i18next.server";
import { guideFacts } from "~/modules/onboarding/households.server";
import { env } from "~/utils/env.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.farm.name ?? ""} — Hướng dẫn Chợ Nông` }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farm = await guideFacts({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  const t = (await i18nFor("vi")).getFixedT("vi", "common");
  const host = new URL(env.PUBLIC_URL).host;
  const phone = farm.ownerPhone ? formatVnPhone(farm.ownerPhone) : "";
  const text = {
    title: t("guide.title", { farm: farm.name }),
    qr: t("guide.qr", { url: `${host}/farms/${farm.slug}` }),
    loginTitle: t("guide.loginTitle"),
    login: [t("guide.login1", { host }), t("guide.login2", { phone }), t("guide.login3"), t("guide.login4")],
    ordersTitle: t("guide.ordersTitle"),
    orders: [t("guide.orders1"), t("guide.orders2"), t("guide.orders3"), t("guide.orders4")],
    moneyTitle: t("guide.moneyTitle"),
    money: t("guide.money"),
    helperTitle: t("guide.helperTitle"),
    helper: farm.helperName ? t("guide.helper", { name: farm.helperName, phone: farm.helperPhone ? formatVnPhone(farm.helperPhone) : "" }) : t("guide.noHelper"),
    helperEnd: t("guide.helperEnd"),
    print: t("guide.print"),
    back: t("guide.back"),
  };
  return { farm: { name: farm.name }, qr: await qrSvg(farmUrl(farm.slug)), text, isHelper: user.role === "HELPER" };
}

export default function HouseholdGuide() {
  const { qr, text, isHelper } = useLoaderData<typeof loader>();
  return (
    <article lang="vi" className="mx-auto max-w-2xl space-y-5 bg-white p-4 text-xl leading-relaxed text-stone-900 print:max-w-none print:p-0 print:text-lg">
      <p className="flex flex-wrap gap-4 text-base print:hidden">
        <Link to={isHelper ? "/helper" : "/seller"} className="font-semibold text-leaf-700">← {text.back}</Link>
        <span className="text-stone-600">{text.print}</span>
      </p>
      <h1 className="text-3xl font-bold">{text.title}</h1>
      <div className="flex flex-wrap items-center gap-4">
        {/* the QR is an SVG this server drew from the farm's address (qr.server.ts) */}
        <div className="h-44 w-44 shrink-0" role="img" aria-label={text.qr} dangerouslySetInnerHTML={{ __html: qr }} />
        <p className="text-lg">{text.qr}</p>
      </div>
      <section>
        <h2 className="text-2xl font-bold">{text.loginTitle}</h2>
        <ol className="list-decimal space-y-1 pl-7">{text.login.map((l) => <li key={l}>{l}</li>)}</ol>
      </section>
      <section>
        <h2 className="text-2xl font-bold">{text.ordersTitle}</h2>
        <ol className="list-decimal space-y-1 pl-7">{text.orders.map((l) => <li key={l}>{l}</li>)}</ol>
      </section>
      <section>
        <h2 className="text-2xl font-bold">{text.moneyTitle}</h2>
        <p>{text.money}</p>
      </section>
      <section>
        <h2 className="text-2xl font-bold">{text.helperTitle}</h2>
        <p>{text.helper}</p>
        <p className="text-lg">{text.helperEnd}</p>
      </section>
    </article>
  );
}
