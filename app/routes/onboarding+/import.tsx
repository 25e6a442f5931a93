// Bulk import of household lists (ADR 017), for officers and helpers (a helper's rows must be in
// its communes). Upload a CSV or XLSX: the dry run lists every row's problems and writes nothing
// but its own record; "Nhập" makes the valid rows households; an officer's "Gửi lời mời" is the only
// thing that sends anything to a phone.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { hasPermission } from "~/modules/auth/permissions";
import { formatVnPhone } from "~/modules/auth/phone";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { isMultipart, parseUpload, RequestTooLarge } from "~/modules/media/upload.server";
import { helperCommunes } from "~/modules/onboarding/helpers.server";
import { checkHouseholdFile, confirmBatch, importBatch, IMPORT_LIMITS, listBatches, type CheckResult } from "~/modules/onboarding/import.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Nhập danh sách hộ — Chợ Nông" }, { name: "robots", content: "noindex" }];

const MAX_SHOWN = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "import:households");
  const officer = hasPermission(user, "confirm:household-import");
  return { batches: await listBatches({ importerId: officer ? null : user.id }), canConfirm: officer, maxRows: IMPORT_LIMITS.maxRows };
}

type Checked = Extract<CheckResult, { ok: true }>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "import:households");
  const officer = hasPermission(user, "confirm:household-import");
  const communes = officer ? null : await helperCommunes(user.id);
  if (isMultipart(request)) {
    let parsed;
    try {
      parsed = await parseUpload(request, ["file"]);
    } catch (e) {
      if (e instanceof RequestTooLarge) return data({ check: null, error: "fileTooLarge" as string, missing: [] as string[] }, { status: 413 });
      throw e;
    }
    const file = parsed.files[0];
    if (!file) return data({ check: null, error: "fileRequired" as string, missing: [] as string[] }, { status: 400 });
    if (file.tooLarge || !file.bytes) return data({ check: null, error: "fileTooLarge" as string, missing: [] as string[] }, { status: 413 });
    const result = await checkHouseholdFile({ bytes: file.bytes, fileName: file.filename, importerId: user.id, communes });
    if (!result.ok) return data({ check: null, error: result.error as string, missing: result.missing ?? [] }, { status: 400 });
    return data({ check: { ...result, errors: result.errors.slice(0, MAX_SHOWN), errorCount: result.errors.length } as Checked & { errorCount: number }, error: null, missing: [] as string[] });
  }
  const form = await readForm(request);
  const batchId = String(form.get("batchId") ?? "").slice(0, 40);
  if (form.get("intent") === "confirm") {
    await requirePermission(request, "confirm:household-import");
    const confirmed = await confirmBatch({ batchId, officerId: user.id });
    if (!confirmed.ok) return data({ check: null, error: "batchNotFound" as string, missing: [] as string[] }, { status: 404 });
    return redirectWithFlash("/onboarding/import", { key: "invitationsSent", values: { count: confirmed.invited } });
  }
  const imported = await importBatch({ batchId, importerId: user.id, communes });
  if (!imported.ok) return data({ check: null, error: "batchNotFound" as string, missing: [] as string[] }, { status: 404 });
  return redirectWithFlash("/onboarding/import", { key: "householdsImported", values: { count: imported.created } });
}

