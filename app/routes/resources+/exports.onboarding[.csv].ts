// The onboarding funnel per commune and per helper as CSV (ADR 017), with the same small-cell rule
// as the page (a hidden cell is empty).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, toCsv } from "~/modules/analytics/csv.server";
import { localDay } from "~/modules/analytics/time";
import { requirePermission } from "~/modules/auth/auth.server";
import { DEFAULT_PROVINCE } from "~/modules/farms/farms.server";
import { fixedT } from "~/modules/i18n/i18next.server";
import { onboardingFunnel } from "~/modules/onboarding/funnel.server";
import { FUNNEL_STEPS } from "~/modules/onboarding/steps";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:onboarding");
  await requirePermission(request, "export:department-data");
  const [funnel, t] = await Promise.all([onboardingFunnel({ provinceCode: DEFAULT_PROVINCE }), fixedT(request)]);
  const header = [t("onboardingDept.level"), t("onboardingDept.code"), t("onboardingDept.name"), t("onboardingDept.target"), t("onboardingDept.households"), ...FUNNEL_STEPS.map((s) => t(`onboardingDept.steps.${s}`)), t("onboardingDept.stuck")];
  const rows = [
    ...funnel.byCommune.map((r) => [t("onboardingDept.commune"), r.key, r.name, r.target, r.households, ...FUNNEL_STEPS.map((s) => r.counts[s]), r.stuck]),
    ...funnel.byHelper.map((r) => [t("onboardingDept.helper"), "", r.name, null, r.households, ...FUNNEL_STEPS.map((s) => r.counts[s]), r.stuck]),
  ];
  return csvResponse(toCsv(header, rows), `dua-ho-len-cho-${localDay(new Date())}.csv`);
}
