// A chart with its heading and, for anyone who prefers numbers (or a screen reader's table
// navigation), the same data as a table behind a <details>. Works without JavaScript.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** `wide`: shown from the sm breakpoint up only (a phone keeps the essential columns). */
export type Column<T> = { header: string; cell: (row: T) => ReactNode; numeric?: boolean; wide?: boolean };

const cls = (c: { numeric?: boolean; wide?: boolean }) => `${c.numeric ? "whitespace-nowrap text-right tabular-nums" : ""} ${c.wide ? "hidden sm:table-cell" : ""}`;

export function DataTable<T>({ caption, columns, rows, rowKey }: { caption?: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T, i: number) => string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr className="text-left text-stone-500">
            {columns.map((c) => (
              <th key={c.header} scope="col" className={`py-1 pr-2 align-bottom font-medium last:pr-0 ${cls(c)}`}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)} className="border-t border-stone-100">
              {columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.header} scope="row" className={`py-1 pr-2 text-left font-normal ${cls(c)}`}>{c.cell(row)}</th>
                ) : (
                  <td key={c.header} className={`py-1 pr-2 last:pr-0 ${cls(c)}`}>{c.cell(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChartCard({ title, children, table, actions }: { title: string; children: ReactNode; table?: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-label={title} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h2 className="font-bold">{title}</h2>
        {actions}
      </div>
      {children}
      {table ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm font-semibold text-leaf-700">{t("analytics.showTable")}</summary>
          <div className="mt-2">{table}</div>
        </details>
      ) : null}
    </section>
  );
}
