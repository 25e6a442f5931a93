import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PhotoInput } from "~/components/photo-input";
import { ResponsiveImage } from "~/components/products";
import { requirePermission } from "~/modules/auth/auth.server";
import { checkPhotos } from "~/modules/catalog/products.server";
import { addFarmPhotos, deleteFarmPhoto, getOwnFarm, setFarmCover } from "~/modules/farms/farms.server";
import { isMultipart, parseUpload, RequestTooLarge } from "~/modules/media/upload.server";
import { ImageRejected } from "~/modules/media/validate.server";
import { invariantResponse, readForm } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  return { farm: { id: farm.id, name: farm.name, cover: farm.cover, images: farm.images } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farmId = params.farmId ?? "";
  if (!isMultipart(request)) {
    const form = await readForm(request);
    invariantResponse(await deleteFarmPhoto({ userId: user.id, farmId, mediaId: String(form.get("mediaId") ?? "") }), "Not found", { status: 404 });
    return redirect(`/seller/farms/${farmId}/photos`);
  }
  let parsed;
  try {
    parsed = await parseUpload(request, ["cover", "photos"]);
  } catch (e) {
    if (e instanceof RequestTooLarge) return data({ errors: ["requestTooLarge"] }, { status: 413 });
    throw e;
  }
  const cover = await checkPhotos(parsed.files.filter((f) => f.field === "cover").slice(0, 1));
  const photos = await checkPhotos(parsed.files.filter((f) => f.field === "photos"));
  const errors = [...new Set([...cover.errors, ...photos.errors, ...(parsed.tooMany ? ["tooManyImages"] : [])])];
  if (errors.length) return data({ errors }, { status: 400 });
  try {
    if (cover.ok[0]) invariantResponse(await setFarmCover({ userId: user.id, farmId, photo: cover.ok[0] }), "Not found", { status: 404 });
    if (photos.ok.length) invariantResponse(await addFarmPhotos({ userId: user.id, farmId, photos: photos.ok }), "Not found", { status: 404 });
  } catch (e) {
    // the header looked right, the pixels did not decode (a cut-off upload): say so on the form
    if (e instanceof ImageRejected) return data({ errors: [e.code] }, { status: 400 });
    throw e;
  }
  return redirect(`/seller/farms/${encodeURIComponent(farmId)}/photos`); // not checked when nothing was sent
}

export default function FarmPhotos() {
  const { farm } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <Form method="post" encType="multipart/form-data" className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        {farm.cover ? <ResponsiveImage image={farm.cover} alt={t("onboarding.cover")} sizes="100vw" className="aspect-[16/9] w-full rounded-lg object-cover" /> : null}
        <PhotoInput name="cover" multiple={false} label={t("onboarding.cover")} hint={t("onboarding.coverHint")} />
        <PhotoInput name="photos" label={t("onboarding.farmPhotos")} errors={actionData?.errors} />
        <button type="submit" className="w-full rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t("onboarding.upload")}</button>
      </Form>
      {farm.images.length ? (
        <ul className="grid grid-cols-2 gap-3">
          {farm.images.map((im, i) => (
            <li key={im.mediaId}>
              <ResponsiveImage image={im.view} alt={`${farm.name} ${i + 1}`} sizes="45vw" className="aspect-square w-full rounded-lg object-cover" />
              <Form method="post">
                <input type="hidden" name="mediaId" value={im.mediaId} />
                <button type="submit" className="mt-1 rounded-md border border-stone-300 bg-white px-2 py-1 text-xs">{t("onboarding.deletePhoto")}</button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <Link to={`/seller/farms/${farm.id}/bank`} className="block rounded-lg border border-stone-300 bg-white px-4 py-3 text-center font-semibold no-underline">{t("onboarding.next")}</Link>
    </div>
  );
}
