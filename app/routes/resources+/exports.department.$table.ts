import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/auth.server";
import { csvResponse, toCsv } from "~/modules/analytics/csv.server";
import { departmentTableCsv } from "~/modules/analytics/department-csv.server";
import { departmentDashboard } from "~/modules/analytics/department.server";
import { DEPARTMENT_TABLES, DepartmentFiltersSchema, queryOf, resolvePeriod, type DepartmentTable } from "~/modules/analytics/schemas";
import { fixedT, i18next } from "~/modules/i18n/i18next.server";
import { isLocale } from "~/modules/i18n/i18n";
import { env } from "~/utils/env.server";

// /resources/exports/department/<table>.csv?from=…&to=…&by=…&commune=…&category=…&cert=… — one table
// of the department dashboard, with the same suppressed cells as the page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "export:department-data");
  const match = /^([a-z-]+)\.csv$/.exec(params.table ?? "");
  const table = match?.[1] as DepartmentTable | undefined;
  if (!table || !(DEPARTMENT_TABLES as readonly string[]).includes(table)) throw new Response("Not found", { status: 404 });
  const query = queryOf(new URL(request.url));
  const period = resolvePeriod(query);
  const dashboard = await departmentDashboard({ period, filters: DepartmentFiltersSchema.parse(query), target: env.TARGET_HOUSEHOLDS });
  const [t, locale] = await Promise.all([fixedT(request), i18next.getLocale(request)]);
  const { header, rows } = departmentTableCsv(dashboard, table, t, isLocale(locale) ? locale : "vi");
  return csvResponse(toCsv(header, rows), `so-nong-nghiep-${table}-${period.from}-${period.to}.csv`);
}
