// A seller's identity (Law 122/2025/QH15, ADR 018): checked online through an eKYC partner linked
// to VNeID when the operator configured one; otherwise, or for a household without a smartphone ID
// app, an officer verifies it in person. From the law's date an unverified seller cannot publish.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { identityRequired, identityRequiredFrom, sellerIdentity, verifySellerOnline } from "~/modules/identity/identity.server";
import { IdentitySchema } from "~/modules/identity/schemas";
import { configuredVerifier } from "~/modules/identity/verifier.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseWithZod } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Xác minh danh tính người bán — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  return { identity: await sellerIdentity(user.id), online: configuredVerifier() !== null, requiredFrom: identityRequiredFrom().toISOString(), requiredNow: identityRequired() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const submission = parseWithZod(await readForm(request), { schema: IdentitySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await verifySellerOnline({ userId: user.id, input: { ...submission.value, phone: user.phone ?? null } });
  if (!outcome.ok) {
    const status = outcome.error === "identityUnavailable" || outcome.error === "identityNoProvider" ? 503 : outcome.error === "tooManyChecks" ? 429 : outcome.error === "idNumberTaken" ? 409 : 400;
    return data({ result: submission.reply({ formErrors: [outcome.error] }) }, { status });
  }
  return redirectWithFlash("/account/identity", { key: "identityVerified" });
}

export default function AccountIdentity() {
  const { identity, online, requiredFrom, requiredNow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const [form, fields] = useForm({ id: "identity", lastResult: actionData?.result, constraint: getZodConstraint(IdentitySchema), onValidate: ({ formData }) => parseWithZod(formData, { schema: IdentitySchema }), shouldValidate: "onBlur" });
  return (
    <div className="mx-auto max-w-md space-y-4">
      <p className="text-sm"><Link to="/account" className="text-leaf-700">{t("account.back")}</Link></p>
      <h1 className="text-2xl font-bold">{t("identity.title")}</h1>
      <p className="text-sm text-stone-600">{t(requiredNow ? "identity.introRequired" : "identity.introFrom", { date: formatDate(new Date(requiredFrom), locale) })}</p>
      {identity.status === "VERIFIED" ? (
        <p role="status" className="rounded-lg bg-leaf-100 p-3 text-sm text-leaf-900">
          {t(identity.method === "IN_PERSON" ? "identity.verifiedInPerson" : "identity.verifiedOnline", { name: identity.fullName, last4: identity.last4, date: identity.verifiedAt ? formatDate(new Date(identity.verifiedAt), locale) : "" })}
        </p>
      ) : (
        <>
          {identity.status === "REFUSED" ? <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t("identity.refused")}</p> : null}
          {online ? (
            <Form method="post" {...getFormProps(form)} className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
              <p className="text-sm text-stone-600">{t("identity.onlineIntro")}</p>
              <Field label={t("identity.fullName")} errorId={fields.fullName.errorId} errors={fields.fullName.errors} inputProps={{ ...getInputProps(fields.fullName, { type: "text" }), autoComplete: "name" }} />
              <Field label={t("identity.idNumber")} hint={t("identity.idNumberHint")} errorId={fields.idNumber.errorId} errors={fields.idNumber.errors} inputProps={{ ...getInputProps(fields.idNumber, { type: "text" }), inputMode: "numeric", autoComplete: "off", maxLength: 20 }} />
              <Field label={t("identity.dateOfBirth")} errorId={fields.dateOfBirth.errorId} errors={fields.dateOfBirth.errors} inputProps={{ ...getInputProps(fields.dateOfBirth, { type: "date" }), autoComplete: "bday" }} />
              <ErrorList errors={form.errors} />
              <SubmitButton disabled={busy}>{t("identity.check")}</SubmitButton>
            </Form>
          ) : null}
          <p className="text-sm text-stone-700">{t(online ? "identity.inPersonToo" : "identity.inPersonOnly")}</p>
        </>
      )}
    </div>
  );
}
