// Step 2 of an assisted sign-up (ADR 017), on the helper's phone: the household types the code it
// received (its consent). Then, optionally, its own first password (households.$farmId.password.tsx).
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { codeInputProps } from "~/components/code-entry";
import { ErrorList, SubmitButton } from "~/components/forms";
import { completeAssistedSignup, describeAssist, passwordSetCookie, startAssistedSignup } from "~/flows/assisted-signup.server";
import { requirePermission } from "~/modules/auth/auth.server";
import { maskAddress } from "~/modules/auth/codes.server";
import { AssistVerifySchema } from "~/modules/onboarding/schemas";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseWithZod } from "~/utils/forms";
import { clientIp, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Xác nhận của hộ — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const helper = await requirePermission(request, "assist:household");
  const id = new URL(request.url).searchParams.get("id") ?? "";
  const assist = /^[a-z2-7]{26}$/.test(id) ? await describeAssist({ helperId: helper.id, codeId: id }) : null;
  if (!assist || assist.used) throw redirect("/helper");
  return { id, name: assist.name, farmName: assist.farmName, maskedPhone: maskAddress(assist.phone) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const helper = await requirePermission(request, "assist:household");
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: AssistVerifySchema });
  if (form.get("intent") === "resend") {
    // a new code for the same household, as the helper first asked
    const id = String(form.get("id") ?? "");
    const assist = /^[a-z2-7]{26}$/.test(id) ? await describeAssist({ helperId: helper.id, codeId: id }) : null;
    if (!assist || assist.used) return redirect("/helper");
    const again = await startAssistedSignup({ helperId: helper.id, name: assist.name, phone: assist.phone, communeCode: assist.communeCode, farmName: assist.farmName }, { ip: clientIp(context) });
    if (!again.ok) return data({ result: submission.reply({ formErrors: [again.error] }) }, { status: 429 });
    return redirect(`/helper/verify?id=${again.codeId}`);
  }
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await completeAssistedSignup({ helperId: helper.id, codeId: submission.value.id, code: submission.value.code });
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: { code: [outcome.error] } }) }, { status: outcome.error === "communeNotYours" ? 403 : 400 });
  if (!outcome.passwordSet) return redirectWithFlash(`/helper/households/${outcome.farmId}/guide`, { key: "saved" });
  // the right to set the first password rides in a cookie of this phone's browser, not in a URL
  return redirect(`/helper/households/${outcome.farmId}/password`, { headers: { "Set-Cookie": await passwordSetCookie.serialize(outcome.passwordSet) } });
}

export default function AssistVerify() {
  const { id, name, farmName, maskedPhone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "assist-verify",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AssistVerifySchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{t("helper.verifyTitle")}</h1>
      <p className="text-sm text-stone-700">{t("helper.verifyIntro", { name, phone: maskedPhone })}</p>
      <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t("helper.consent", { name, farm: farmName })}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <input type="hidden" name="id" value={id} />
        <div>
          <label htmlFor={fields.code.id} className="block text-sm font-medium text-stone-800">{t("helper.codeLabel")}</label>
          <input {...getInputProps(fields.code, { type: "text" })} {...codeInputProps} aria-invalid={fields.code.errors ? true : undefined} aria-describedby={fields.code.errors ? fields.code.errorId : undefined} />
          <ErrorList id={fields.code.errorId} errors={fields.code.errors} />
        </div>
        <ErrorList errors={form.errors} />
        <SubmitButton disabled={busy}>{t("helper.confirm")}</SubmitButton>
      </Form>
      <Form method="post">
        <input type="hidden" name="id" value={id} />
        <button type="submit" name="intent" value="resend" className="text-sm font-semibold text-leaf-700 underline">{t("codes.resend")}</button>
      </Form>
      <p className="text-center text-sm"><Link to="/helper" className="font-semibold text-leaf-700">{t("helper.back")}</Link></p>
    </div>
  );
}
