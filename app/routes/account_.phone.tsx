// A new phone number (or a first one for an e-mail account), proven by a code sent to it. Until a
// farm owner's number is verified the farm cannot publish products; invitations to the number
// apply once it is verified.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirectWithFlash } from "~/utils/flash.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CodeSentTo, codeInputProps, ResendCode } from "~/components/code-entry";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { completePhoneChange, describeCode, resendCode, startPhoneChange } from "~/flows/account.server";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { PhoneChangeSchema, PhoneVerifySchema, ResendSchema } from "~/modules/auth/schemas";
import { getAccount } from "~/modules/auth/users.server";
import { parseWithZod } from "~/utils/forms";
import { clientIp, invariantResponse, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Số điện thoại — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const account = await getAccount({ userId: user.id });
  invariantResponse(account, "Not found", { status: 404 });
  const id = new URL(request.url).searchParams.get("id") ?? "";
  const pending = id && ResendSchema.safeParse({ id }).success ? await describeCode({ id, purposes: ["PHONE_CHANGE"] }) : null;
  return {
    phone: account.phone ? formatVnPhone(account.phone) : null,
    verified: Boolean(account.phoneVerifiedAt),
    pending: pending && !pending.used ? { id, maskedTarget: pending.maskedTarget, resendInMs: pending.resendInMs } : null,
  };
}

type ActionData = { step: "phone" | "code"; result: ReturnType<ReturnType<typeof parseWithZod>["reply"]> | null; error?: string; retrySeconds?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "resend") {
    const parsed = ResendSchema.safeParse({ id: formData.get("id") });
    const r = parsed.success ? await resendCode({ codeId: parsed.data.id, purposes: ["PHONE_CHANGE"], ip: clientIp(context) }) : ({ ok: false, error: "codeWrong" } as const);
    if (!r.ok) return data<ActionData>({ step: "code", result: null, error: r.error, retrySeconds: "retryAfterMs" in r ? Math.ceil(r.retryAfterMs / 1000) : 0 }, { status: 429 });
    return redirect(`/account/phone?id=${r.codeId}`);
  }
  if (intent === "verify") {
    const submission = parseWithZod(formData, { schema: PhoneVerifySchema });
    if (submission.status !== "success") return data<ActionData>({ step: "code", result: submission.reply() }, { status: 400 });
    const r = await completePhoneChange({ userId: user.id, codeId: submission.value.id, code: submission.value.code });
    if (!r.ok) return data<ActionData>({ step: "code", result: submission.reply({ fieldErrors: { code: [r.error] } }) }, { status: 400 });
    return redirectWithFlash("/account", { key: "phoneChanged" });
  }
  const submission = parseWithZod(formData, { schema: PhoneChangeSchema });
  if (submission.status !== "success") return data<ActionData>({ step: "phone", result: submission.reply() }, { status: 400 });
  const r = await startPhoneChange({ userId: user.id, phone: submission.value.phone, ip: clientIp(context) });
  if (!r.ok) {
    const wait = "retryAfterMs" in r ? Math.ceil(r.retryAfterMs / 1000) : 0;
    const reply = r.error === "samePhone" ? submission.reply({ fieldErrors: { phone: [r.error] } }) : submission.reply({ formErrors: [r.error] });
    return data<ActionData>({ step: "phone", result: reply, retrySeconds: wait }, { status: r.error === "samePhone" ? 400 : r.error === "codeUnavailable" ? 503 : 429 });
  }
  return redirect(`/account/phone?id=${r.codeId}`);
}

export default function AccountPhone() {
  const { phone, verified, pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [phoneForm, phoneFields] = useForm({
    id: "phone",
    lastResult: actionData?.step === "phone" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PhoneChangeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [codeForm, codeFields] = useForm({
    id: "phone-code",
    lastResult: actionData?.step === "code" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PhoneVerifySchema }),
    shouldValidate: "onSubmit",
  });
  const seconds = actionData?.retrySeconds ?? 0;
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <Link to="/account" className="text-sm font-semibold text-leaf-700">{t("account.back")}</Link>
      <h1 className="text-2xl font-bold">{t("account.phoneTitle")}</h1>
      {phone ? <p className="text-sm text-stone-600">{t(verified ? "account.phoneNowVerified" : "account.phoneNowUnverified", { phone })}</p> : <p className="text-sm text-stone-600">{t("account.phoneWhy")}</p>}
      {pending ? (
        <>
          <CodeSentTo maskedTarget={pending.maskedTarget} />
          <Form method="post" {...getFormProps(codeForm)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
            <input type="hidden" name="id" value={pending.id} />
            <div>
              <label htmlFor={codeFields.code.id} className="block text-sm font-medium text-stone-800">{t("codes.label")}</label>
              <input {...getInputProps(codeFields.code, { type: "text" })} {...codeInputProps} aria-invalid={codeFields.code.errors ? true : undefined} aria-describedby={codeFields.code.errors ? codeFields.code.errorId : undefined} />
              <ErrorList id={codeFields.code.errorId} errors={codeFields.code.errors} />
            </div>
            <SubmitButton name="intent" value="verify" disabled={navigation.state === "submitting"}>{t("codes.verify")}</SubmitButton>
          </Form>
          {actionData?.error ? <ErrorList errors={[actionData.error]} params={{ seconds, minutes: Math.ceil(seconds / 60) }} /> : null}
          <ResendCode id={pending.id} resendInMs={pending.resendInMs} />
          <p className="text-center text-sm"><Link to="/account/phone" className="font-semibold text-leaf-700">{t("codes.changeAddress")}</Link></p>
        </>
      ) : (
        <Form method="post" {...getFormProps(phoneForm)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <ErrorList id={phoneForm.errorId} errors={phoneForm.errors} params={{ seconds, minutes: Math.ceil(seconds / 60) }} />
          <Field
            label={t("account.newPhone")}
            hint={t("account.newPhoneHint")}
            errorId={phoneFields.phone.errorId}
            errors={phoneFields.phone.errors}
            inputProps={{ ...getInputProps(phoneFields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
          />
          <SubmitButton name="intent" value="send" disabled={navigation.state === "submitting"}>{t("account.sendCode")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
