import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { listUsers } from "~/modules/auth/users.server";
import { listOutbox } from "~/modules/notifications/outbox.server";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";

export const meta: MetaFunction = () => [{ title: "Quản trị — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:admin");
  return { users: await listUsers({ take: 100 }), outbox: await listOutbox({ take: 50 }) };
}

export default function Admin() {
  const { users, outbox } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <section className="overflow-x-auto rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 className="mb-2 font-bold">{t("admin.users")}</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-stone-500">
              <th className="py-1 pr-2 font-medium">{t("admin.name")}</th>
              <th className="py-1 pr-2 font-medium">{t("admin.contact")}</th>
              <th className="py-1 pr-2 font-medium">{t("admin.role")}</th>
              <th className="py-1 font-medium">{t("admin.created")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-stone-100">
                <td className="py-1 pr-2">{u.name}</td>
                <td className="py-1 pr-2">{u.phone ? formatVnPhone(u.phone) : u.email}</td>
                <td className="py-1 pr-2">{t(`account.roles.${u.role}`, { defaultValue: u.role })}</td>
                <td className="py-1">{formatDate(u.createdAt, i18n.language as Locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="overflow-x-auto rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 className="mb-2 font-bold">{t("admin.outbox")}</h2>
        <ul className="divide-y divide-stone-100 text-sm">
          {outbox.map((m) => (
            <li key={m.id} className="py-1.5">
              <p className="font-medium">{m.subject}</p>
              <p className="text-xs text-stone-500">
                {m.recipient.startsWith("+84") ? formatVnPhone(m.recipient) : m.recipient} · {formatDate(m.createdAt, i18n.language as Locale)} ·{" "}
                {m.sentAt ? t("admin.sent") : m.lastError ? `${t("admin.failed")}: ${m.lastError}` : t("admin.pending")}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
