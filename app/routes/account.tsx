import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { hasPermission } from "~/modules/auth/permissions";
import { sellerIdentity } from "~/modules/identity/identity.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { logoutEverywhere, requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { getAccount } from "~/modules/auth/users.server";
import { configuredChannels } from "~/modules/notifications/registry.server";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { invariantResponse, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Tài khoản — Chợ Nông" }];


export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:account:own");
  const account = await getAccount({ userId: user.id });
  invariantResponse(account, "Not found", { status: 404 });
  return { account, channels: configuredChannels(), seller: hasPermission(user, "update:farm:own") ? (await sellerIdentity(user.id)).status : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const form = await readForm(request);
  invariantResponse(form.get("intent") === "logout-everywhere", "Unknown intent");
  return redirect("/login", { headers: { "Set-Cookie": await logoutEverywhere(user.id) } });
}

export default function Account() {
  const { account, channels, seller } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const row = "flex items-center justify-between gap-3 py-2";
  const link = "shrink-0 rounded-lg border border-stone-300 px-3 py-1.5 text-sm font-semibold text-leaf-800 no-underline";
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      <p className="text-lg">{t("auth.welcome", { name: account.name })}</p>
      <dl className="divide-y divide-stone-100 rounded-xl bg-white px-4 py-2 text-sm shadow-sm ring-1 ring-stone-200">
        <div className={row}>
          <div>
            <dt className="text-stone-500">{t("account.phone")}</dt>
            <dd>
              {account.phone ? formatVnPhone(account.phone) : t("account.noPhone")}{" "}
              {account.phone ? (
                <span className={account.phoneVerifiedAt ? "text-leaf-700" : "font-semibold text-amber-700"}>
                  · {t(account.phoneVerifiedAt ? "account.verified" : "account.unverified")}
                </span>
              ) : null}
            </dd>
          </div>
          <Link to="/account/phone" className={link}>{t(account.phone ? (account.phoneVerifiedAt ? "account.changePhone" : "account.verifyPhone") : "account.addPhone")}</Link>
        </div>
        {account.email ? (
          <div className={row}>
            <div>
              <dt className="text-stone-500">{t("account.email")}</dt>
              <dd>{account.email}</dd>
            </div>
          </div>
        ) : null}
        <div className={row}>
          <div>
            <dt className="text-stone-500">{t("account.password")}</dt>
            <dd>••••••••</dd>
          </div>
          <Link to="/account/password" className={link}>{t("account.changePassword")}</Link>
        </div>
        <div className={row}>
          <div>
            <dt className="text-stone-500">{t("privacy.yourData")}</dt>
            <dd>{t("privacy.yourDataHint")}</dd>
          </div>
          <a href="/account/data" download className={link}>{t("privacy.download")}</a>
        </div>
        {seller ? (
          <div className={row}>
            <div>
              <dt className="text-stone-500">{t("identity.title")}</dt>
              <dd>{t(`identity.status.${seller}`)}</dd>
            </div>
            <Link to="/account/identity" className={link}>{t(seller === "VERIFIED" ? "identity.see" : "identity.verifyLink")}</Link>
          </div>
        ) : null}
        <div className={row}>
          <div>
            <dt className="text-stone-500">{t("account.notifications")}</dt>
            <dd>{channels.map((c) => t(`prefs.channelLong.${c}`)).join(", ")}</dd>
          </div>
          <Link to="/account/notifications" className={link}>{t("account.choose")}</Link>
        </div>
        <div className={row}>
          <div>
            <dt className="text-stone-500">{t("account.role")}</dt>
            <dd>{t(`account.roles.${account.role}`, { defaultValue: account.role })}</dd>
          </div>
        </div>
        <div className={row}>
          <div>
            <dt className="text-stone-500">{t("account.memberSince")}</dt>
            <dd>{formatDate(account.createdAt, i18n.language as Locale)}</dd>
          </div>
        </div>
        <div className={row}>
          <div>
            <dt className="text-stone-500">{t("account.sessions")}</dt>
            <dd>{t("account.sessionsCount", { count: account._count.sessions })}</dd>
          </div>
        </div>
      </dl>
      <Form method="post" action="/logout">
        <button type="submit" className="w-full rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">
          {t("nav.logout")}
        </button>
      </Form>
      <Form method="post">
        <button type="submit" name="intent" value="logout-everywhere" className="w-full rounded-lg border border-stone-300 bg-white px-4 py-3 font-semibold text-stone-800">
          {t("account.logoutEverywhere")}
        </button>
      </Form>
    </div>
  );
}
