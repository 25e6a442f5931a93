import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { PhotoInput } from "~/components/photo-input";
import { CertificationBadge } from "~/components/products";
import { requirePermission } from "~/modules/auth/auth.server";
import { checkPhotos } from "~/modules/catalog/products.server";
import { addCertification, deleteCertification, getOwnFarm } from "~/modules/farms/farms.server";
import { CERT_KINDS, CertificationSchema } from "~/modules/farms/schemas";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { isMultipart, parseUpload, RequestTooLarge } from "~/modules/media/upload.server";
import { ImageRejected } from "~/modules/media/validate.server";
import { invariantResponse, readForm } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  return { farmId: farm.id, certifications: farm.certifications };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farmId = params.farmId ?? "";
  if (!isMultipart(request)) {
    const form = await readForm(request);
    invariantResponse(await deleteCertification({ userId: user.id, farmId, certificationId: String(form.get("certificationId") ?? "") }), "Not found", { status: 404 });
    return redirect(`/seller/farms/${farmId}/certifications`);
  }
  let parsed;
  try {
    parsed = await parseUpload(request, ["photo"]);
  } catch (e) {
    if (e instanceof RequestTooLarge) return data({ result: undefined, photoErrors: ["requestTooLarge"] }, { status: 413 });
    throw e;
  }
  const submission = parseWithZod(parsed.form, { schema: CertificationSchema });
  const photo = await checkPhotos(parsed.files.slice(0, 1));
  if (submission.status !== "success" || photo.errors.length) return data({ result: submission.reply(), photoErrors: photo.errors as string[] }, { status: 400 });
  try {
    invariantResponse(await addCertification({ userId: user.id, farmId, cert: submission.value, photo: photo.ok[0] ?? null }), "Not found", { status: 404 });
  } catch (e) {
    // the header looked right, the pixels did not decode (a cut-off upload): say so on the form
    if (e instanceof ImageRejected) return data({ result: submission.reply(), photoErrors: [e.code] as string[] }, { status: 400 });
    throw e;
  }
  return redirect(`/seller/farms/${farmId}/certifications`);
}

export default function FarmCertifications() {
  const { farmId, certifications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "cert",
    lastResult: actionData?.result,
    constraint: getZodConstraint(CertificationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CertificationSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="space-y-4">
      <p className="text-sm text-stone-600">{t("onboarding.certIntro")}</p>
      <ul className="space-y-2">
        {certifications.map((c) => (
          <li key={c.id} className="flex items-center justify-between gap-2 rounded-lg bg-white p-3 text-sm ring-1 ring-stone-200">
            <div>
              <CertificationBadge cert={c} /> <span className="text-stone-700">{c.number} · {c.issuer}</span>
              {c.expiresAt ? <p className="text-xs text-stone-500">{t(c.valid ? "cert.validUntil" : "cert.expired", { date: formatDate(c.expiresAt, i18n.language as Locale) })}</p> : null}
            </div>
            <Form method="post">
              <input type="hidden" name="certificationId" value={c.id} />
              <button type="submit" className="rounded-md border border-stone-300 px-2 py-1 text-xs">{t("onboarding.delete")}</button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor={fields.kind.id} className="block text-sm font-medium">{t("onboarding.certKind")}</label>
            <select {...getSelectProps(fields.kind)} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base">
              {CERT_KINDS.map((k) => (
                <option key={k} value={k}>{t(`cert.${k}`, { stars: "" })}</option>
              ))}
            </select>
            <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
          </div>
          <div>
            <label htmlFor={fields.stars.id} className="block text-sm font-medium">{t("onboarding.stars")}</label>
            <select {...getSelectProps(fields.stars)} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base">
              <option value="">—</option>
              {[3, 4, 5].map((n) => <option key={n} value={n}>{"★".repeat(n)}</option>)}
            </select>
            <ErrorList id={fields.stars.errorId} errors={fields.stars.errors} />
          </div>
        </div>
        <Field label={t("onboarding.certNumber")} errorId={fields.number.errorId} errors={fields.number.errors} inputProps={getInputProps(fields.number, { type: "text" })} />
        <Field label={t("onboarding.issuer")} errorId={fields.issuer.errorId} errors={fields.issuer.errors} inputProps={getInputProps(fields.issuer, { type: "text" })} />
        <Field label={t("onboarding.expiresAt")} errorId={fields.expiresAt.errorId} errors={fields.expiresAt.errors} inputProps={getInputProps(fields.expiresAt, { type: "date" })} />
        <PhotoInput name="photo" multiple={false} label={t("onboarding.certPhoto")} errors={actionData?.photoErrors} />
        <SubmitButton>{t("onboarding.addCert")}</SubmitButton>
      </Form>
      <Link to={`/seller/farms/${farmId}/members`} className="block rounded-lg border border-stone-300 bg-white px-4 py-3 text-center font-semibold no-underline">{t("onboarding.next")}</Link>
    </div>
  );
}
