import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { redirectWithFlash, type Flash } from "~/utils/flash.server";
import { statusOf } from "~/utils/errors";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "~/components/error-boundary";
import { PhotoInput } from "~/components/photo-input";
import { ProductForm } from "~/components/product-form";
import { ResponsiveImage } from "~/components/products";
import { ErrorList } from "~/components/forms";
import type { SubmissionResult } from "@conform-to/react";
import { requirePermission } from "~/modules/auth/auth.server";
import { categoryOptions, readProductSubmission } from "~/modules/catalog/product-form.server";
import type { StockOutcome } from "~/modules/catalog/products.server";
import { addProductPhotos, adjustStock, changeProductPhoto, getOwnProduct, listFarmCategories, setProductStatus, updateFarmProduct } from "~/modules/catalog/products.server";
import { StockFormSchema } from "~/modules/catalog/schemas";
import { parseWithZod } from "~/utils/forms";
import { formatQuantityInput } from "~/modules/i18n/format";
import { i18next } from "~/modules/i18n/i18next.server";
import { ImageRejected } from "~/modules/media/validate.server";
import { invariantResponse, readForm } from "~/utils/http.server";

export { ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "Sửa sản phẩm — Chợ Nông" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const product = await getOwnProduct({ userId: user.id, productId: params.productId ?? "" });
  invariantResponse(product, "Not found", { status: 404 });
  const locale = await i18next.getLocale(request);
  return { product, categories: categoryOptions(await listFarmCategories(), locale) };
}

const PHOTO_OPS = { "photo-cover": "cover", "photo-up": "up", "photo-down": "down", "photo-delete": "delete" } as const;

/** "Saved", or — when others changed the stock while the form was open — what happened to it. */
async function stockFlash(request: Request, stock: StockOutcome | undefined): Promise<Flash> {
  if (!stock?.changedMeanwhileMilli) return { key: "productSaved" };
  const locale = (await i18next.getLocale(request)) === "en" ? "en" : "vi";
  return {
    key: stock.changedMeanwhileMilli < 0 ? "stockSoldMeanwhile" : "stockAddedMeanwhile",
    values: { amount: formatQuantityInput(Math.abs(stock.changedMeanwhileMilli), locale), now: formatQuantityInput(stock.nowMilli, locale) },
  };
}

