import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { getOwnFarm, updateFarmProfile } from "~/modules/farms/farms.server";
import { BankAccountSchema } from "~/modules/farms/schemas";
import { isVietQrBank, listVietQrBanks } from "~/modules/payments/banks.server";
import { invariantResponse, readForm } from "~/utils/http.server";
import { farmRoleCan } from "~/modules/farms/roles";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  // the account buyers pay into is the owner's alone to change (ADR 015)
  invariantResponse(farmRoleCan(farm.myRole, "farm:bank"), "Forbidden", { status: 403 });
  return { farm: { id: farm.id, bankBin: farm.bankBin, bankAccountNumber: farm.bankAccountNumber, bankAccountName: farm.bankAccountName }, banks: listVietQrBanks() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const farmId = params.farmId ?? "";
  const farm = await getOwnFarm({ userId: user.id, farmId });
  invariantResponse(farm, "Not found", { status: 404 });
  invariantResponse(farmRoleCan(farm.myRole, "farm:bank"), "Forbidden", { status: 403 });
  const submission = parseWithZod(await readForm(request), { schema: BankAccountSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  if (!isVietQrBank(submission.value.bankBin)) return data({ result: submission.reply({ fieldErrors: { bankBin: ["bankRequired"] } }) }, { status: 400 });
  const saved = await updateFarmProfile({ farmId, userId: user.id, changes: submission.value });
  if (!saved.ok && saved.error === "notYours") throw new Response("Not found", { status: 404 });
  if (!saved.ok) return data({ result: submission.reply({ formErrors: [saved.error] }) }, { status: 403 });
  return redirect(`/seller/farms/${farmId}/certifications`);
}

export default function FarmBank() {
  const { farm, banks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "bank",
    lastResult: actionData?.result,
    defaultValue: { bankBin: farm.bankBin ?? "", bankAccountNumber: farm.bankAccountNumber ?? "", bankAccountName: farm.bankAccountName ?? "" },
    constraint: getZodConstraint(BankAccountSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BankAccountSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
      <p className="text-sm text-stone-600">{t("onboarding.bankIntro")}</p>
      <ErrorList id={form.errorId} errors={form.errors} />
      <div>
        <label htmlFor={fields.bankBin.id} className="block text-sm font-medium">{t("onboarding.bank")}</label>
        <select {...getSelectProps(fields.bankBin)} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base">
          <option value="">{t("onboarding.chooseBank")}</option>
          {banks.map((b) => (
            <option key={b.bin} value={b.bin}>{b.shortName} — {b.name}</option>
          ))}
        </select>
        <ErrorList id={fields.bankBin.errorId} errors={fields.bankBin.errors} />
      </div>
      <Field label={t("onboarding.accountNumber")} errorId={fields.bankAccountNumber.errorId} errors={fields.bankAccountNumber.errors} inputProps={{ ...getInputProps(fields.bankAccountNumber, { type: "text" }), inputMode: "numeric" }} />
      <Field label={t("onboarding.accountName")} hint={t("onboarding.accountNameHint")} errorId={fields.bankAccountName.errorId} errors={fields.bankAccountName.errors} inputProps={{ ...getInputProps(fields.bankAccountName, { type: "text" }), autoCapitalize: "characters" }} />
      <SubmitButton>{t("onboarding.next")}</SubmitButton>
    </Form>
  );
}
