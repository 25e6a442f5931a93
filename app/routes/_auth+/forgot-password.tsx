// "Quên mật khẩu?": a phone gets a code (next page: the code and a new password); an e-mail gets a
// single-use link. The answer never says whether the address has an account.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { NoCodesNotice } from "~/components/code-entry";
import { codeChannels, startPasswordReset } from "~/flows/account.server";
import { requireAnonymous } from "~/modules/auth/auth.server";
import { ForgotPasswordSchema } from "~/modules/auth/schemas";
import { i18next } from "~/modules/i18n/i18next.server";
import { parseWithZod } from "~/utils/forms";
import { clientIp, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Quên mật khẩu — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { channels: await codeChannels() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), linkSent: false, retrySeconds: 0 }, { status: 400 });
  const outcome = await startPasswordReset({ identifier: submission.value.identifier, ip: clientIp(context), locale: await i18next.getLocale(request) });
  if (!outcome.ok) {
    const wait = "retryAfterMs" in outcome ? outcome.retryAfterMs : 0;
    return data({ result: submission.reply({ formErrors: [outcome.error] }), linkSent: false, retrySeconds: Math.ceil(wait / 1000) }, { status: outcome.error === "codeUnavailable" ? 503 : 429 });
  }
  if (outcome.via === "code") return redirect(`/reset-password?id=${outcome.codeId}`);
  return data({ result: submission.reply({ resetForm: true }), linkSent: true, retrySeconds: 0 });
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const { channels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "forgot",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{t("reset.title")}</h1>
      <p className="text-sm text-stone-600">{t("reset.intro")}</p>
      <NoCodesNotice channels={channels} />
      {actionData?.linkSent ? <p role="status" className="rounded-lg bg-leaf-50 p-3 text-sm text-leaf-900 ring-1 ring-leaf-200">{t("reset.linkSent")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <ErrorList id={form.errorId} errors={form.errors} params={{ seconds: actionData?.retrySeconds, minutes: Math.ceil((actionData?.retrySeconds ?? 0) / 60) }} />
        <Field
          label={t(channels.email ? "auth.identifier" : "auth.phoneOnly")}
          hint={t(channels.email ? "auth.identifierHint" : "auth.phoneOnlyHint")}
          errorId={fields.identifier.errorId}
          errors={fields.identifier.errors}
          inputProps={{ ...getInputProps(fields.identifier, { type: "text" }), autoComplete: "username", autoCapitalize: "none" }}
        />
        <SubmitButton disabled={navigation.state === "submitting"}>{t("reset.send")}</SubmitButton>
      </Form>
      <p className="text-center text-sm">
        <Link to="/login" className="font-semibold text-leaf-700">{t("reset.backToLogin")}</Link>
      </p>
    </div>
  );
}
