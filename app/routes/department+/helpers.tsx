// The department's helpers (ADR 017): members of the communes' community digital technology teams
// and cooperatives' staff. An officer makes an account (by phone) a helper for some communes, sees
// them all with what they have done, and revokes one: it loses every farm it assisted at once.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { DEFAULT_PROVINCE, listCommunes } from "~/modules/farms/farms.server";
import { listHelpers, revokeHelper, saveHelper } from "~/modules/onboarding/helpers.server";
import { HelperSchema } from "~/modules/onboarding/schemas";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseWithZod } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Tổ công nghệ số — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:helpers");
  const [helpers, communes] = await Promise.all([listHelpers(), listCommunes({ provinceCode: DEFAULT_PROVINCE })]);
  return { helpers, communes };
}

export async function action({ request }: ActionFunctionArgs) {
  const officer = await requirePermission(request, "manage:helpers");
  const form = await readForm(request);
  if (form.get("intent") === "revoke") {
    const ok = await revokeHelper({ officerId: officer.id, userId: String(form.get("userId") ?? "").slice(0, 40) });
    if (!ok) return data({ result: null, error: "notFound" }, { status: 404 });
    return redirectWithFlash("/department/helpers", { key: "helperRevoked" });
  }
  const submission = parseWithZod(form, { schema: HelperSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), error: null }, { status: 400 });
  const saved = await saveHelper({ officerId: officer.id, phone: submission.value.phone, name: submission.value.name, communeCodes: submission.value.communes });
  if (!saved.ok) return data({ result: submission.reply({ formErrors: [saved.error] }), error: null }, { status: saved.error === "roleTaken" ? 409 : 400 });
  return redirectWithFlash("/department/helpers", { key: "helperSaved", values: { name: submission.value.name } });
}

export default function Helpers() {
  const { helpers, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "helper", lastResult: actionData?.result, constraint: getZodConstraint(HelperSchema), onValidate: ({ formData }) => parseWithZod(formData, { schema: HelperSchema }), shouldValidate: "onBlur" });
  const communeName = (code: string) => communes.find((c) => c.code === code)?.name ?? code;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p className="text-sm"><Link to="/department/onboarding" className="font-semibold text-leaf-700">← {t("onboardingDept.title")}</Link></p>
      <h1 className="text-2xl font-bold">{t("helpers.title")}</h1>
      <p className="text-sm text-stone-600">{t("helpers.intro")}</p>
      <section aria-labelledby="helper-list" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 id="helper-list" className="mb-2 font-bold">{t("helpers.listTitle", { count: helpers.length })}</h2>
        {actionData?.error ? <ErrorList errors={[actionData.error]} /> : null}
        {helpers.length === 0 ? <p className="text-sm text-stone-500">{t("helpers.none")}</p> : (
          <ul className="divide-y divide-stone-100">
            {helpers.map((h) => (
              <li key={h.id} className="flex flex-wrap items-start justify-between gap-2 py-3 text-sm">
                <div>
                  <p className="font-semibold">{h.name} · <span className="whitespace-nowrap font-normal">{h.phone ? formatVnPhone(h.phone) : "—"}</span></p>
                  <p className="text-stone-600">{h.communes.map(communeName).join(", ")}</p>
                  <p className="text-stone-600">{t("helpers.stats", { households: h.households, assisting: h.assisting })}{h.hasLoggedIn ? null : ` · ${t("helpers.notYetLoggedIn")}`}</p>
                </div>
                <Form method="post">
                  <input type="hidden" name="userId" value={h.id} />
                  <button type="submit" name="intent" value="revoke" className="rounded-md border border-red-300 px-2 py-1 text-xs font-semibold text-red-800">{t("helpers.revoke")}</button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="helper-new" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 id="helper-new" className="mb-1 font-bold">{t("helpers.newTitle")}</h2>
        <p className="mb-3 text-sm text-stone-600">{t("helpers.newIntro")}</p>
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <Field label={t("helpers.name")} errorId={fields.name.errorId} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} />
          <Field label={t("helpers.phone")} errorId={fields.phone.errorId} errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), inputMode: "tel", autoComplete: "off" }} />
          <fieldset>
            <legend className="text-sm font-medium text-stone-800">{t("helpers.communes")}</legend>
            <div className="mt-1 grid max-h-64 grid-cols-1 gap-1 overflow-y-auto rounded-lg border border-stone-200 p-2 sm:grid-cols-2">
              {communes.map((c) => (
                <label key={c.code} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="communes" value={c.code} /> {c.name}
                </label>
              ))}
            </div>
            <ErrorList id={fields.communes.errorId} errors={fields.communes.errors} />
          </fieldset>
          <ErrorList errors={form.errors} />
          <SubmitButton disabled={busy}>{t("helpers.save")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
