// "Báo cáo": a signed-in person reports a product or a farm to the admins (moderation, ADR 015).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/utils/flash.server";
import { statusOf } from "~/utils/errors";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, SubmitButton } from "~/components/forms";
import { requireUser } from "~/modules/auth/auth.server";
import { fileReport, reportTarget, type ReportTarget } from "~/modules/moderation/moderation.server";
import { REPORT_REASONS, type ReportReason } from "~/modules/moderation/reasons";
import { invariantResponse, readForm } from "~/utils/http.server";
import { cleanLine } from "~/utils/text";

export const meta: MetaFunction = () => [{ title: "Báo cáo — Chợ Nông" }];

function targetOf(url: URL): ReportTarget | null {
  const product = url.searchParams.get("product");
  const farm = url.searchParams.get("farm");
  const ok = (s: string | null) => !!s && /^[a-z0-9-]{1,120}$/.test(s);
  if (ok(product)) return { kind: "product", slug: product! };
  if (ok(farm)) return { kind: "farm", slug: farm! };
  return null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const url = new URL(request.url);
  const target = targetOf(url);
  invariantResponse(target, "Not found", { status: 404 });
  const found = await reportTarget(target);
  invariantResponse(found, "Not found", { status: 404 });
  return { title: found.title, target };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const target = targetOf(url);
  invariantResponse(target, "Not found", { status: 404 });
  const form = await readForm(request);
  const reason = String(form.get("reason") ?? "");
  if (!(REPORT_REASONS as readonly string[]).includes(reason)) return data({ error: "reportReasonRequired" }, { status: 400 });
  const note = cleanLine(String(form.get("note") ?? "").slice(0, 500));
  const res = await fileReport({ reporterId: user.id, target, reason: reason as ReportReason, note });
  if (!res.ok) return data({ error: res.error }, { status: statusOf(res.error) });
  // back to what was reported, with a thank-you
  return redirectWithFlash(target.kind === "product" ? `/products/${target.slug}` : `/farms/${target.slug}`, { key: "reportSent" });
}

export default function Report() {
  const { title } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">{t("moderation.reportTitle")}</h1>
      <p className="text-stone-700">{title}</p>
      {(
        <Form method="post" className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <fieldset className="space-y-2">
            <legend className="font-medium">{t("moderation.reasonLegend")}</legend>
            {REPORT_REASONS.map((r) => (
              <label key={r} className="flex items-center gap-2 text-sm">
                <input type="radio" name="reason" value={r} required className="accent-leaf-700" />
                {t(`moderation.reasons.${r}`)}
              </label>
            ))}
          </fieldset>
          <label className="block text-sm font-medium">
            {t("moderation.note")}
            <textarea name="note" maxLength={500} rows={3} className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-base" />
          </label>
          <ErrorList errors={actionData ? [actionData.error] : undefined} />
          <SubmitButton>{t("moderation.send")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
