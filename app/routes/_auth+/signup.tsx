import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { NoCodesNotice } from "~/components/code-entry";
import { codeChannels, startSignup } from "~/flows/account.server";
import { requestMeta, requireAnonymous } from "~/modules/auth/auth.server";
import { SignupSchema } from "~/modules/auth/schemas";
import { i18next } from "~/modules/i18n/i18next.server";
import { clientIp, readForm, safeRedirect } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Đăng ký — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { channels: await codeChannels() };
}

// Step 1 of 2: the details, then a code to the phone (or e-mail) typed; the account is made when
// the code comes back (signup.verify.tsx). The answer is the same whether or not the address has
// an account (app/flows/account.server.ts).
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: SignupSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryMinutes: 0, retrySeconds: 0 }, { status: 400 });
  }
  const locale = await i18next.getLocale(request);
  const outcome = await startSignup(submission.value, { ...(await requestMeta(request, clientIp(context))), locale });
  if (!outcome.ok) {
    const wait = "retryAfterMs" in outcome ? outcome.retryAfterMs : 0;
    return data(
      { result: submission.reply({ formErrors: [outcome.error], hideFields: ["password"] }), retryMinutes: Math.ceil(wait / 60_000), retrySeconds: Math.ceil(wait / 1000) },
      { status: outcome.error === "codeUnavailable" ? 503 : 429 },
    );
  }
  const back = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  return redirect(`/signup/verify?id=${outcome.codeId}${back ? `&redirectTo=${encodeURIComponent(back)}` : ""}`);
}

export default function Signup() {
  const { t } = useTranslation();
  const { channels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { role: "BUYER" },
  });
  const roleValue = fields.role.value ?? "BUYER";
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-bold">{t("auth.signupTitle")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("auth.signupIntro")}</p>
      <NoCodesNotice channels={channels} />
      <Form method="post" {...getFormProps(form)} className="mt-5 space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryMinutes, seconds: actionData?.retrySeconds }} />
        <Field
          label={t("auth.name")}
          errorId={fields.name.errorId}
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
        />
        <Field
          label={t(channels.email ? "auth.identifier" : "auth.phoneOnly")}
          hint={t(channels.email ? "auth.identifierHint" : "auth.phoneOnlyHint")}
          errorId={fields.identifier.errorId}
          errors={fields.identifier.errors}
          inputProps={{ ...getInputProps(fields.identifier, { type: "text" }), autoComplete: "username", autoCapitalize: "none" }}
        />
        <Field
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">{t("auth.role")}</legend>
          <div className="mt-1 grid grid-cols-2 gap-2">
            {(["BUYER", "FARMER"] as const).map((role) => (
              <label key={role} className="flex items-center gap-2 rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-sm has-[:checked]:border-leaf-600 has-[:checked]:bg-leaf-50">
                <input type="radio" name={fields.role.name} value={role} defaultChecked={roleValue === role} className="accent-leaf-700" />
                {t(role === "BUYER" ? "auth.roleBuyer" : "auth.roleFarmer")}
              </label>
            ))}
          </div>
          <ErrorList id={fields.role.errorId} errors={fields.role.errors} />
        </fieldset>
        <p className="text-sm text-stone-600">{t(channels.email ? "auth.codeWillBeSent" : "auth.codeWillBeSentPhone")}</p>
        <SubmitButton disabled={navigation.state === "submitting"}>{t("auth.submitSignup")}</SubmitButton>
      </Form>
      <p className="mt-4 text-center text-sm">
        {t("auth.haveAccount")}{" "}
        <Link to={`/login${searchParams.get("redirectTo") ? `?redirectTo=${encodeURIComponent(searchParams.get("redirectTo")!)}` : ""}`} className="font-semibold text-leaf-700">
          {t("nav.login")}
        </Link>
      </p>
    </div>
  );
}
