// The admins' moderation queue (ADR 015): open reports, with hide / suspend (a reason the farm
// sees) / dismiss; what is hidden or suspended, with "lift". Every step is recorded.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/utils/flash.server";
import { statusOf } from "~/utils/errors";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { dismissReport, hideProduct, listModerated, listOpenReports, restoreFarm, restoreProduct, suspendFarm } from "~/modules/moderation/moderation.server";
import { cleanLine } from "~/utils/text";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Kiểm duyệt — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "update:farm:any");
  const [reports, moderated] = await Promise.all([listOpenReports(), listModerated()]);
  return { reports, ...moderated };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "update:farm:any");
  const form = await readForm(request);
  const id = String(form.get("id") ?? "").slice(0, 40);
  const reason = cleanLine(String(form.get("reason") ?? "").slice(0, 300));
  const op = String(form.get("op") ?? "");
  let res: { ok: boolean; error?: string };
  if (op === "hide") res = await hideProduct({ adminId: admin.id, productId: id, reason });
  else if (op === "suspend") res = await suspendFarm({ adminId: admin.id, farmId: id, reason });
  else if (op === "restore-product") res = await restoreProduct({ adminId: admin.id, productId: id });
  else if (op === "restore-farm") res = await restoreFarm({ adminId: admin.id, farmId: id });
  else if (op === "dismiss") res = (await dismissReport({ adminId: admin.id, reportId: id })) ? { ok: true } : { ok: false, error: "notFound" };
  else res = { ok: false, error: "notFound" };
  if (!res.ok) return data({ error: res.error ?? "notFound", id }, { status: statusOf(res.error ?? "notFound") });
  return redirectWithFlash("/admin/moderation", { key: "moderationDone" });
}

export default function Moderation() {
  const { reports, products, farms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const button = "rounded-md border border-stone-300 bg-white px-2 py-1 text-xs font-medium";
  const reasonInput = (id: string) => (
    <input name="reason" required minLength={5} maxLength={300} placeholder={t("moderation.reasonPlaceholder")} aria-label={t("moderation.reasonPlaceholder")} className="min-w-0 flex-1 rounded-md border border-stone-300 px-2 py-1 text-sm" key={id} />
  );
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Link to="/admin" className="text-sm font-semibold text-leaf-700">← {t("admin.title")}</Link>
      <h1 className="text-2xl font-bold">{t("moderation.title")}</h1>
      {actionData ? <ErrorList errors={[actionData.error]} /> : null}
      <section>
        <h2 className="mb-2 font-bold">{t("moderation.open", { count: reports.length })}</h2>
        {reports.length === 0 ? <p className="text-sm text-stone-600">{t("moderation.none")}</p> : null}
        <ul className="space-y-3">
          {reports.map((r) => (
            <li key={r.id} className="space-y-2 rounded-xl bg-white p-3 text-sm ring-1 ring-stone-200">
              <p>
                <strong>{r.product ? r.product.name : r.farm.name}</strong>
                {r.product ? ` — ${r.farm.name}` : ""} · {t(`moderation.reasons.${r.reason}`)} · {formatDate(r.createdAt, locale, { dateStyle: "short", timeStyle: "short" })}
              </p>
              {r.note ? <p className="text-stone-700">“{r.note}”</p> : null}
              <div className="flex flex-wrap gap-2">
                {r.product && r.product.status !== "HIDDEN" ? (
                  <Form method="post" className="flex w-full gap-1">
                    <input type="hidden" name="id" value={r.product.id} />
                    {reasonInput(`h-${r.id}`)}
                    <button type="submit" name="op" value="hide" className={button}>{t("moderation.hide")}</button>
                  </Form>
                ) : null}
                {r.farm.status === "ACTIVE" ? (
                  <Form method="post" className="flex w-full gap-1">
                    <input type="hidden" name="id" value={r.farm.id} />
                    {reasonInput(`s-${r.id}`)}
                    <button type="submit" name="op" value="suspend" className={button}>{t("moderation.suspend")}</button>
                  </Form>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit" name="op" value="dismiss" className={button}>{t("moderation.dismiss")}</button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="mb-2 font-bold">{t("moderation.moderated")}</h2>
        <ul className="divide-y divide-stone-100 rounded-xl bg-white px-3 text-sm ring-1 ring-stone-200">
          {products.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-2 py-2">
              <span>{p.name} — {p.farm.name} · <em>{p.moderationNote}</em></span>
              <Form method="post"><input type="hidden" name="id" value={p.id} /><button type="submit" name="op" value="restore-product" className={button}>{t("moderation.lift")}</button></Form>
            </li>
          ))}
          {farms.map((f) => (
            <li key={f.id} className="flex items-center justify-between gap-2 py-2">
              <span>{f.name} · <em>{f.moderationNote}</em></span>
              <Form method="post"><input type="hidden" name="id" value={f.id} /><button type="submit" name="op" value="restore-farm" className={button}>{t("moderation.lift")}</button></Form>
            </li>
          ))}
          {products.length + farms.length === 0 ? <li className="py-2 text-stone-600">{t("moderation.none")}</li> : null}
        </ul>
      </section>
    </div>
  );
}
