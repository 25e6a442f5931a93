import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FarmProfileForm } from "~/components/farm-profile-form";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { createFarm, DEFAULT_PROVINCE, isFarmSlugFree, listCommunes } from "~/modules/farms/farms.server";
import { FarmProfileSchema } from "~/modules/farms/schemas";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Mở gian hàng — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "create:farm");
  return { communes: await listCommunes({ provinceCode: DEFAULT_PROVINCE }), phone: user.phone ? formatVnPhone(user.phone) : "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create:farm");
  const submission = parseWithZod(await readForm(request), { schema: FarmProfileSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { slug, ...profile } = submission.value;
  const communes = await listCommunes({ provinceCode: DEFAULT_PROVINCE });
  if (!communes.some((c) => c.code === profile.communeCode)) return data({ result: submission.reply({ fieldErrors: { communeCode: ["communeRequired"] } }) }, { status: 400 });
  if (slug && !(await isFarmSlugFree(slug))) return data({ result: submission.reply({ fieldErrors: { slug: ["slugTaken"] } }) }, { status: 400 });
  const farm = await createFarm({ ownerId: user.id, profile: { ...profile, provinceCode: DEFAULT_PROVINCE }, slug });
  return redirect(`/seller/farms/${farm.id}/photos`);
}

export default function NewFarm() {
  const { communes, phone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <p className="text-sm font-semibold text-leaf-700">{t("onboarding.stepOf", { n: 1 })}</p>
      <h1 className="text-2xl font-bold">{t("onboarding.newTitle")}</h1>
      <p className="text-sm text-stone-600">{t("onboarding.newIntro")}</p>
      <FarmProfileForm lastResult={actionData?.result} communes={communes} defaults={{ phone }} submitLabel={t("onboarding.create")} />
    </div>
  );
}
