import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FarmProfileForm } from "~/components/farm-profile-form";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { getOwnFarm, isFarmSlugFree, listCommunes, updateFarmProfile } from "~/modules/farms/farms.server";
import { FarmProfileSchema } from "~/modules/farms/schemas";
import { invariantResponse } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  return { farm, communes: await listCommunes({ provinceCode: farm.provinceCode }), saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farmId = params.farmId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: FarmProfileSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { slug, ...profile } = submission.value;
  const farm = await getOwnFarm({ userId: user.id, farmId });
  invariantResponse(farm, "Not found", { status: 404 });
  const communes = await listCommunes({ provinceCode: farm.provinceCode });
  if (!communes.some((c) => c.code === profile.communeCode)) return data({ result: submission.reply({ fieldErrors: { communeCode: ["communeRequired"] } }) }, { status: 400 });
  if (slug && !(await isFarmSlugFree(slug, farmId))) return data({ result: submission.reply({ fieldErrors: { slug: ["slugTaken"] } }) }, { status: 400 });
  invariantResponse(await updateFarmProfile({ farmId, userId: user.id, changes: { ...profile, ...(slug ? { slug } : {}) } }), "Not found", { status: 404 });
  return redirect(`/seller/farms/${farmId}/profile?saved=1`);
}

export default function FarmProfile() {
  const { farm, communes, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      {saved ? <p role="status" className="rounded-lg bg-leaf-100 p-3 text-sm font-medium text-leaf-800">{t("onboarding.saved")}</p> : null}
      <FarmProfileForm
        lastResult={actionData?.result}
        communes={communes}
        submitLabel={t("onboarding.save")}
        defaults={{ name: farm.name, slug: farm.slug, communeCode: farm.communeCode, phone: formatVnPhone(farm.phone), addressLine: farm.addressLine, story: farm.story, offersPickup: farm.offersPickup, offersDelivery: farm.offersDelivery }}
      />
    </>
  );
}
