// Step 2 of 2 of sign-up: the code sent to the phone (or e-mail). The right code creates the
// account, with its address verified, and logs in; "Gửi lại mã" sends a new one after 60 s.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CodeSentTo, codeInputProps, ResendCode } from "~/components/code-entry";
import { ErrorList, SubmitButton } from "~/components/forms";
import { completeSignup, describeCode, resendCode } from "~/flows/account.server";
import { requestMeta, requireAnonymous } from "~/modules/auth/auth.server";
import { ResendSchema, SignupVerifySchema } from "~/modules/auth/schemas";
import { cartCookie, mergeGuestCart } from "~/modules/cart/cart.server";
import { isLocale } from "~/modules/i18n/i18n";
import { localeCookie } from "~/modules/i18n/i18next.server";
import { parseWithZod } from "~/utils/forms";
import { clientIp, readForm, safeRedirect } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Xác minh — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const id = new URL(request.url).searchParams.get("id") ?? "";
  const code = ResendSchema.safeParse({ id }).success ? await describeCode({ id, purposes: ["SIGNUP"] }) : null;
  if (!code || code.used) throw redirect("/signup");
  return { id, maskedTarget: code.maskedTarget, resendInMs: code.resendInMs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  const url = new URL(request.url);
  const back = safeRedirect(url.searchParams.get("redirectTo"), "");
  const withBack = (id: string) => `/signup/verify?id=${id}${back ? `&redirectTo=${encodeURIComponent(back)}` : ""}`;
  if (formData.get("intent") === "resend") {
    const parsed = ResendSchema.safeParse({ id: formData.get("id") });
    if (!parsed.success) return data({ result: null, resend: "codeWrong" as string, retrySeconds: 0 }, { status: 400 });
    const r = await resendCode({ codeId: parsed.data.id, purposes: ["SIGNUP"], ip: clientIp(context) });
    if (!r.ok) return data({ result: null, resend: r.error as string, retrySeconds: "retryAfterMs" in r ? Math.ceil(r.retryAfterMs / 1000) : 0 }, { status: 429 });
    return redirect(withBack(r.codeId));
  }
  const submission = parseWithZod(formData, { schema: SignupVerifySchema });
  if (submission.status !== "success") return data({ result: submission.reply(), resend: null, retrySeconds: 0 }, { status: 400 });
  const outcome = await completeSignup({ codeId: submission.value.id, code: submission.value.code }, await requestMeta(request, clientIp(context)));
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: { code: [outcome.error] } }), resend: null, retrySeconds: 0 }, { status: 400 });
  await mergeGuestCart(request, outcome.user.id);
  const headers = new Headers();
  headers.append("Set-Cookie", outcome.cookie);
  headers.append("Set-Cookie", await cartCookie.serialize("", { maxAge: 0 }));
  if (isLocale(outcome.user.locale)) headers.append("Set-Cookie", await localeCookie.serialize(outcome.user.locale));
  return redirect(safeRedirect(back, outcome.user.role === "FARMER" ? "/seller" : "/"), { headers });
}

export default function SignupVerify() {
  const { id, maskedTarget, resendInMs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "signup-verify",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupVerifySchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{t("codes.title")}</h1>
      <CodeSentTo maskedTarget={maskedTarget} />
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <input type="hidden" name="id" value={id} />
        <div>
          <label htmlFor={fields.code.id} className="block text-sm font-medium text-stone-800">{t("codes.label")}</label>
          <input {...getInputProps(fields.code, { type: "text" })} {...codeInputProps} aria-invalid={fields.code.errors ? true : undefined} aria-describedby={fields.code.errors ? fields.code.errorId : undefined} />
          <ErrorList id={fields.code.errorId} errors={fields.code.errors} />
        </div>
        <SubmitButton disabled={navigation.state === "submitting"}>{t("codes.verify")}</SubmitButton>
      </Form>
      {actionData?.resend ? <ErrorList errors={[actionData.resend]} params={{ seconds: actionData.retrySeconds, minutes: Math.ceil(actionData.retrySeconds / 60) }} /> : null}
      <ResendCode id={id} resendInMs={resendInMs} />
      <p className="text-center text-sm">
        <Link to="/signup" className="font-semibold text-leaf-700">{t("codes.changeAddress")}</Link>
      </p>
    </div>
  );
}
