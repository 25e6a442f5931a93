// The department follows onboarding (ADR 017): per commune and per helper, invited → phone
// confirmed → farm opened → first product → first sale → active, against each commune's target
// (the province's target split); the households stuck for the helpers to visit; CSV.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsvLink, useLocale } from "~/components/dashboard";
import { ErrorList } from "~/components/forms";
import { formatNumber } from "~/modules/analytics/format";
import { requirePermission } from "~/modules/auth/auth.server";
import { hasPermission } from "~/modules/auth/permissions";
import { DEFAULT_PROVINCE } from "~/modules/farms/farms.server";
import { formatDate } from "~/modules/i18n/format";
import { evenSplit, onboardingFunnel, setCommuneTargets, stuckHouseholds, type FunnelRow } from "~/modules/onboarding/funnel.server";
import { FUNNEL_STEPS } from "~/modules/onboarding/steps";
import { targetSchema } from "~/modules/onboarding/schemas";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Đưa hộ lên chợ — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:onboarding");
  const [funnel, stuck] = await Promise.all([onboardingFunnel({ provinceCode: DEFAULT_PROVINCE }), stuckHouseholds({})]);
  return { funnel, stuck, provinceTarget: env.TARGET_HOUSEHOLDS, canManage: hasPermission(user, "manage:helpers"), canExport: hasPermission(user, "export:department-data") };
}

export async function action({ request }: ActionFunctionArgs) {
  const officer = await requirePermission(request, "manage:helpers");
  const form = await readForm(request);
  const funnel = await onboardingFunnel({ provinceCode: DEFAULT_PROVINCE });
  const codes = funnel.byCommune.map((c) => c.key);
  let targets: Record<string, number | null>;
  if (form.get("intent") === "split") targets = evenSplit(env.TARGET_HOUSEHOLDS, codes);
  else {
    targets = {};
    const bad: string[] = [];
    for (const code of codes) {
      const parsed = targetSchema.safeParse(String(form.get(`target-${code}`) ?? ""));
      if (parsed.success) targets[code] = parsed.data;
      else bad.push(code);
    }
    if (bad.length) return data({ bad }, { status: 400 });
  }
  await setCommuneTargets({ officerId: officer.id, targets });
  return redirectWithFlash("/department/onboarding", { key: "targetsSaved" });
}