/** The stock figure the form was loaded with (a hidden field), in thousandths. */
function stockSeen(form: FormData): number | null {
  const v = String(form.get("stockSeen") ?? "");
  return /^\d{1,15}$/.test(v) ? Number(v) : null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const productId = params.productId ?? "";
  const url = new URL(request.url);
  const op = url.searchParams.get("op");

  if (op === "stock") {
    // staff may change the stock alone (roles.ts); as a difference from what they saw
    const form = await readForm(request);
    const parsed = parseWithZod(form, { schema: StockFormSchema });
    if (parsed.status !== "success") return data({ result: undefined, photoErrors: [] as string[], stockResult: parsed.reply() }, { status: 400 });
    const res = await adjustStock({ userId: user.id, productId, stockMilli: parsed.value.stock, stockSeenMilli: stockSeen(form) });
    if (!res.ok && res.error === "notYours") throw new Response("Not found", { status: 404 });
    if (!res.ok) return data({ result: undefined, photoErrors: [] as string[], stockResult: parsed.reply({ fieldErrors: { stock: [res.error] } }), currentStockMilli: res.currentStockMilli }, { status: statusOf(res.error) });
    return redirectWithFlash(`/seller/products/${productId}`, await stockFlash(request, res.stock));
  }

  if (op === "photos-add") {
    const { photos, photoErrors } = await readProductSubmission(request);
    if (photoErrors.length || photos.length === 0) return data({ result: undefined, photoErrors: photoErrors.length ? photoErrors : ["imageEmpty"] }, { status: 400 });
    try {
      invariantResponse(await addProductPhotos({ userId: user.id, productId, photos }), "Not found", { status: 404 });
    } catch (e) {
      // the header looked right, the pixels did not decode (a cut-off upload): say so on the form
      if (e instanceof ImageRejected) return data({ result: undefined, photoErrors: [e.code] as string[] }, { status: 400 });
      throw e;
    }
    return redirect(`/seller/products/${productId}`);
  }
  if (op && op in PHOTO_OPS) {
    const form = await readForm(request);
    const ok = await changeProductPhoto({ userId: user.id, productId, mediaId: String(form.get("mediaId") ?? ""), action: PHOTO_OPS[op as keyof typeof PHOTO_OPS] });
    invariantResponse(ok, "Not found", { status: 404 });
    return redirect(`/seller/products/${productId}`);
  }
  if (op === "archive" || op === "unarchive") {
    const ok = await setProductStatus({ userId: user.id, productId, status: op === "archive" ? "ARCHIVED" : "DRAFT" });
    invariantResponse(ok, "Not found", { status: 404 });
    return redirectWithFlash(`/seller/products/${productId}`, { key: "productSaved" });
  }

  const { submission, form } = await readProductSubmission(request);
  if (submission.status !== "success") return data({ result: submission.reply(), photoErrors: [] as string[] }, { status: 400 });
  const saved = await updateFarmProduct({ userId: user.id, productId, input: submission.value, stockSeenMilli: stockSeen(form) });
  if (!saved.ok && saved.error === "notYours") return data({ result: submission.reply({ formErrors: [saved.error] }), photoErrors: [] as string[] }, { status: 404 });
  if (!saved.ok && saved.error === "stockChanged") {
    return data({ result: submission.reply({ fieldErrors: { stock: ["stockChanged"] } }), photoErrors: [] as string[], currentStockMilli: saved.currentStockMilli }, { status: 409 });
  }
  if (!saved.ok) return data({ result: submission.reply({ formErrors: [saved.error] }), photoErrors: [] as string[] }, { status: 400 });
  return redirectWithFlash(`/seller/products/${productId}`, saved.publishBlocked ? { key: saved.publishBlocked === "identity" ? "publishBlockedIdentity" : "publishBlocked" } : await stockFlash(request, saved.stock));
}

