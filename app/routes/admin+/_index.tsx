import { parseWithZod } from "~/utils/forms";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/utils/flash.server";
import { statusOf } from "~/utils/errors";
import { cacheTotals, purgePageCache } from "~/utils/cache-stats.server";
import { purgeCatalogCache } from "~/utils/cache.server";
import { renderCache } from "~/utils/render-cache.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { ROLES } from "~/modules/auth/permissions";
import { formatVnPhone } from "~/modules/auth/phone";
import { RoleChangeSchema } from "~/modules/auth/schemas";
import { changeUserRole, listUsers, USER_SEARCH_MAX } from "~/modules/auth/users.server";
import { cleanLine } from "~/utils/text";
import { listDeadLetters, listRecentNotifications, retryNotification } from "~/modules/notifications/deliver.server";
import { configuredChannels } from "~/modules/notifications/registry.server";
import { formatDate, formatVnd } from "~/modules/i18n/format";
import { listPendingRefunds, requestCardRefund } from "~/modules/payments/refunds.server";
import type { Locale } from "~/modules/i18n/i18n";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Quản trị — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requirePermission(request, "read:admin");
  // the user search (GET ?q=): name with or without diacritics, phone or e-mail
  const q = cleanLine(new URL(request.url).searchParams.get("q") ?? "").slice(0, USER_SEARCH_MAX);
  const { users, total } = await listUsers({ q, take: 100 });
  return {
    meId: me.id,
    q,
    users,
    totalUsers: total,
    notifications: await listRecentNotifications({ take: 30 }),
    deadLetters: await listDeadLetters({ take: 30 }),
    channels: configuredChannels(),
    refunds: await listPendingRefunds({ take: 50 }),
    caches: cacheTotals(),
  };
}

// Forms: retry a card refund the provider has not taken yet (the background job also retries),
// retry a notification, empty the caches, or change a role — which ends every session of that
// person (ADR 011). Only admins' bodies are read at all.
export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "read:admin");
  const form = await readForm(request);
  if (form.get("intent") === "purgeCaches") {
    await requirePermission(request, "purge:cache:any");
    purgeCatalogCache();
    renderCache.purge();
    purgePageCache();
    return data({ purged: true });
  }
  if (form.get("intent") === "retryNotification") {
    await requirePermission(request, "retry:notification:any");
    const notificationId = String(form.get("notificationId") ?? "").slice(0, 40);
    const ok = notificationId ? await retryNotification({ notificationId }) : false;
    return data({ retried: ok, notificationId }, { status: ok ? 200 : 409 });
  }
  if (form.get("intent") === "retryRefund") {
    await requirePermission(request, "refund:order:any");
    const farmOrderId = String(form.get("farmOrderId") ?? "").slice(0, 40);
    if (!farmOrderId) return data({ error: "notYours" as string, farmOrderId }, { status: 400 });
    const res = await requestCardRefund({ farmOrderId });
    if (!res.ok) return data({ error: res.error as string, farmOrderId }, { status: statusOf(res.error) });
    return data({ refundedVnd: res.amountVnd, farmOrderId });
  }
  const admin = await requirePermission(request, "update:user:any");
  const submission = parseWithZod(form, { schema: RoleChangeSchema });
  if (submission.status !== "success") return data({ error: "roleInvalid" as string }, { status: 400 });
  const res = await changeUserRole({ actorId: admin.id, ...submission.value });
  if (!res.ok) return data({ error: res.error as string }, { status: res.error === "notFound" ? 404 : 400 });
  // back to the list the admin was looking at (their search kept), at the top where the flash says
  // whose role changed
  const q = cleanLine(String(form.get("q") ?? "")).slice(0, USER_SEARCH_MAX);
  return redirectWithFlash(q ? `/admin?${new URLSearchParams({ q })}` : "/admin", { key: res.changed ? "roleChanged" : "roleUnchanged", values: { name: res.name } });
}

