// Building blocks shared by the farm and department dashboards: the period form (a plain GET form,
// so it works with JavaScript off), figure cards, changes against the previous period, hidden cells.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDelta, formatShare } from "~/modules/analytics/format";
import { addDays, addMonths, type Granularity } from "~/modules/analytics/time";
import type { Locale } from "~/modules/i18n/i18n";

export function useLocale(): Locale {
  return useTranslation().i18n.language === "en" ? "en" : "vi";
}

const input = "mt-0.5 block w-full rounded-lg border border-stone-300 bg-white px-2 py-2 text-sm";

export function PeriodForm({
  period,
  today,
  keep = {},
  children,
}: {
  period: { from: string; to: string; by: Granularity };
  today: string;
  keep?: Record<string, string | undefined>;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const presets = [
    { key: "d7", from: addDays(today, -6), by: "day" },
    { key: "d30", from: addDays(today, -29), by: "day" },
    { key: "d90", from: addDays(today, -89), by: "week" },
    { key: "m12", from: addDays(addMonths(today, -12), 1), by: "month" },
  ] as const;
  const href = (from: string, by: string) => {
    const sp = new URLSearchParams(Object.entries(keep).filter((e): e is [string, string] => !!e[1]));
    sp.set("from", from);
    sp.set("to", today);
    sp.set("by", by);
    return `?${sp}`;
  };
  return (
    <Form method="get" className="space-y-3 rounded-xl bg-white p-3 shadow-sm ring-1 ring-stone-200" aria-label={t("analytics.period")}>
      <nav aria-label={t("analytics.period")} className="-mx-1 flex flex-wrap gap-2 px-1 text-sm">
        {presets.map((p) => {
          const current = period.from === p.from && period.to === today && period.by === p.by;
          return (
            <Link
              key={p.key}
              to={href(p.from, p.by)}
              aria-current={current ? "true" : undefined}
              className={`whitespace-nowrap rounded-full px-3 py-1 no-underline ring-1 ring-stone-200 ${current ? "bg-leaf-700 font-semibold text-white" : "bg-white text-stone-700"}`}
            >
              {t(`analytics.presets.${p.key}`)}
            </Link>
          );
        })}
      </nav>
      <div className="grid grid-cols-2 gap-2 text-xs sm:grid-cols-4">
        <label>
          {t("analytics.from")}
          <input type="date" name="from" defaultValue={period.from} max={today} className={input} />
        </label>
        <label>
          {t("analytics.to")}
          <input type="date" name="to" defaultValue={period.to} max={today} className={input} />
        </label>
        <label>
          {t("analytics.by")}
          <select name="by" defaultValue={period.by} className={input}>
            {(["day", "week", "month"] as const).map((g) => (
              <option key={g} value={g}>{t(`analytics.granularity.${g}`)}</option>
            ))}
          </select>
        </label>
        {children}
        <div className="col-span-2 flex items-end sm:col-span-1">
          <button type="submit" className="w-full rounded-lg bg-leaf-700 px-4 py-2 text-sm font-semibold text-white">{t("analytics.apply")}</button>
        </div>
      </div>
    </Form>
  );
}

export function Kpi({ label, value, children }: { label: string; value: ReactNode; children?: ReactNode }) {
  return (
    <div className="min-w-0 rounded-xl bg-white p-3 shadow-sm ring-1 ring-stone-200 sm:p-4">
      <p className="text-sm text-stone-500">{label}</p>
      <p className="mt-0.5 truncate text-xl font-bold tabular-nums sm:text-2xl">{value}</p>
      {children ? <div className="mt-0.5 text-xs text-stone-500">{children}</div> : null}
    </div>
  );
}

/** A change in percent, green when up and red when down; "new" when there was nothing before. */
export function Delta({ percent, previous }: { percent: number | null; previous?: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (percent === null) return previous === 0 ? <span className="font-semibold text-leaf-700">{t("analytics.newValue")}</span> : null;
  const up = Math.round(percent) > 0;
  const down = Math.round(percent) < 0;
  return (
    <span className={`font-semibold tabular-nums ${up ? "text-leaf-700" : down ? "text-red-700" : "text-stone-600"}`}>
      <span aria-hidden="true">{up ? "▲ " : down ? "▼ " : ""}</span>
      {formatDelta(percent, locale)}
    </span>
  );
}

/** A suppressed figure: "—", with its reason for screen readers and on hover. */
export function Hidden() {
  const { t } = useTranslation();
  return (
    <span title={t("analytics.hiddenLabel")}>
      <span aria-hidden="true">{t("analytics.hidden")}</span>
      <span className="sr-only">{t("analytics.hiddenLabel")}</span>
    </span>
  );
}

/** A figure that may be hidden (null). */
export function Figure({ value, format }: { value: number | null; format: (v: number) => string }) {
  return value === null ? <Hidden /> : <>{format(value)}</>;
}

/** A share as a percentage with a thin bar behind it (the bar is decoration). */
export function ShareBar({ ratio }: { ratio: number | null }) {
  const locale = useLocale();
  if (ratio === null) return <Hidden />;
  return (
    <span className="inline-flex items-center justify-end gap-1.5">
      <span aria-hidden="true" className="hidden h-1.5 w-12 overflow-hidden rounded bg-stone-100 sm:inline-block">
        <span className="block h-full bg-leaf-600" style={{ width: `${Math.min(100, Math.max(0, ratio * 100))}%` }} />
      </span>
      {formatShare(ratio, locale)}
    </span>
  );
}

export function CsvLink({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <a href={href} download className="whitespace-nowrap text-sm font-semibold text-leaf-700">
      {t("analytics.downloadCsv")}
    </a>
  );
}
