// Step 3 of an assisted sign-up (ADR 017), optional: the household types its own first password on
// the helper's phone, with the single-use right step 2 left in this browser's cookie (15 minutes,
// only while the account has no password). Later, the household uses "Quên mật khẩu?" instead.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { passwordSetCookie, readPasswordSet, setFirstPassword } from "~/flows/assisted-signup.server";
import { requirePermission } from "~/modules/auth/auth.server";
import { guideFacts } from "~/modules/onboarding/households.server";
import { FirstPasswordSchema } from "~/modules/onboarding/schemas";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseWithZod } from "~/utils/forms";
import { invariantResponse, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Mật khẩu của hộ — Chợ Nông" }, { name: "robots", content: "noindex" }];

async function farmOf(request: Request, farmId: string) {
  const helper = await requirePermission(request, "assist:household");
  const farm = await guideFacts({ userId: helper.id, farmId });
  invariantResponse(farm && farm.helperName !== null, "Not found", { status: 404 });
  return farm;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const farmId = params.farmId ?? "";
  const farm = await farmOf(request, farmId);
  if (!(await readPasswordSet(request))) throw redirect(`/helper/households/${farmId}/guide`);
  return { farmId, farmName: farm.name, ownerName: farm.ownerName };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const farmId = params.farmId ?? "";
  await farmOf(request, farmId);
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: FirstPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const right = await readPasswordSet(request);
  const set = right ? await setFirstPassword({ ...right, password: submission.value.password }) : { ok: false as const };
  const clear = { "Set-Cookie": await passwordSetCookie.serialize("", { maxAge: 0 }) };
  if (!set.ok) return data({ result: submission.reply({ formErrors: ["passwordSetExpired"] }) }, { status: 400, headers: clear });
  return redirectWithFlash(`/helper/households/${farmId}/guide`, { key: "householdPasswordSet" }, { headers: clear });
}

export default function HouseholdPassword() {
  const { farmId, farmName, ownerName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "first-password", lastResult: actionData?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema: FirstPasswordSchema }), shouldValidate: "onSubmit" });
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{t("helper.doneTitle", { farm: farmName })}</h1>
      <p role="status" className="rounded-lg bg-leaf-100 p-3 text-sm text-leaf-800">{t("helper.doneText", { name: ownerName })}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 className="font-bold">{t("helper.passwordTitle")}</h2>
        <p className="text-sm text-stone-600">{t("helper.passwordIntro")}</p>
        <Field label={t("helper.password")} errorId={fields.password.errorId} errors={fields.password.errors} inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }} />
        <ErrorList errors={form.errors} />
        <SubmitButton disabled={busy}>{t("helper.passwordSave")}</SubmitButton>
      </Form>
      <p className="text-sm">
        <Link to={`/helper/households/${farmId}/guide`} className="font-semibold text-leaf-700">{t("helper.passwordLater")}</Link>
      </p>
    </div>
  );
}
