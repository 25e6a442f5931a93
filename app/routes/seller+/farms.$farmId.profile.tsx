import { parseWithZod } from "~/utils/forms";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { redirectWithFlash } from "~/utils/flash.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FarmProfileForm } from "~/components/farm-profile-form";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { getOwnFarm, isFarmSlugFree, listCommunes, updateFarmProfile } from "~/modules/farms/farms.server";
import { FarmProfileSchema } from "~/modules/farms/schemas";
import { invariantResponse, readForm } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  return { farm, communes: await listCommunes({ provinceCode: farm.provinceCode }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const farmId = params.farmId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: FarmProfileSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { slug, ...profile } = submission.value;
  const farm = await getOwnFarm({ userId: user.id, farmId });
  invariantResponse(farm, "Not found", { status: 404 });
  const communes = await listCommunes({ provinceCode: farm.provinceCode });
  if (!communes.some((c) => c.code === profile.communeCode)) return data({ result: submission.reply({ fieldErrors: { communeCode: ["communeRequired"] } }) }, { status: 400 });
  if (slug && !(await isFarmSlugFree(slug, farmId))) return data({ result: submission.reply({ fieldErrors: { slug: ["slugTaken"] } }) }, { status: 400 });
  const saved = await updateFarmProfile({ farmId, userId: user.id, changes: { ...profile, ...(slug ? { slug } : {}) } });
  if (!saved.ok && saved.error === "notYours") throw new Response("Not found", { status: 404 });
  if (!saved.ok && saved.error === "slugTaken") return data({ result: submission.reply({ fieldErrors: { slug: ["slugTaken"] } }) }, { status: 400 });
  if (!saved.ok) return data({ result: submission.reply({ formErrors: [saved.error] }) }, { status: 403 });
  return redirectWithFlash(`/seller/farms/${farmId}/profile`, { key: "saved" });
}

export default function FarmProfile() {
  const { farm, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <FarmProfileForm
        lastResult={actionData?.result}
        communes={communes}
        submitLabel={t("onboarding.save")}
        defaults={{ name: farm.name, slug: farm.slug, communeCode: farm.communeCode, phone: formatVnPhone(farm.phone), addressLine: farm.addressLine, story: farm.story, offersPickup: farm.offersPickup, offersDelivery: farm.offersDelivery }}
      />
    </>
  );
}
