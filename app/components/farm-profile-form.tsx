import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { slugify } from "~/utils/fold";
import { FarmProfileSchema } from "~/modules/farms/schemas";

export type FarmProfileDefaults = {
  name: string; slug: string; communeCode: string; phone: string; addressLine: string; story: string; offersPickup: boolean; offersDelivery: boolean;
};

export function FarmProfileForm({
  lastResult,
  communes,
  defaults,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  communes: Array<{ code: string; name: string }>;
  defaults?: Partial<FarmProfileDefaults>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "farm-profile",
    lastResult,
    defaultValue: { offersPickup: true, offersDelivery: true, ...defaults },
    constraint: getZodConstraint(FarmProfileSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FarmProfileSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const proposed = fields.slug.value || slugify(fields.name.value ?? "") || "vuon-cua-ban";
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={t("onboarding.name")} errorId={fields.name.errorId} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), placeholder: t("onboarding.namePlaceholder") }} />
      <Field
        label={t("onboarding.slug")}
        hint={t("onboarding.slugHint", { slug: proposed })}
        errorId={fields.slug.errorId}
        errors={fields.slug.errors}
        inputProps={{ ...getInputProps(fields.slug, { type: "text" }), autoCapitalize: "none", placeholder: proposed }}
      />
      <div>
        <label htmlFor={fields.communeCode.id} className="block text-sm font-medium">{t("onboarding.commune")}</label>
        <select {...getSelectProps(fields.communeCode)} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base">
          <option value="">{t("onboarding.chooseCommune")}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>{c.name}</option>
          ))}
        </select>
        <ErrorList id={fields.communeCode.errorId} errors={fields.communeCode.errors} />
      </div>
      <Field label={t("onboarding.address")} errorId={fields.addressLine.errorId} errors={fields.addressLine.errors} inputProps={getInputProps(fields.addressLine, { type: "text" })} />
      <Field label={t("onboarding.phone")} errorId={fields.phone.errorId} errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel" }} />
      <div>
        <label htmlFor={fields.story.id} className="block text-sm font-medium">{t("onboarding.story")}</label>
        <textarea {...getTextareaProps(fields.story)} rows={5} aria-describedby={`${fields.story.id}-hint`} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base" />
        <p id={`${fields.story.id}-hint`} className="mt-1 text-xs text-stone-500">{t("onboarding.storyHint")}</p>
        <ErrorList id={fields.story.errorId} errors={fields.story.errors} />
      </div>
      <label className="flex items-center gap-2 text-sm"><input {...getInputProps(fields.offersPickup, { type: "checkbox" })} className="h-5 w-5 accent-leaf-700" />{t("onboarding.pickup")}</label>
      <label className="flex items-center gap-2 text-sm"><input {...getInputProps(fields.offersDelivery, { type: "checkbox" })} className="h-5 w-5 accent-leaf-700" />{t("onboarding.delivery")}</label>
      <SubmitButton disabled={navigation.state === "submitting"}>{submitLabel}</SubmitButton>
    </Form>
  );
}
