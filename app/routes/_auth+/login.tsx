import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { requestMeta, requireAnonymous } from "~/modules/auth/auth.server";
import { logIn } from "~/flows/account.server";
import { cartCookie, mergeGuestCart } from "~/modules/cart/cart.server";
import { LoginSchema } from "~/modules/auth/schemas";
import { isLocale } from "~/modules/i18n/i18n";
import { localeCookie } from "~/modules/i18n/i18next.server";
import { clientIp, readForm, safeRedirect } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Đăng nhập — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryMinutes: 0 }, { status: 400 });
  }
  const outcome = await logIn(submission.value, await requestMeta(request, clientIp(context)));
  if (!outcome.ok) {
    const retryMinutes = outcome.error === "tooManyAttempts" ? Math.ceil(outcome.retryAfterMs / 60_000) : 0;
    return data(
      { result: submission.reply({ formErrors: [outcome.error], hideFields: ["password"] }), retryMinutes },
      { status: outcome.error === "tooManyAttempts" ? 429 : 400 },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", outcome.cookie);
  headers.append("Set-Cookie", outcome.deviceCookie);
  // the guest's cart joins the account's
  await mergeGuestCart(request, outcome.user.id);
  headers.append("Set-Cookie", await cartCookie.serialize("", { maxAge: 0 }));
  // The account's language wins over whatever this browser had.
  if (isLocale(outcome.user.locale)) headers.append("Set-Cookie", await localeCookie.serialize(outcome.user.locale));
  return redirect(safeRedirect(submission.value.redirectTo, "/"), { headers });
}

export default function Login() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-bold">{t("auth.loginTitle")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("auth.loginIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-5 space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryMinutes }} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label={t("auth.identifier")}
          errorId={fields.identifier.errorId}
          errors={fields.identifier.errors}
          inputProps={{ ...getInputProps(fields.identifier, { type: "text" }), autoComplete: "username", inputMode: "email", autoCapitalize: "none" }}
        />
        <Field
          label={t("auth.password")}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <p className="-mt-2 text-right text-sm">
          <Link to="/forgot-password" className="font-semibold text-leaf-700">{t("auth.forgotPassword")}</Link>
        </p>
        <SubmitButton disabled={navigation.state === "submitting"}>{t("auth.submitLogin")}</SubmitButton>
      </Form>
      <p className="mt-4 text-center text-sm">
        {t("auth.noAccount")}{" "}
        <Link to={`/signup${searchParams.get("redirectTo") ? `?redirectTo=${encodeURIComponent(searchParams.get("redirectTo")!)}` : ""}`} className="font-semibold text-leaf-700">
          {t("nav.signup")}
        </Link>
      </p>
    </div>
  );
}
