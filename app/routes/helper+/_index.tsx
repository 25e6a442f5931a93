// A helper's page (ADR 017): sign a household up on this phone, the farms it assists now (with the
// printable guide), and the households of its communes invited long ago and never confirmed.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NoCodesNotice } from "~/components/code-entry";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { codeChannels } from "~/flows/account.server";
import { startAssistedSignup } from "~/flows/assisted-signup.server";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { helperOverview } from "~/modules/onboarding/households.server";
import { AssistStartSchema } from "~/modules/onboarding/schemas";
import { parseWithZod } from "~/utils/forms";
import { clientIp, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Hỗ trợ hộ dân — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const helper = await requirePermission(request, "assist:household");
  const [overview, channels] = await Promise.all([helperOverview({ helperId: helper.id }), codeChannels()]);
  return { ...overview, channels };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const helper = await requirePermission(request, "assist:household");
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: AssistStartSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), retrySeconds: 0 }, { status: 400 });
  const started = await startAssistedSignup({ helperId: helper.id, ...submission.value }, { ip: clientIp(context) });
  if (!started.ok) {
    const retrySeconds = "retryAfterMs" in started ? Math.ceil(started.retryAfterMs / 1000) : 0;
    const field: Record<string, string[]> = started.error === "communeNotYours" ? { communeCode: [started.error] } : { phone: [started.error] };
    return data({ result: submission.reply({ fieldErrors: field }), retrySeconds }, { status: started.error === "communeNotYours" ? 403 : started.error === "codeUnavailable" ? 503 : 429 });
  }
  return redirect(`/helper/verify?id=${started.codeId}`);
}

export default function HelperHome() {
  const { communes, assisting, stuck, channels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "assist",
    lastResult: actionData?.result,
    constraint: getZodConstraint(AssistStartSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AssistStartSchema }),
    shouldValidate: "onBlur",
    defaultValue: { communeCode: communes.length === 1 ? communes[0].code : "" },
  });
  const communeName = (code: string) => communes.find((c) => c.code === code)?.name ?? code;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("helper.title")}</h1>
        <p className="mt-1 text-sm text-stone-600">
          {communes.length ? t("helper.communes", { communes: communes.map((c) => c.name).join(", ") }) : t("helper.noCommunes")}
        </p>
      </div>

      {communes.length ? (
        <section aria-labelledby="new-household" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 id="new-household" className="text-lg font-bold">{t("helper.newTitle")}</h2>
          <p className="mb-3 text-sm text-stone-600">{t("helper.newIntro")}</p>
          {!channels.phone ? <NoCodesNotice channels={channels} /> : null}
          <Form method="post" {...getFormProps(form)} className="space-y-3">
            <Field label={t("helper.name")} errorId={fields.name.errorId} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} />
            <Field label={t("helper.phone")} hint={t("helper.phoneHint")} errorId={fields.phone.errorId} errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), inputMode: "tel", autoComplete: "off" }} />
            <div>
              <label htmlFor={fields.communeCode.id} className="block text-sm font-medium text-stone-800">{t("helper.commune")}</label>
              <select {...getSelectProps(fields.communeCode)} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base">
                {communes.length > 1 ? <option value="">{t("helper.chooseCommune")}</option> : null}
                {communes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
              </select>
              <ErrorList id={fields.communeCode.errorId} errors={fields.communeCode.errors} />
            </div>
            <Field label={t("helper.farmName")} hint={t("helper.farmNameHint")} errorId={fields.farmName.errorId} errors={fields.farmName.errors} inputProps={{ ...getInputProps(fields.farmName, { type: "text" }), autoComplete: "off" }} />
            <ErrorList errors={form.errors} />
            {actionData?.retrySeconds ? <p className="text-sm text-red-700" role="alert">{t("errors.codeTooSoon", { seconds: actionData.retrySeconds })}</p> : null}
            <SubmitButton disabled={busy}>{t("helper.sendCode")}</SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="assisting" className="space-y-2">
        <h2 id="assisting" className="text-lg font-bold">{t("helper.assisting")}</h2>
        {assisting.length === 0 ? <p className="text-sm text-stone-500">{t("helper.assistingNone")}</p> : (
          <ul className="divide-y divide-stone-100 rounded-xl bg-white px-4 ring-1 ring-stone-200">
            {assisting.map((f) => (
              <li key={f.farmId} className="space-y-1 py-3 text-sm">
                <p className="font-semibold">{f.name}</p>
                <p className="text-stone-600">
                  {f.owner} · <a href={`tel:${f.phone}`} className="whitespace-nowrap">{formatVnPhone(f.phone)}</a> · {communeName(f.communeCode)} · {t("helper.products", { count: f.products })}
                  {f.hasPassword ? null : <> · <span className="font-medium text-amber-800">{t("helper.noPassword")}</span></>}
                </p>
                <p className="flex flex-wrap gap-x-4 gap-y-1">
                  <Link to={`/seller/farms/${f.farmId}`} className="font-semibold text-leaf-700">{t("helper.openShop")}</Link>
                  <Link to={`/seller/products/new?farm=${f.farmId}`} className="font-semibold text-leaf-700">{t("helper.addProduct")}</Link>
                  <Link to={`/helper/households/${f.farmId}/guide`} className="font-semibold text-leaf-700">{t("helper.guide")}</Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="stuck" className="space-y-2">
        <h2 id="stuck" className="text-lg font-bold">{t("helper.stuckTitle")}</h2>
        <p className="text-sm text-stone-600">{t("helper.stuckIntro")}</p>
        {stuck.length === 0 ? <p className="text-sm text-stone-500">{t("helper.stuckNone")}</p> : (
          <ul className="divide-y divide-stone-100 rounded-xl bg-white px-4 ring-1 ring-stone-200">
            {stuck.map((h) => (
              <li key={h.id} className="py-3 text-sm">
                <p className="font-semibold">{h.name}</p>
                <p className="text-stone-600">
                  <a href={`tel:${h.phone}`} className="whitespace-nowrap">{formatVnPhone(h.phone)}</a> · {communeName(h.communeCode)} · {t("helper.invitedOn", { date: h.invitedAt ? formatDate(h.invitedAt, i18n.language as Locale) : "—" })}
                  {h.products ? <> · {h.products}</> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <p>
        <Link to="/onboarding/import" className="font-semibold text-leaf-700">{t("helper.importLink")} →</Link>
      </p>
    </div>
  );
}
