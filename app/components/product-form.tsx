import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field } from "~/components/forms";
import { PhotoInput } from "~/components/photo-input";
import { PRODUCT_UNITS, ProductFormSchema } from "~/modules/catalog/schemas";

export type ProductDefaults = {
  name: string;
  categoryId: string;
  unit: string;
  price: string;
  soldByWeight: boolean;
  step: string;
  stock: string;
  seasonStartMonth: string;
  seasonEndMonth: string;
  description: string;
};

const selectClass = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base";

export function ProductForm({
  lastResult,
  categories,
  defaults,
  withPhotos,
  photoErrors,
  hidden = {},
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  categories: Array<{ id: string; name: string }>;
  defaults?: ProductDefaults;
  withPhotos: boolean;
  photoErrors?: string[];
  hidden?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "product",
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(ProductFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProductFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state === "submitting";
  return (
    <Form
      method="post"
      encType={withPhotos ? "multipart/form-data" : undefined}
      {...getFormProps(form)}
      className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200"
    >
      <ErrorList id={form.errorId} errors={form.errors} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {withPhotos ? <PhotoInput name="photos" label={t("productForm.photos")} hint={t("productForm.photosHint")} errors={photoErrors} /> : null}
      <Field
        label={t("productForm.name")}
        errorId={fields.name.errorId}
        errors={fields.name.errors}
        inputProps={{ ...getInputProps(fields.name, { type: "text" }), placeholder: t("productForm.namePlaceholder") }}
      />
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor={fields.categoryId.id} className="block text-sm font-medium">{t("productForm.category")}</label>
          <select {...getSelectProps(fields.categoryId)} className={selectClass}>
            <option value="">{t("productForm.chooseCategory")}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
          <ErrorList id={fields.categoryId.errorId} errors={fields.categoryId.errors} />
        </div>
        <div>
          <label htmlFor={fields.unit.id} className="block text-sm font-medium">{t("productForm.unit")}</label>
          <select {...getSelectProps(fields.unit)} className={selectClass}>
            {PRODUCT_UNITS.map((u) => (
              <option key={u} value={u}>{t(`units.${u}`)}</option>
            ))}
          </select>
          <ErrorList id={fields.unit.errorId} errors={fields.unit.errors} />
        </div>
      </div>
      <Field
        label={t("productForm.price")}
        hint={t("productForm.priceHint")}
        errorId={fields.price.errorId}
        errors={fields.price.errors}
        inputProps={{ ...getInputProps(fields.price, { type: "text" }), inputMode: "decimal", autoComplete: "off" }}
      />
      <Field
        label={t("productForm.stock")}
        hint={t("productForm.stockHint")}
        errorId={fields.stock.errorId}
        errors={fields.stock.errors}
        inputProps={{ ...getInputProps(fields.stock, { type: "text" }), inputMode: "decimal", autoComplete: "off" }}
      />
      <div className="rounded-lg bg-stone-50 p-3">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input {...getInputProps(fields.soldByWeight, { type: "checkbox" })} className="h-5 w-5 accent-leaf-700" />
          {t("productForm.soldByWeight")}
        </label>
        <div className="mt-2">
          <Field
            label={t("productForm.step")}
            hint={t("productForm.stepHint")}
            errorId={fields.step.errorId}
            errors={fields.step.errors}
            inputProps={{ ...getInputProps(fields.step, { type: "text" }), inputMode: "decimal", placeholder: "0,5" }}
          />
        </div>
      </div>
      <fieldset>
        <legend className="text-sm font-medium">{t("productForm.season")}</legend>
        <div className="mt-1 grid grid-cols-2 gap-3">
          {([fields.seasonStartMonth, fields.seasonEndMonth] as const).map((f, i) => (
            <div key={f.name}>
              <label htmlFor={f.id} className="block text-xs text-stone-600">{t(i === 0 ? "productForm.seasonFrom" : "productForm.seasonTo")}</label>
              <select {...getSelectProps(f)} className={selectClass}>
                <option value="">{t("productForm.none")}</option>
                {Array.from({ length: 12 }, (_, m) => (
                  <option key={m + 1} value={m + 1}>{t("productForm.month", { month: m + 1 })}</option>
                ))}
              </select>
              <ErrorList id={f.errorId} errors={f.errors} />
            </div>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={fields.description.id} className="block text-sm font-medium">{t("productForm.description")}</label>
        <textarea {...getTextareaProps(fields.description)} rows={4} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base" />
        <ErrorList id={fields.description.errorId} errors={fields.description.errors} />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <button type="submit" name="intent" value="draft" disabled={busy} className="rounded-lg border border-stone-300 bg-white px-4 py-3 font-semibold text-stone-800">
          {t("productForm.saveDraft")}
        </button>
        <button type="submit" name="intent" value="publish" disabled={busy} className="rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">
          {t("productForm.publish")}
        </button>
      </div>
    </Form>
  );
}
