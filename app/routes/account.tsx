import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { logoutEverywhere, requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { getAccount } from "~/modules/auth/users.server";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Tài khoản — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:account:own");
  const account = await getAccount({ userId: user.id });
  invariantResponse(account, "Not found", { status: 404 });
  return { account };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const form = await request.formData();
  invariantResponse(form.get("intent") === "logout-everywhere", "Unknown intent");
  return redirect("/login", { headers: { "Set-Cookie": await logoutEverywhere(user.id) } });
}

export default function Account() {
  const { account } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      <p className="text-lg">{t("auth.welcome", { name: account.name })}</p>
      <dl className="space-y-2 rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-stone-200">
        <div>
          <dt className="text-stone-500">{t("account.role")}</dt>
          <dd>{t(`account.roles.${account.role}`, { defaultValue: account.role })}</dd>
        </div>
        <div>
          <dt className="text-stone-500">{t("account.contact")}</dt>
          <dd>{account.phone ? formatVnPhone(account.phone) : account.email}</dd>
        </div>
        <div>
          <dt className="text-stone-500">{t("account.memberSince")}</dt>
          <dd>{formatDate(account.createdAt, i18n.language as Locale)}</dd>
        </div>
        <div>
          <dt className="text-stone-500">{t("account.sessions")}</dt>
          <dd>{t("account.sessionsCount", { count: account._count.sessions })}</dd>
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