export default function ImportHouseholds() {
  const { batches, canConfirm, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  const check = actionData?.check;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t("importPage.title")}</h1>
      <p className="text-sm text-stone-600">{t("importPage.intro", { max: new Intl.NumberFormat(i18n.language === "en" ? "en-US" : "vi-VN").format(maxRows) })}</p>
      <section aria-labelledby="upload" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 id="upload" className="mb-2 font-bold">{t("importPage.uploadTitle")}</h2>
        <p className="mb-2 text-sm text-stone-600">{t("importPage.columns")}</p>
        <Form method="post" encType="multipart/form-data" className="space-y-3">
          <label className="block text-sm font-medium">
            {t("importPage.file")}
            <input type="file" name="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" className="mt-1 block w-full text-sm" />
          </label>
          {actionData?.error ? <ErrorList errors={[actionData.error]} params={{ columns: actionData.missing.map((m: string) => t(`importPage.col.${m}`)).join(", ") }} /> : null}
          <button type="submit" disabled={busy} className="rounded-lg bg-leaf-700 px-4 py-2 font-semibold text-white">{t("importPage.check")}</button>
        </Form>
      </section>

      {check ? (
        <section aria-labelledby="dry-run" className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 id="dry-run" className="font-bold">{t("importPage.resultTitle")}</h2>
          <p role="status" className="text-sm">{t("importPage.summary", { rows: check.rows, valid: check.valid, listed: check.alreadyListed, errors: check.errorCount })}</p>
          {check.errorCount ? (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" aria-label={t("importPage.problemsTable")}>
                <thead>
                  <tr className="text-left text-stone-500">
                    <th scope="col" className="py-1 pr-2 font-medium">{t("importPage.row")}</th>
                    <th scope="col" className="py-1 pr-2 font-medium">{t("importPage.col.name")}</th>
                    <th scope="col" className="py-1 pr-2 font-medium">{t("importPage.col.phone")}</th>
                    <th scope="col" className="py-1 font-medium">{t("importPage.problems")}</th>
                  </tr>
                </thead>
                <tbody>
                  {check.errors.map((e: { row: number; name: string; phone: string; problems: string[] }) => (
                    <tr key={e.row} className="border-t border-stone-100 align-top">
                      <th scope="row" className="py-1 pr-2 text-left font-normal tabular-nums">{e.row}</th>
                      <td className="py-1 pr-2">{e.name || "—"}</td>
                      <td className="py-1 pr-2 whitespace-nowrap">{e.phone.startsWith("+84") ? formatVnPhone(e.phone) : e.phone || "—"}</td>
                      <td className="py-1 text-red-800">{e.problems.map((p: string) => t(`importPage.problem.${p}`)).join("; ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {check.errorCount > check.errors.length ? <p className="text-xs text-stone-500">{t("importPage.moreProblems", { count: check.errorCount - check.errors.length })}</p> : null}
            </div>
          ) : null}
          {check.valid ? (
            <Form method="post">
              <input type="hidden" name="batchId" value={check.batchId} />
              <button type="submit" name="intent" value="import" disabled={busy} className="rounded-lg bg-leaf-700 px-4 py-2 font-semibold text-white">{t("importPage.import", { count: check.valid })}</button>
              <p className="mt-1 text-xs text-stone-500">{t("importPage.importHint")}</p>
            </Form>
          ) : <p className="text-sm text-stone-600">{t("importPage.nothingToImport")}</p>}
        </section>
      ) : null}

      <section aria-labelledby="batches" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 id="batches" className="mb-2 font-bold">{t("importPage.batchesTitle")}</h2>
        {batches.length === 0 ? <p className="text-sm text-stone-500">{t("importPage.noBatches")}</p> : (
          <ul className="divide-y divide-stone-100 text-sm">
            {batches.map((b) => (
              <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <strong>{b.fileName}</strong> · {formatDate(b.createdAt, i18n.language as Locale)} · {t("importPage.batchLine", { created: b.created, invited: b.invited })} · {t(`importPage.status.${b.status}`)}
                </span>
                {canConfirm && b.status === "IMPORTED" ? (
                  <Form method="post">
                    <input type="hidden" name="batchId" value={b.id} />
                    <button type="submit" name="intent" value="confirm" disabled={busy} className="rounded-md bg-leaf-700 px-3 py-1 text-xs font-semibold text-white">{t("importPage.confirm")}</button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canConfirm ? null : <p className="mt-2 text-xs text-stone-500">{t("importPage.officerConfirms")}</p>}
      </section>
      <p className="text-sm"><Link to={canConfirm ? "/department/onboarding" : "/helper"} className="font-semibold text-leaf-700">← {t("helper.back")}</Link></p>
    </div>
  );
}