export default function Onboarding() {
  const { funnel, stuck, provinceTarget, canManage, canExport } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const locale = useLocale();
  const num = (v: number | null) => (v === null ? t("analytics.hidden") : formatNumber(v, locale));
  const table = (rows: FunnelRow[], first: string, withTarget: boolean) => (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-stone-500">
            <th scope="col" className="py-1 pr-2 font-medium">{first}</th>
            {withTarget ? <th scope="col" className="py-1 pr-2 text-right font-medium">{t("onboardingDept.target")}</th> : null}
            {FUNNEL_STEPS.map((s) => <th key={s} scope="col" className="py-1 pr-2 text-right font-medium">{t(`onboardingDept.steps.${s}`)}</th>)}
            <th scope="col" className="py-1 text-right font-medium">{t("onboardingDept.stuck")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-stone-100">
              <th scope="row" className="py-1 pr-2 text-left font-normal">{r.name}</th>
              {withTarget ? <td className="py-1 pr-2 text-right tabular-nums">{r.target === null ? "—" : num(r.target)}</td> : null}
              {FUNNEL_STEPS.map((s) => <td key={s} className="py-1 pr-2 text-right tabular-nums">{num(r.counts[s])}</td>)}
              <td className="py-1 text-right tabular-nums">{num(r.stuck)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  const total = funnel.total;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("onboardingDept.title")}</h1>
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link to="/department" className="font-semibold text-leaf-700">{t("department.title")}</Link>
          {canManage ? <Link to="/department/helpers" className="font-semibold text-leaf-700">{t("helpers.title")}</Link> : null}
          {canManage ? <Link to="/department/sellers" className="font-semibold text-leaf-700">{t("identity.sellersTitle")}</Link> : null}
          <Link to="/onboarding/import" className="font-semibold text-leaf-700">{t("importPage.title")}</Link>
        </p>
      </div>
      <p className="text-sm text-stone-600">{t("onboardingDept.intro", { target: formatNumber(provinceTarget, locale) })}</p>
      <ol className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" aria-label={t("onboardingDept.funnel")}>
        {FUNNEL_STEPS.map((s) => (
          <li key={s} className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-stone-200">
            <p className="text-xs text-stone-500">{t(`onboardingDept.steps.${s}`)}</p>
            <p className="text-2xl font-bold tabular-nums">{num(total.counts[s])}</p>
          </li>
        ))}
      </ol>
      <section aria-labelledby="by-commune" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="by-commune" className="font-bold">{t("onboardingDept.byCommune")}</h2>
          {canExport ? <CsvLink href="/resources/exports/onboarding.csv" /> : null}
        </div>
        {table(funnel.byCommune, t("onboardingDept.commune"), true)}
        <p className="mt-2 text-xs text-stone-500">{t("onboardingDept.smallNote")}</p>
      </section>
      <section aria-labelledby="by-helper" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 id="by-helper" className="mb-2 font-bold">{t("onboardingDept.byHelper")}</h2>
        {funnel.byHelper.length ? table(funnel.byHelper, t("onboardingDept.helper"), false) : <p className="text-sm text-stone-500">{t("onboardingDept.noHelpers")}</p>}
      </section>
      <section aria-labelledby="stuck-list" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
        <h2 id="stuck-list" className="mb-1 font-bold">{t("onboardingDept.stuckTitle", { count: stuck.length })}</h2>
        <p className="mb-2 text-sm text-stone-600">{t("onboardingDept.stuckIntro")}</p>
        {stuck.length === 0 ? <p className="text-sm text-stone-500">{t("helper.stuckNone")}</p> : (
          <ul className="divide-y divide-stone-100 text-sm">
            {stuck.map((h) => (
              <li key={h.id} className="py-2">
                <strong>{h.name}</strong> · {h.phone} · {funnel.byCommune.find((c) => c.key === h.communeCode)?.name ?? h.communeCode} · {t("helper.invitedOn", { date: h.invitedAt ? formatDate(h.invitedAt, locale) : "—" })}
                {h.helper ? ` · ${h.helper}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
      {canManage ? (
        <section aria-labelledby="targets" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 id="targets" className="mb-1 font-bold">{t("onboardingDept.targetsTitle")}</h2>
          <p className="mb-2 text-sm text-stone-600">{t("onboardingDept.targetsIntro", { set: formatNumber(funnel.targetsSet, locale), target: formatNumber(provinceTarget, locale) })}</p>
          <Form method="post" className="space-y-3">
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
              {funnel.byCommune.map((c) => (
                <label key={c.key} className="flex items-center justify-between gap-2 text-sm">
                  <span>{c.name}</span>
                  <input name={`target-${c.key}`} defaultValue={c.target ?? ""} inputMode="numeric" maxLength={7} className="w-24 rounded-md border border-stone-300 px-2 py-1 text-right" aria-invalid={actionData?.bad?.includes(c.key) || undefined} />
                </label>
              ))}
            </div>
            {actionData?.bad?.length ? <ErrorList errors={["targetInvalid"]} /> : null}
            <div className="flex flex-wrap gap-2">
              <button type="submit" disabled={busy} className="rounded-lg bg-leaf-700 px-4 py-2 text-sm font-semibold text-white">{t("onboardingDept.saveTargets")}</button>
              <button type="submit" name="intent" value="split" disabled={busy} className="rounded-lg border border-stone-300 px-4 py-2 text-sm font-semibold">{t("onboardingDept.split", { target: formatNumber(provinceTarget, locale) })}</button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
