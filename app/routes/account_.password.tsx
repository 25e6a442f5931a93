// Change the password with the current one, or — for someone who forgot it while logged in — with
// a code to the account's verified phone (or e-mail). Every other session ends; this one stays.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirectWithFlash } from "~/utils/flash.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CodeSentTo, codeInputProps, ResendCode } from "~/components/code-entry";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { changePassword, describeCode, resendCode, sendPasswordChangeCode } from "~/flows/account.server";
import { getSession, requirePermission } from "~/modules/auth/auth.server";
import { PasswordChangeSchema, ResendSchema } from "~/modules/auth/schemas";
import { parseWithZod } from "~/utils/forms";
import { clientIp, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Đổi mật khẩu — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "update:account:own");
  const id = new URL(request.url).searchParams.get("id") ?? "";
  const pending = id && ResendSchema.safeParse({ id }).success ? await describeCode({ id, purposes: ["PASSWORD_CHANGE"] }) : null;
  return { pending: pending && !pending.used ? { id, maskedTarget: pending.maskedTarget, resendInMs: pending.resendInMs } : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const session = (await getSession(request))!;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const refused = (error: string, retryMs = 0) => data({ result: null, error, retrySeconds: Math.ceil(retryMs / 1000) }, { status: error === "codeUnavailable" ? 503 : 429 });
  if (intent === "send-code") {
    const r = await sendPasswordChangeCode({ userId: user.id, ip: clientIp(context) });
    if (!r.ok) return refused(r.error, "retryAfterMs" in r ? r.retryAfterMs : 0);
    return redirect(`/account/password?id=${r.codeId}`);
  }
  if (intent === "resend") {
    const parsed = ResendSchema.safeParse({ id: formData.get("id") });
    const r = parsed.success ? await resendCode({ codeId: parsed.data.id, purposes: ["PASSWORD_CHANGE"], ip: clientIp(context) }) : ({ ok: false, error: "codeWrong" } as const);
    if (!r.ok) return refused(r.error, "retryAfterMs" in r ? r.retryAfterMs : 0);
    return redirect(`/account/password?id=${r.codeId}`);
  }
  const submission = parseWithZod(formData, { schema: PasswordChangeSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password", "currentPassword"] }), error: null, retrySeconds: 0 }, { status: 400 });
  const v = submission.value;
  const r = await changePassword({
    userId: user.id,
    sessionId: session.id,
    newPassword: v.password,
    ...(v.with === "current" ? { currentPassword: v.currentPassword } : { codeId: v.id, code: v.code }),
  });
  if (!r.ok) {
    const field = r.error === "currentPasswordWrong" ? "currentPassword" : r.error === "tooManyAttempts" ? null : "code";
    const reply = field ? submission.reply({ fieldErrors: { [field]: [r.error] }, hideFields: ["password", "currentPassword"] }) : submission.reply({ formErrors: [r.error], hideFields: ["password", "currentPassword"] });
    return data({ result: reply, error: null, retrySeconds: Math.ceil((r.retryAfterMs ?? 0) / 1000) }, { status: r.error === "tooManyAttempts" ? 429 : 400 });
  }
  return redirectWithFlash("/account", { key: "passwordChanged" });
}

export default function AccountPassword() {
  const { pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "password",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordChangeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const seconds = actionData?.retrySeconds ?? 0;
  const params = { seconds, minutes: Math.ceil(seconds / 60) };
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <Link to="/account" className="text-sm font-semibold text-leaf-700">{t("account.back")}</Link>
      <h1 className="text-2xl font-bold">{t("account.passwordTitle")}</h1>
      <p className="text-sm text-stone-600">{t("account.passwordIntro")}</p>
      {pending ? <CodeSentTo maskedTarget={pending.maskedTarget} /> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <ErrorList id={form.errorId} errors={form.errors} params={params} />
        {pending ? (
          <>
            <input type="hidden" name="with" value="code" />
            <input type="hidden" name="id" value={pending.id} />
            <div>
              <label htmlFor={fields.code.id} className="block text-sm font-medium text-stone-800">{t("codes.label")}</label>
              <input {...getInputProps(fields.code, { type: "text" })} {...codeInputProps} aria-invalid={fields.code.errors ? true : undefined} aria-describedby={fields.code.errors ? fields.code.errorId : undefined} />
              <ErrorList id={fields.code.errorId} errors={fields.code.errors} />
            </div>
          </>
        ) : (
          <>
            <input type="hidden" name="with" value="current" />
            <Field
              label={t("account.currentPassword")}
              errorId={fields.currentPassword.errorId}
              errors={fields.currentPassword.errors}
              inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
            />
          </>
        )}
        <Field
          label={t("reset.newPassword")}
          hint={t("auth.passwordHint")}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <SubmitButton disabled={navigation.state === "submitting"}>{t("account.savePassword")}</SubmitButton>
      </Form>
      {actionData?.error ? <ErrorList errors={[actionData.error]} params={params} /> : null}
      {pending ? (
        <ResendCode id={pending.id} resendInMs={pending.resendInMs} />
      ) : (
        <Form method="post" className="text-center">
          <button type="submit" name="intent" value="send-code" className="rounded-lg px-3 py-2 text-sm font-semibold text-leaf-700 underline-offset-2 hover:underline">
            {t("account.forgotCurrent")}
          </button>
        </Form>
      )}
    </div>
  );
}