export default function Admin() {
  const { meId, q, users, totalUsers, notifications, deadLetters, channels, refunds, caches } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <Link to="/admin/moderation" className="inline-block rounded-lg bg-white px-3 py-2 text-sm font-semibold text-leaf-800 ring-1 ring-stone-200">{t("moderation.link")}</Link>
      <section className="overflow-x-auto rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" aria-labelledby="caches">
        <h2 id="caches" className="mb-2 font-bold">{t("admin.caches")}</h2>
        <p className="mb-2 text-xs text-stone-600">{t("admin.cachesHint")}</p>
        <table className="w-full text-left text-sm">
          <thead>
            <tr><th>{t("admin.cache")}</th><th className="text-right">{t("admin.hits")}</th><th className="text-right">{t("admin.misses")}</th><th className="text-right">{t("admin.hitRate")}</th><th className="text-right">{t("admin.avgLoad")}</th></tr>
          </thead>
          <tbody>
            {caches.map((c) => (
              <tr key={c.name} className="border-t border-stone-100">
                <td>{t(`admin.cacheNames.${c.name}`)}</td>
                <td className="text-right tabular-nums">{c.hits}</td>
                <td className="text-right tabular-nums">{c.misses}</td>
                <td className="text-right tabular-nums">{c.hitRate === null ? "—" : `${Math.round(c.hitRate * 100)}%`}</td>
                <td className="text-right tabular-nums">{c.avgMissMs === null ? "—" : `${c.avgMissMs.toFixed(1)} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {actionData && "purged" in actionData ? <p role="status" className="mt-2 text-sm text-leaf-800">{t("admin.purged")}</p> : null}
        <Form method="post" className="mt-2">
          <button type="submit" name="intent" value="purgeCaches" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium">{t("admin.purge")}</button>
        </Form>
      </section>
      <section className="overflow-x-auto rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" aria-labelledby="refunds">
        <h2 id="refunds" className="mb-2 font-bold">{t("admin.refunds")}</h2>
        {actionData && "farmOrderId" in actionData && "error" in actionData ? <ErrorList errors={[String(actionData.error)]} /> : null}
        {actionData && "refundedVnd" in actionData ? <p role="status" className="mb-2 text-sm text-leaf-800">{t("admin.refundAsked", { amount: formatVnd(actionData.refundedVnd, locale) })}</p> : null}
        {refunds.length === 0 ? <p className="text-sm text-stone-500">{t("admin.noRefunds")}</p> : (
          <ul className="divide-y divide-stone-100 text-sm">
            {refunds.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div>
                  <p className="font-medium">{r.order.number} · {r.farm.name} · {t(r.paymentMethod === "CARD" ? "checkout.card" : "checkout.vietqr")}</p>
                  <p className="text-xs text-stone-500">
                    {t("orders.paid")} {formatVnd(r.paidVnd ?? 0, locale)}
                    {r.owedVnd > 0 ? ` · ${t("admin.owed", { amount: formatVnd(r.owedVnd, locale) })}` : ""}
                    {r.awaitingVnd > 0 ? ` · ${t("admin.awaiting", { amount: formatVnd(r.awaitingVnd, locale) })}` : ""}
                    {" · "}{formatDate(r.updatedAt, locale, { dateStyle: "short", timeStyle: "short" })}
                  </p>
                </div>
                {r.paymentMethod === "CARD" && r.owedVnd > 0 ? (
                  <Form method="post">
                    <input type="hidden" name="farmOrderId" value={r.id} />
                    <button type="submit" name="intent" value="retryRefund" disabled={busy} className="rounded-lg bg-leaf-700 px-3 py-2 font-semibold text-white">{t("admin.retryRefund", { amount: formatVnd(r.owedVnd, locale) })}</button>
                  </Form>
                ) : r.paymentMethod === "VIETQR" ? <span className="text-xs text-stone-600">{t("admin.farmRefunds")}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="overflow-x-auto rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 id="users" className="mb-2 font-bold">{t("admin.users")}</h2>
        <Form method="get" action="/admin#users" role="search" aria-labelledby="user-search-label" className="mb-3 flex flex-wrap items-end gap-2">
          <label className="grow text-sm">
            <span id="user-search-label" className="block font-medium">{t("admin.userSearch")}</span>
            <span className="block text-xs text-stone-500">{t("admin.userSearchHint")}</span>
            <input type="search" name="q" defaultValue={q} maxLength={100} autoComplete="off" className="mt-1 w-full rounded-md border border-stone-300 px-2 py-2" />
          </label>
          <button type="submit" className="rounded-md bg-leaf-700 px-3 py-2 text-sm font-semibold text-white">{t("admin.userSearchButton")}</button>
          {q ? <Link to="/admin#users" className="py-2 text-sm underline">{t("admin.userSearchClear")}</Link> : null}
        </Form>
        <p role="status" className="mb-2 text-sm text-stone-600">
          {q ? (totalUsers ? t("admin.userMatches", { count: totalUsers, q }) : t("admin.userNone", { q })) : totalUsers > users.length ? t("admin.userShown", { shown: users.length, count: totalUsers }) : null}
        </p>
        {actionData && !("farmOrderId" in actionData) && "error" in actionData ? <ErrorList errors={[String(actionData.error)]} /> : null}
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-stone-500">
              <th className="py-1 pr-2 font-medium">{t("admin.name")}</th>
              <th className="py-1 pr-2 font-medium">{t("admin.contact")}</th>
              <th className="py-1 pr-2 font-medium">{t("admin.role")}</th>
              <th className="hidden py-1 font-medium sm:table-cell">{t("admin.created")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-stone-100">
                <td className="py-1 pr-2">{u.name}</td>
                <td className={`py-1 pr-2 ${u.phone ? "whitespace-nowrap" : "break-all sm:break-normal"}`}>{u.phone ? formatVnPhone(u.phone) : u.email}</td>
                <td className="py-1 pr-2">
                  {u.id === meId ? (
                    <>{t(`account.roles.${u.role}`, { defaultValue: u.role })} {t("admin.you")}</>
                  ) : (
                    <Form method="post" className="flex flex-wrap items-center gap-1">
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="q" value={q} />
                      <select name="role" defaultValue={u.role} aria-label={t("admin.roleOf", { name: u.name })} className="max-w-32 rounded-md border border-stone-300 bg-white px-1 py-1 text-sm sm:max-w-none">
                        {ROLES.map((r) => <option key={r} value={r}>{t(`account.roles.${r}`)}</option>)}
                      </select>
                      <button type="submit" className="rounded-md border border-stone-300 px-2 py-1 text-xs font-semibold">{t("admin.changeRole")}</button>
                    </Form>
                  )}
                </td>
                <td className="hidden py-1 sm:table-cell">{formatDate(u.createdAt, i18n.language as Locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="overflow-x-auto rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" aria-labelledby="dead-letters">
        <h2 id="dead-letters" className="mb-1 font-bold">{t("admin.deadLetters")}</h2>
        <p className="mb-2 text-xs text-stone-500">{t("admin.channels", { channels: channels.map((c) => t(`prefs.channel.${c}`)).join(", ") || "—" })}</p>
        {actionData && "retried" in actionData ? (
          <p role="status" className="mb-2 text-sm text-leaf-800">{t(actionData.retried ? "admin.retried" : "admin.notRetried")}</p>
        ) : null}
        {deadLetters.length === 0 ? <p className="text-sm text-stone-500">{t("admin.noDeadLetters")}</p> : (
          <ul className="divide-y divide-stone-100 text-sm">
            {deadLetters.map((n) => (
              <li key={n.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div>
                  <p className="font-medium">{t(`admin.kinds.${n.kind}`, { defaultValue: n.kind })} → {n.phone ? formatVnPhone(n.phone) : n.email ?? "—"}</p>
                  <p className="text-xs text-stone-500">
                    {n.deliveries.map((d) => `${t(`prefs.channel.${d.channel}`)} ×${d.attempts}: ${d.lastError ?? ""}`).join(" · ")}
                    {" · "}{formatDate(n.createdAt, locale, { dateStyle: "short", timeStyle: "short" })}
                  </p>
                </div>
                {n.kind !== "CODE" ? (
                  <Form method="post">
                    <input type="hidden" name="notificationId" value={n.id} />
                    <button type="submit" name="intent" value="retryNotification" disabled={busy} className="rounded-lg bg-leaf-700 px-3 py-2 font-semibold text-white">{t("admin.retrySend")}</button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="overflow-x-auto rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 className="mb-2 font-bold">{t("admin.outbox")}</h2>
        <ul className="divide-y divide-stone-100 text-sm">
          {notifications.map((n) => (
            <li key={n.id} className="py-1.5">
              <p className="font-medium">{t(`admin.kinds.${n.kind}`, { defaultValue: n.kind })} → {n.phone ? formatVnPhone(n.phone) : n.email ?? "—"}</p>
              <p className="text-xs text-stone-500">
                {formatDate(n.createdAt, locale, { dateStyle: "short", timeStyle: "short" })} · {t(`admin.status.${n.status}`, { defaultValue: n.status })}
                {n.deliveries.map((d) => ` · ${t(`prefs.channel.${d.channel}`)}: ${t(`admin.deliveryStatus.${d.status}`, { defaultValue: d.status })}${d.deliveredAt ? ` ✓` : ""}${d.status !== "SENT" && d.lastError ? ` (${d.lastError})` : ""}`).join("")}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
