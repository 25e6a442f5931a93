import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/bar-chart";
import { ChartCard, DataTable } from "~/components/charts/chart-card";
import { Legend, LineChart, type Series } from "~/components/charts/line-chart";
import { CsvLink, Delta, Kpi, PeriodForm, ShareBar, useLocale } from "~/components/dashboard";
import { ErrorBoundary } from "~/components/error-boundary";
import { farmSalesDashboard, PACE_DAYS } from "~/modules/analytics/farm.server";
import { bucketLabel, compactNumber, dayLabel, formatNumber, summarize } from "~/modules/analytics/format";
import { queryOf, resolvePeriod } from "~/modules/analytics/schemas";
import { localDay } from "~/modules/analytics/time";
import { requirePermission } from "~/modules/auth/auth.server";
import { fixedT } from "~/modules/i18n/i18next.server";
import { demandForecastsOfFarm, type ProductDemandForecast } from "~/modules/forecasting/demand.server";
import { ForecastChart } from "~/components/charts/forecast-chart";
import { formatQuantity, formatVnd } from "~/modules/i18n/format";
import { invariantResponse } from "~/utils/http.server";

export { ErrorBoundary };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Chợ Nông` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:seller-dashboard");
  const url = new URL(request.url);
  const now = new Date();
  const period = resolvePeriod(queryOf(url), now);
  const dashboard = await farmSalesDashboard({ userId: user.id, farmId: params.farmId ?? "", period, now });
  invariantResponse(dashboard, "Not found", { status: 404 });
  const [forecasts, t] = await Promise.all([demandForecastsOfFarm({ farmId: dashboard.farm.id, now }), fixedT(request)]);
  return { dashboard, forecasts, title: t("analytics.farm.title", { farm: dashboard.farm.name }), paceDays: PACE_DAYS, today: localDay(now), csv: `/resources/exports/farms/${dashboard.farm.id}/sales.csv?from=${period.from}&to=${period.to}` };
}

export default function FarmSales() {
  const { dashboard: d, today, csv, paceDays, forecasts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const vnd = (v: number) => formatVnd(v, locale);
  const by = t(`analytics.granularity.${d.period.by}`);
  const labels = d.series.map((r) => bucketLabel(r.bucket, d.period.by, locale));
  const long = (b: string) => bucketLabel(b, d.period.by, locale, true);
  const revenueSeries: Series[] = [
    { name: t("analytics.thisPeriod"), values: d.series.map((r) => r.revenue) },
    { name: t("analytics.previousPeriod"), values: d.series.map((r) => (r.previousBucket ? r.previousRevenue : null)), tone: "muted" },
  ];
  const describe = (values: Array<number | null>, format: (v: number) => string) => {
    const s = summarize(d.series.map((r) => long(r.bucket)), values);
    return s.total === 0 ? t("analytics.chartEmpty") : t("analytics.chartDesc", { ...s, max: format(s.max), total: format(s.total) });
  };
  // each bucket of the period beside the same bucket of the previous one, as a table under a chart
  type Row = (typeof d.series)[number];
  const periodTable = (value: (r: Row) => [number, number], format: (v: number) => string) => (
    <DataTable
      rows={d.series}
      rowKey={(r) => r.bucket}
      columns={[
        { header: t("analytics.bucket"), cell: (r) => long(r.bucket) },
        { header: t("analytics.thisPeriod"), cell: (r) => format(value(r)[0]), numeric: true },
        { header: t("analytics.previousPeriod"), cell: (r) => (r.previousBucket ? format(value(r)[1]) : ""), numeric: true },
      ]}
    />
  );
  const k = d.kpis;
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <Link to="/seller" className="text-sm font-semibold text-leaf-700">{t("productForm.back")}</Link>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("analytics.farm.title", { farm: d.farm.name })}</h1>
        <CsvLink href={csv} />
      </div>
      <PeriodForm period={d.period} today={today} />
      <p className="text-sm text-stone-600">
        {dayLabel(d.period.from, locale, true)} – {dayLabel(d.period.to, locale, true)} · {t("analytics.vsPrevious", { from: dayLabel(d.previous.from, locale, true), to: dayLabel(d.previous.to, locale, true) })}
      </p>

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Kpi label={t("analytics.farm.revenue")} value={vnd(k.revenue.current)}>
          <Delta percent={k.revenue.deltaPercent} previous={k.revenue.previous} />
        </Kpi>
        <Kpi label={t("analytics.farm.orders")} value={formatNumber(k.orders.current, locale)}>
          <Delta percent={k.orders.deltaPercent} previous={k.orders.previous} />
        </Kpi>
        <Kpi label={t("analytics.farm.averageOrder")} value={vnd(k.averageOrderValue.current)}>
          <Delta percent={k.averageOrderValue.deltaPercent} previous={k.averageOrderValue.previous} />
        </Kpi>
        <Kpi label={t("analytics.farm.repeatBuyers")} value={formatNumber(k.repeatBuyers.current, locale)}>
          <Delta percent={k.repeatBuyers.deltaPercent} previous={k.repeatBuyers.previous} />{" "}
          <span className="block">{t("analytics.farm.repeatOf", { repeat: k.repeatBuyers.current, buyers: k.buyers.current })}</span>
        </Kpi>
      </div>

      <div className="grid gap-3 md:grid-cols-2">
        <section aria-labelledby="units-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 id="units-heading" className="font-bold">{t("analytics.farm.units")}</h2>
          {k.units.length === 0 ? <p className="mt-1 text-sm text-stone-600">{t("analytics.farm.noUnits")}</p> : null}
          <ul className="mt-1 divide-y divide-stone-100 text-sm">
            {k.units.map((u) => (
              <li key={u.unit} className="flex items-baseline justify-between gap-2 py-1">
                <span className="tabular-nums">
                  <strong>{formatQuantity(u.current, locale)}</strong> {t(`units.${u.unit}`, { defaultValue: u.unit })}
                </span>
                <Delta percent={u.deltaPercent} previous={u.previous} />
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="payment-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 id="payment-heading" className="font-bold">{t("analytics.farm.payment")}</h2>
          <ul className="mt-1 divide-y divide-stone-100 text-sm">
            {d.payment.map((m) => (
              <li key={m.method} className="py-1.5">
                <div className="flex items-baseline justify-between gap-2">
                  <span>{t(`analytics.farm.method.${m.method}`)}</span>
                  <strong className="whitespace-nowrap tabular-nums">{vnd(m.revenue)}</strong>
                </div>
                <div className="flex items-baseline justify-between gap-2 text-xs text-stone-500">
                  <span>{t("analytics.farm.ordersCount", { n: formatNumber(m.orders, locale) })}</span>
                  <ShareBar ratio={m.share ?? 0} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>

      {k.orders.current === 0 && k.orders.previous === 0 ? <p className="rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-stone-200">{t("analytics.farm.noSales")}</p> : null}

      <div className="grid gap-3 md:grid-cols-2">
        <ChartCard
          title={t("analytics.farm.revenueChart", { by })}
          table={periodTable((r) => [r.revenue, r.previousRevenue], vnd)}
        >
          <LineChart title={t("analytics.farm.revenueChart", { by })} description={describe(revenueSeries[0].values, vnd)} labels={labels} series={revenueSeries} formatTick={(v) => compactNumber(v, locale)} />
          <Legend series={revenueSeries} />
        </ChartCard>
        <ChartCard
          title={t("analytics.farm.ordersChart", { by })}
          table={periodTable((r) => [r.orders, r.previousOrders], (v) => formatNumber(v, locale))}
        >
          <BarChart
            title={t("analytics.farm.ordersChart", { by })}
            description={describe(d.series.map((r) => r.orders), (v) => formatNumber(v, locale))}
            bars={d.series.map((r, i) => ({ label: labels[i], value: r.orders }))}
            formatTick={(v) => formatNumber(v, locale)}
            integer
          />
        </ChartCard>
      </div>

      <div className="grid gap-3 md:grid-cols-2">
        <section aria-labelledby="top-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 id="top-heading" className="mb-2 font-bold">{t("analytics.farm.topProducts")}</h2>
          {d.topProducts.length === 0 ? (
            <p className="text-sm text-stone-600">{t("analytics.farm.noSales")}</p>
          ) : (
            <DataTable
              rows={d.topProducts}
              rowKey={(r) => `${r.productId}-${r.unit}`}
              columns={[
                { header: t("analytics.product"), cell: (r) => <Link to={`/seller/products/${r.productId}`} className="text-stone-900">{r.name}</Link> },
                { header: t("analytics.quantity"), cell: (r) => `${formatQuantity(r.quantityMilli, locale)} ${t(`units.${r.unit}`, { defaultValue: r.unit })}`, numeric: true },
                { header: t("analytics.revenue"), cell: (r) => vnd(r.revenue), numeric: true },
              ]}
            />
          )}
        </section>
        <section aria-labelledby="stock-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <h2 id="stock-heading" className="font-bold">{t("analytics.farm.stock")}</h2>
          <p className="mb-2 text-xs text-stone-500">{t("analytics.farm.stockIntro", { days: paceDays })}</p>
          <ul className="divide-y divide-stone-100 text-sm">
            {d.stock.slice(0, 8).map((s) => (
              <li key={s.productId} className="py-1.5">
                <div className="flex items-baseline justify-between gap-2">
                  <Link to={`/seller/products/${s.productId}`} className="min-w-0 truncate font-medium text-stone-900">{s.name}</Link>
                  <span className={`whitespace-nowrap font-semibold tabular-nums ${s.low ? "text-red-700" : "text-stone-700"}`}>
                    {s.stockMilli === 0
                      ? t("analytics.farm.outOfStock")
                      : s.daysOfCover === null
                        ? "—"
                        : s.daysOfCover > 365
                          ? t("analytics.farm.overAYear")
                          : t("analytics.farm.days", { count: Math.floor(s.daysOfCover) })}
                  </span>
                </div>
                <p className="text-xs text-stone-500">
                  {t("analytics.farm.stockLeft")} {formatQuantity(s.stockMilli, locale)} {t(`units.${s.unit}`, { defaultValue: s.unit })} ·{" "}
                  {s.daysOfCover === null
                    ? t("analytics.farm.noPace", { days: paceDays })
                    : `${t("analytics.farm.perDay", { qty: formatQuantity(s.perDayMilli >= 1000 ? Math.round(s.perDayMilli / 100) * 100 : Math.max(10, Math.round(s.perDayMilli / 10) * 10), locale), unit: t(`units.${s.unit}`, { defaultValue: s.unit }) })}${s.runsOutOn && s.stockMilli > 0 && s.daysOfCover <= 365 ? ` · ${t("analytics.farm.runsOut", { date: dayLabel(s.runsOutOn, locale, true) })}` : ""}`}
                </p>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <DemandForecasts forecasts={forecasts} />
    </div>
  );
}

/**
 * What will sell in the coming weeks, per product on sale, in plain words first ("Next week:
 * 40–55 kg (most likely 47 kg)"), then a chart of recent and forecast weeks with the 80% range,
 * the same figures as a table, and how far off past forecasts were (ADR 009).
 */
function DemandForecasts({ forecasts }: { forecasts: ProductDemandForecast[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const qty = (v: number) => formatQuantity(Math.round(v * 1000), locale);
  return (
    <section id="demand-forecast" aria-labelledby="forecast-heading" className="space-y-3">
      <div>
        <h2 id="forecast-heading" className="text-lg font-bold">{t("analytics.farm.forecast")}</h2>
        <p className="text-sm text-stone-600">{t("analytics.farm.forecastIntro")}</p>
      </div>
      {forecasts.length === 0 ? <p className="text-sm text-stone-600">{t("analytics.farm.forecastNoProducts")}</p> : null}
      {forecasts.map((f) => {
        const unit = t(`units.${f.unit}`);
        const next = f.weeks[0];
        const sentence = f.reason === "no-history" || f.reason === "no-sales" || !next
          ? t("analytics.farm.forecastNone")
          : next.hi === 0
            ? t("analytics.farm.forecastZero")
            : t("analytics.farm.forecastNextWeek", { lo: qty(next.lo), hi: qty(next.hi), likely: qty(next.mostLikely), unit });
        const week = (d: string) => dayLabel(d, locale);
        return (
          <ChartCard
            key={f.productId}
            title={f.name}
            table={
              <DataTable
                caption={t("analytics.farm.forecastTable", { product: f.name, unit })}
                columns={[
                  { header: t("analytics.farm.forecastWeek"), cell: (r: (typeof f.weeks)[number]) => week(r.weekStart) },
                  { header: t("analytics.farm.forecastLow"), cell: (r: (typeof f.weeks)[number]) => qty(r.lo), numeric: true },
                  { header: t("analytics.farm.forecastLikely"), cell: (r: (typeof f.weeks)[number]) => qty(r.mostLikely), numeric: true },
                  { header: t("analytics.farm.forecastHigh"), cell: (r: (typeof f.weeks)[number]) => qty(r.hi), numeric: true },
                ]}
                rows={f.weeks}
                rowKey={(r) => r.weekStart}
              />
            }
          >
            <p className="font-semibold">{sentence}</p>
            {f.weeks.length > 0 && f.historyWeeks > 0 ? (
              <ForecastChart
                title={t("analytics.farm.forecastChart", { product: f.name })}
                description={sentence}
                past={f.lastWeeks.map((v, i) => ({ label: i === f.lastWeeks.length - 1 ? t("analytics.farm.lastWeek") : "", value: v }))}
                future={f.weeks.map((w) => ({ label: week(w.weekStart), lo: w.lo, mostLikely: w.mostLikely, hi: w.hi }))}
                formatTick={(v) => compactNumber(v, locale)}
              />
            ) : null}
            <ul className="mt-1 space-y-0.5 text-xs text-stone-600">
              {f.reason === "short-history" ? <li>{t("analytics.farm.forecastShort", { weeks: f.historyWeeks })}</li> : null}
              {f.reason === "intermittent" ? <li>{t("analytics.farm.forecastIntermittent")}</li> : null}
              {f.typicalErrorShare !== null && f.reason !== "short-history" ? <li>{t("analytics.farm.forecastAccuracy", { pct: Math.round(f.typicalErrorShare * 100) })}</li> : null}
              {f.tetUnknown ? <li className="font-medium text-amber-800">{t("analytics.farm.forecastTet")}</li> : null}
            </ul>
          </ChartCard>
        );
      })}
    </section>
  );
}
