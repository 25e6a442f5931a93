import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/modules/i18n/format";
import { BarChart } from "~/components/charts/bar-chart";
import { ChartCard, DataTable } from "~/components/charts/chart-card";
import { LineChart } from "~/components/charts/line-chart";
import { CsvLink, Delta, Figure, Kpi, PeriodForm, ShareBar, useLocale } from "~/components/dashboard";
import { departmentDashboard } from "~/modules/analytics/department.server";
import { bucketLabel, compactNumber, compactVnd, dayLabel, formatNumber, formatShare, monthLabel, summarize } from "~/modules/analytics/format";
import { DepartmentFiltersSchema, queryOf, resolvePeriod } from "~/modules/analytics/schemas";
import { localDay } from "~/modules/analytics/time";
import { requirePermission } from "~/modules/auth/auth.server";
import { hasPermission } from "~/modules/auth/permissions";
import { formatQuantity, formatVnd } from "~/modules/i18n/format";
import { fixedT } from "~/modules/i18n/i18next.server";
import { env } from "~/utils/env.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Chợ Nông` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:department-dashboard");
  const query = queryOf(new URL(request.url));
  const now = new Date();
  const period = resolvePeriod(query, now);
  const filters = DepartmentFiltersSchema.parse(query);
  const [dashboard, t] = await Promise.all([departmentDashboard({ period, filters, target: env.TARGET_HOUSEHOLDS }), fixedT(request)]);
  const search = new URLSearchParams({ from: period.from, to: period.to, by: period.by, ...Object.fromEntries(Object.entries(dashboard.filters).filter((e): e is [string, string] => !!e[1])) });
  return { dashboard, title: t("department.title"), today: localDay(now), csvQuery: search.toString(), canExport: hasPermission(user, "export:department-data") };
}

const select = "mt-0.5 block w-full rounded-lg border border-stone-300 bg-white px-2 py-2 text-sm";