export default function EditProduct() {
  const { product: p, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "vi";
  const smallButton = "rounded-md border border-stone-300 bg-white px-2 py-1 text-xs font-medium";
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <Link to="/seller" className="text-sm font-semibold text-leaf-700">{t("productForm.back")}</Link>
      <h1 className="text-2xl font-bold">{t("productForm.editTitle")}</h1>
      <p className="text-sm text-stone-600">
        {p.farm.name} · {t("productForm.status")}: <strong>{t(`seller.status.${p.status}`)}</strong>
        {p.status === "ACTIVE" ? (
          <>
            {" · "}
            <Link to={`/products/${p.slug}`} className="font-semibold text-leaf-700">{t("productForm.view")}</Link>
          </>
        ) : null}
      </p>
      {actionData && "currentStockMilli" in actionData && typeof actionData.currentStockMilli === "number" ? (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {t("productForm.stockNow", { now: formatQuantityInput(actionData.currentStockMilli, locale), unit: p.unit })}
        </p>
      ) : null}
      {p.status === "HIDDEN" ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
          {t("productForm.hiddenByAdmin")} {p.moderationNote ? <strong>{p.moderationNote}</strong> : null}
        </p>
      ) : null}

      {!p.can["product:edit"] ? (
        <Form method="post" action="?op=stock" className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 className="font-semibold">{p.name}</h2>
          <p className="text-sm text-stone-600">{t("productForm.staffStockOnly")}</p>
          <input type="hidden" name="stockSeen" value={String(p.stockMilli)} />
          <label className="block text-sm font-medium" htmlFor="stock-only">{t("productForm.stock")} ({p.unit})</label>
          <input
            id="stock-only"
            name="stock"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={formatQuantityInput(p.stockMilli, locale)}
            aria-describedby="stock-only-error"
            className="block w-full rounded-lg border border-stone-300 px-3 py-2.5 text-base"
          />
          <ErrorList id="stock-only-error" errors={actionData && "stockResult" in actionData ? (actionData.stockResult as SubmissionResult<string[]> | undefined)?.error?.stock ?? undefined : undefined} />
          <button type="submit" className="w-full rounded-lg bg-leaf-700 px-4 py-3 font-semibold text-white">{t("productForm.saveStock")}</button>
        </Form>
      ) : null}

      {p.can["product:edit"] ? (
      <>
      <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" aria-labelledby="photos-h">
        <h2 id="photos-h" className="font-semibold">{t("productForm.photos")}</h2>
        {p.images.length === 0 ? <p className="text-sm text-stone-600">{t("productForm.noPhotos")}</p> : null}
        <ul className="grid grid-cols-2 gap-3">
          {p.images.map((im, i) => (
            <li key={im.mediaId} className="space-y-1">
              <ResponsiveImage image={im.view} alt={`${p.name} ${i + 1}`} sizes="45vw" className="aspect-square w-full rounded-lg object-cover" />
              {im.isCover ? <p className="text-xs font-semibold text-leaf-700">★ {t("productForm.cover")}</p> : null}
              <div className="flex flex-wrap gap-1">
                {(["photo-cover", "photo-up", "photo-down", "photo-delete"] as const)
                  .filter((op) => !(op === "photo-cover" && im.isCover) && !(op === "photo-up" && i === 0) && !(op === "photo-down" && i === p.images.length - 1))
                  .map((op) => (
                    <Form key={op} method="post" action={`?op=${op}`}>
                      <input type="hidden" name="mediaId" value={im.mediaId} />
                      <button type="submit" className={smallButton}>
                        {t({ "photo-cover": "productForm.makeCover", "photo-up": "productForm.moveUp", "photo-down": "productForm.moveDown", "photo-delete": "productForm.deletePhoto" }[op])}
                      </button>
                    </Form>
                  ))}
              </div>
            </li>
          ))}
        </ul>
        <Form method="post" action="?op=photos-add" encType="multipart/form-data" className="space-y-2">
          <PhotoInput name="photos" label={t("productForm.addPhotos")} errors={actionData?.result === undefined ? actionData?.photoErrors : undefined} />
          <button type="submit" className="rounded-lg bg-leaf-700 px-4 py-2 text-sm font-semibold text-white">{t("productForm.upload")}</button>
        </Form>
      </section>

      <ProductForm
        lastResult={actionData?.result}
        categories={categories}
        withPhotos={false}
        hidden={{ stockSeen: String(p.stockMilli) }}
        defaults={{
          name: p.name,
          categoryId: p.categoryId,
          unit: p.unit,
          price: new Intl.NumberFormat(locale === "en" ? "en-US" : "vi-VN").format(p.priceVnd),
          soldByWeight: p.soldByWeight,
          step: formatQuantityInput(p.stepMilli, locale),
          stock: formatQuantityInput(p.stockMilli, locale),
          seasonStartMonth: p.seasonStartMonth ? String(p.seasonStartMonth) : "",
          seasonEndMonth: p.seasonEndMonth ? String(p.seasonEndMonth) : "",
          description: p.description,
        }}
      />

      <Form method="post" action={`?op=${p.status === "ARCHIVED" ? "unarchive" : "archive"}`}>
        <button type="submit" className="w-full rounded-lg border border-red-300 bg-white px-4 py-3 font-semibold text-red-800">
          {t(p.status === "ARCHIVED" ? "productForm.unarchive" : "productForm.archive")}
        </button>
      </Form>
      </>
      ) : null}
    </div>
  );
}
