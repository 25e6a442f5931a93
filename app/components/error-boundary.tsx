import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** For routes with params: a localised message in place of the page, the layout kept. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const message =
    status === 404 ? t("errors.notFound")
    : status === 403 ? t("errors.forbidden")
    : status === 413 ? t("errors.requestTooLarge")
    : status >= 400 && status < 500 ? t("errors.badRequest") // a form no page sends, an unknown intent…
    : t("errors.server");
  return (
    <div className="rounded-xl bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold">{t("errors.title")} ({status})</h1>
      <p className="mt-2">{message}</p>
      <Link to="/" className="mt-4 inline-block font-semibold text-leaf-700">{t("errors.backHome")}</Link>
    </div>
  );
}
