import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { redirectWithFlash } from "~/utils/flash.server";
import { statusOf } from "~/utils/errors";
import { useTranslation } from "react-i18next";
import { ProductForm } from "~/components/product-form";
import { requirePermission } from "~/modules/auth/auth.server";
import { categoryOptions, readProductSubmission } from "~/modules/catalog/product-form.server";
import { createFarmProduct, listFarmCategories } from "~/modules/catalog/products.server";
import { listMyFarms } from "~/modules/farms/farms.server";
import { i18next } from "~/modules/i18n/i18next.server";

export const meta: MetaFunction = () => [{ title: "Đăng sản phẩm — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "create:product:own");
  const farms = await listMyFarms({ userId: user.id });
  if (farms.length === 0) throw redirect("/seller/farms/new");
  const wanted = new URL(request.url).searchParams.get("farm");
  const farm = farms.find((f) => f.id === wanted) ?? farms[0];
  const locale = await i18next.getLocale(request);
  return { farm: { id: farm.id, name: farm.name }, categories: categoryOptions(await listFarmCategories(), locale) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create:product:own");
  const { form, submission, photos, photoErrors } = await readProductSubmission(request);
  if (submission.status !== "success" || photoErrors.length) {
    return data({ result: submission.reply(), photoErrors }, { status: 400 });
  }
  const farmId = String(form.get("farmId") ?? "");
  const saved = await createFarmProduct({ userId: user.id, farmId, input: submission.value, photos });
  if (!saved.ok) {
    return data({ result: submission.reply({ formErrors: [saved.error] }), photoErrors: [] }, { status: saved.error === "notYours" ? 403 : statusOf(saved.error) });
  }
  return redirectWithFlash(`/seller/products/${saved.productId}`, { key: saved.publishBlocked === "identity" ? "publishBlockedIdentity" : saved.publishBlocked ? "publishBlocked" : "productSaved" });
}

export default function NewProduct() {
  const { farm, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <Link to="/seller" className="text-sm font-semibold text-leaf-700">{t("productForm.back")}</Link>
      <h1 className="text-2xl font-bold">{t("productForm.newTitle")}</h1>
      <p className="text-sm text-stone-600">{farm.name}</p>
      {/* The farm id travels in the form; the action creates the product only for a member. */}
      <ProductForm lastResult={actionData?.result} categories={categories} withPhotos photoErrors={actionData?.photoErrors} hidden={{ farmId: farm.id }} />
    </div>
  );
}