export default function Department() {
  const { dashboard: d, today, csvQuery, canExport } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const vnd = (v: number) => formatVnd(v, locale);
  const num = (v: number) => formatNumber(v, locale);
  const csv = (table: string) => (canExport ? <CsvLink href={`/resources/exports/department/${table}.csv?${csvQuery}`} /> : null);
  const by = t(`analytics.granularity.${d.period.by}`);
  const labels = d.series.rows.map((r) => bucketLabel(r.bucket, d.period.by, locale));
  const revenues = d.series.rows.map((r) => r.revenue);
  const s = summarize(d.series.rows.map((r) => bucketLabel(r.bucket, d.period.by, locale, true)), revenues);
  const salesDesc = s.total === 0 ? t("analytics.chartEmpty") : `${t("analytics.chartDesc", { ...s, max: vnd(s.max), total: vnd(s.total) })}${s.anyHidden ? ` ${t("analytics.chartHiddenDesc")}` : ""}`;
  const nf = summarize(d.newFarms.map((r) => monthLabel(r.month, locale, true)), d.newFarms.map((r) => r.count));
  const h = d.households;
  const certName = (kind: string) => (kind === "OCOP" ? "OCOP" : t(`cert.${kind}`));
  // one filter of the dashboard: a select whose first option means "no filter"
  const filter = (name: string, label: string, none: string, current: string | null | undefined, options: Array<[value: string, label: string]>) => (
    <label>
      {label}
      <select name={name} defaultValue={current ?? ""} className={select}>
        <option value="">{none}</option>
        {options.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </label>
  );

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">{t("department.title")}</h1>
        <p className="mt-1 text-sm text-stone-600">{t("department.intro")}</p>
        <p className="mt-1 text-sm">
          <Link to="/department/onboarding" className="font-semibold text-leaf-700">{t("onboardingDept.title")} →</Link>
        </p>
      </div>
      <PeriodForm period={d.period} today={today} keep={d.filters}>
        {filter("commune", t("department.commune"), t("department.allCommunes"), d.filters.commune, d.options.communes.map((c) => [c.code, c.name]))}
        {filter("category", t("department.category"), t("department.allCategories"), d.filters.category, d.options.categories.map((c) => [c.slug, locale === "en" ? c.nameEn : c.nameVi]))}
        {filter("cert", t("department.certification"), t("department.anyCert"), d.filters.cert, d.options.certs.map((k) => [k, certName(k)]))}
      </PeriodForm>
      <p className="text-sm text-stone-600">
        {dayLabel(d.period.from, locale, true)} – {dayLabel(d.period.to, locale, true)}
        {" · "}{t("department.computedAt", { time: formatDate(d.computedAt, locale, { timeStyle: "short" }) })}
      </p>

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Kpi label={t("department.households")} value={num(h.registered)}>{t("department.target", { target: num(h.target) })}</Kpi>
        <Kpi label={t("department.active")} value={<Figure value={h.active} format={num} />}>
          {h.activeShareOfTarget !== null ? (
            <>
              <span aria-hidden="true" className="mb-1 mt-0.5 block h-1.5 overflow-hidden rounded bg-stone-100">
                <span className="block h-full bg-leaf-600" style={{ width: `${Math.min(100, Math.max(1, h.activeShareOfTarget * 100))}%` }} />
              </span>
              {t("department.ofTarget", { pct: formatShare(h.activeShareOfTarget, locale, 1), target: num(h.target) })}
            </>
          ) : null}
          <span className="block">{t("department.activeHint", { days: h.activeDays, date: dayLabel(d.period.to, locale, true) })}</span>
        </Kpi>
        <Kpi label={t("department.grossSales")} value={<Figure value={d.sales.revenue} format={(v) => compactVnd(v, locale)} />}>
          {d.sales.averageOrder !== null ? t("department.averageOrder", { value: vnd(d.sales.averageOrder) }) : null}
        </Kpi>
        <Kpi label={t("department.orders")} value={<Figure value={d.sales.orders} format={num} />} />
        <Kpi label={t("department.cashless")} value={<Figure value={d.sales.cashlessShare} format={(v) => formatShare(v, locale)} />}>
          {d.sales.cardShare !== null ? t("department.cashlessSplit", { card: formatShare(d.sales.cardShare, locale), bank: formatShare(1 - d.sales.cardShare, locale) }) : null}
        </Kpi>
        <Kpi label={t("department.products")} value={num(h.productsOnSale)} />
        <Kpi label={t("department.weekOverWeek")} value={d.sales.weekOverWeek === null ? "—" : <Delta percent={d.sales.weekOverWeek} />}>{t("department.growthHint")}</Kpi>
        <Kpi label={t("department.yearOverYear")} value={d.sales.yearOverYear === null ? "—" : <Delta percent={d.sales.yearOverYear} />}>{t("department.growthHint")}</Kpi>
      </div>
      {!d.sales.visible ? <p role="note" className="rounded-xl bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t("department.viewHidden")}</p> : null}

      <div className="grid gap-3 md:grid-cols-2">
        <ChartCard
          title={t("department.salesChart", { by })}
          actions={csv("series")}
          table={
            <DataTable
              rows={d.series.rows}
              rowKey={(r) => r.bucket}
              columns={[
                { header: t("analytics.bucket"), cell: (r) => bucketLabel(r.bucket, d.period.by, locale, true) },
                { header: t("department.grossSales"), cell: (r) => <Figure value={r.revenue} format={vnd} />, numeric: true },
                { header: t("department.orders"), cell: (r) => <Figure value={r.orders} format={num} />, numeric: true },
              ]}
            />
          }
        >
          <LineChart title={t("department.salesChart", { by })} description={salesDesc} labels={labels} series={[{ name: t("department.grossSales"), values: revenues }]} formatTick={(v) => compactNumber(v, locale)} />
        </ChartCard>
        <ChartCard
          title={t("department.newFarms")}
          actions={csv("new-farms")}
          table={
            <DataTable
              rows={d.newFarms}
              rowKey={(r) => r.month}
              columns={[
                { header: t("analytics.bucket"), cell: (r) => monthLabel(r.month, locale, true) },
                { header: t("department.newCount"), cell: (r) => num(r.count), numeric: true },
                { header: t("department.cumulative"), cell: (r) => num(r.cumulative), numeric: true },
              ]}
            />
          }
        >
          <BarChart
            title={t("department.newFarms")}
            description={nf.total === 0 ? t("analytics.chartEmpty") : t("analytics.chartDesc", { ...nf, max: num(nf.max), total: num(nf.total) })}
            bars={d.newFarms.map((r) => ({ label: monthLabel(r.month, locale), value: r.count }))}
            formatTick={num}
            integer
          />
        </ChartCard>
      </div>

      <ChartCard title={t("department.communes")} actions={csv("communes")}>
        {!d.communes.visible ? <p className="mb-2 text-sm text-amber-900">{t("department.tableHidden")}</p> : null}
        <DataTable
          rows={d.communes.rows}
          rowKey={(r) => r.code}
          columns={[
            { header: t("department.commune"), cell: (r) => <span className={r.code === d.filters.commune ? "font-semibold" : ""}>{r.name}</span> },
            { header: t("department.registered"), cell: (r) => num(r.registered), numeric: true, wide: true },
            { header: t("department.activeShort"), cell: (r) => <Figure value={r.active} format={num} />, numeric: true },
            { header: t("department.grossSales"), cell: (r) => <Figure value={r.revenue} format={vnd} />, numeric: true },
            { header: t("department.share"), cell: (r) => <ShareBar ratio={r.share} />, numeric: true },
          ]}
        />
      </ChartCard>

      <div className="grid gap-3 md:grid-cols-2">
        <ChartCard title={t("department.categories")} actions={csv("categories")}>
          {!d.categories.visible ? <p className="mb-2 text-sm text-amber-900">{t("department.tableHidden")}</p> : null}
          <DataTable
            rows={d.categories.rows}
            rowKey={(r) => r.slug}
            columns={[
              { header: t("department.category"), cell: (r) => (locale === "en" ? r.nameEn : r.nameVi) },
              { header: t("department.grossSales"), cell: (r) => <Figure value={r.revenue} format={vnd} />, numeric: true },
              { header: t("department.share"), cell: (r) => <ShareBar ratio={r.share} />, numeric: true },
            ]}
          />
        </ChartCard>
        <ChartCard title={t("department.certifications")} actions={csv("certifications")}>
          {!d.certifications.visible ? <p className="mb-2 text-sm text-amber-900">{t("department.tableHidden")}</p> : null}
          <DataTable
            rows={d.certifications.rows.filter((r) => r.holders > 0 || r.revenue !== 0)}
            rowKey={(r) => r.kind}
            columns={[
              { header: t("department.certification"), cell: (r) => certName(r.kind) },
              { header: t("department.holders"), cell: (r) => num(r.holders), numeric: true, wide: true },
              { header: t("department.salesOfHolders"), cell: (r) => <Figure value={r.revenue} format={vnd} />, numeric: true },
              { header: t("department.share"), cell: (r) => <ShareBar ratio={r.share} />, numeric: true },
            ]}
          />
        </ChartCard>
      </div>

      <ChartCard title={t("department.topProducts")} actions={csv("products")}>
        <p className="mb-2 text-xs text-stone-500">{t("department.topProductsNote")}</p>
        {d.products.rows.length === 0 ? (
          <p className="text-sm text-stone-600">{d.sales.visible ? t("department.none") : t("department.viewHidden")}</p>
        ) : (
          <DataTable
            rows={d.products.rows}
            rowKey={(r) => `${r.name}-${r.unit}`}
            columns={[
              { header: t("analytics.product"), cell: (r) => r.name },
              { header: t("analytics.quantity"), cell: (r) => `${formatQuantity(r.quantityMilli, locale)} ${t(`units.${r.unit}`, { defaultValue: r.unit })}`, numeric: true, wide: true },
              { header: t("department.grossSales"), cell: (r) => vnd(r.revenue), numeric: true },
              { header: t("department.farmsSelling"), cell: (r) => num(r.farms), numeric: true },
            ]}
          />
        )}
      </ChartCard>

      <p className="text-xs text-stone-500">{t("analytics.hiddenNote")}</p>
      {canExport ? (
        <p className="text-sm">
          <a href={`/resources/exports/department/summary.csv?${csvQuery}`} download className="font-semibold text-leaf-700">{t("department.summaryCsv")}</a>
        </p>
      ) : null}
    </div>
  );
}
