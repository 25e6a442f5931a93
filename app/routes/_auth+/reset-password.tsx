// A new password: with the code sent to the phone (?id=…), or from the e-mail's single-use link
// (?id=…&token=…). Every session of the account ends, its owner is told, this browser logs in.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirectWithFlash } from "~/utils/flash.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CodeSentTo, codeInputProps, ResendCode } from "~/components/code-entry";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { completePasswordReset, describeCode, resendCode } from "~/flows/account.server";
import { requestMeta } from "~/modules/auth/auth.server";
import { ResendSchema, ResetPasswordSchema } from "~/modules/auth/schemas";
import { isLocale } from "~/modules/i18n/i18n";
import { localeCookie } from "~/modules/i18n/i18next.server";
import { parseWithZod } from "~/utils/forms";
import { clientIp, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Đặt mật khẩu mới — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const id = url.searchParams.get("id") ?? "";
  const token = url.searchParams.get("token");
  const code = ResendSchema.safeParse({ id }).success ? await describeCode({ id, purposes: token ? ["RESET_LINK"] : ["PASSWORD_RESET"] }) : null;
  if (!code) throw redirect("/forgot-password");
  return { id, via: token ? ("link" as const) : ("code" as const), token: token ?? "", maskedTarget: code.maskedTarget, resendInMs: code.resendInMs, used: code.used, expired: code.expired };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (formData.get("intent") === "resend") {
    const parsed = ResendSchema.safeParse({ id: formData.get("id") });
    const r = parsed.success ? await resendCode({ codeId: parsed.data.id, purposes: ["PASSWORD_RESET"], ip: clientIp(context) }) : ({ ok: false, error: "codeWrong" } as const);
    if (!r.ok) return data({ result: null, resend: r.error as string, retrySeconds: "retryAfterMs" in r ? Math.ceil(r.retryAfterMs / 1000) : 0 }, { status: 429 });
    return redirect(`/reset-password?id=${r.codeId}`);
  }
  const submission = parseWithZod(formData, { schema: ResetPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }), resend: null, retrySeconds: 0 }, { status: 400 });
  const v = submission.value;
  const outcome = await completePasswordReset(
    { codeId: v.id, secret: v.via === "code" ? v.code : v.token, via: v.via, newPassword: v.password },
    await requestMeta(request, clientIp(context)),
  );
  if (!outcome.ok) {
    const field = v.via === "code" ? { fieldErrors: { code: [outcome.error] } } : { formErrors: [outcome.error === "codeWrong" ? "linkInvalid" : outcome.error] };
    return data({ result: submission.reply({ ...field, hideFields: ["password"] }), resend: null, retrySeconds: 0 }, { status: 400 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", outcome.cookie);
  if (isLocale(outcome.user.locale)) headers.append("Set-Cookie", await localeCookie.serialize(outcome.user.locale));
  return redirectWithFlash("/account", { key: "passwordReset" }, { headers });
}

export default function ResetPassword() {
  const { id, via, token, maskedTarget, resendInMs, used, expired } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "reset",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  if (via === "link" && (used || expired)) {
    return (
      <div className="mx-auto max-w-sm space-y-4">
        <h1 className="text-2xl font-bold">{t("reset.newTitle")}</h1>
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200">{t("errors.linkInvalid")}</p>
        <Link to="/forgot-password" className="block text-center font-semibold text-leaf-700">{t("reset.again")}</Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{t("reset.newTitle")}</h1>
      {via === "code" ? <CodeSentTo maskedTarget={maskedTarget} /> : <p className="text-sm text-stone-600">{t("reset.linkIntro")}</p>}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="via" value={via} />
        {via === "link" ? <input type="hidden" name="token" value={token} /> : (
          <div>
            <label htmlFor={fields.code.id} className="block text-sm font-medium text-stone-800">{t("codes.label")}</label>
            <input {...getInputProps(fields.code, { type: "text" })} {...codeInputProps} aria-invalid={fields.code.errors ? true : undefined} aria-describedby={fields.code.errors ? fields.code.errorId : undefined} />
            <ErrorList id={fields.code.errorId} errors={fields.code.errors} />
          </div>
        )}
        <Field
          label={t("reset.newPassword")}
          hint={t("auth.passwordHint")}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <SubmitButton disabled={navigation.state === "submitting"}>{t("reset.submit")}</SubmitButton>
      </Form>
      {via === "code" ? (
        <>
          {actionData?.resend ? <ErrorList errors={[actionData.resend]} params={{ seconds: actionData.retrySeconds, minutes: Math.ceil(actionData.retrySeconds / 60) }} /> : null}
          <ResendCode id={id} resendInMs={resendInMs} />
        </>
      ) : null}
    </div>
  );
}
