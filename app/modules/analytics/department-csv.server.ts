// Each table of the department dashboard as CSV, made from the same (already suppressed) figures as
// the page: a hidden cell is "—" in the file exactly as on screen.
import type { TFunction } from "i18next";
import type { DepartmentDashboard } from "./department.server";
import type { CsvCell } from "./csv.server";
import type { DepartmentTable } from "./schemas";

const share = (ratio: number | null): CsvCell => (ratio === null ? null : Math.round(ratio * 1000) / 10);
const pct = (value: number | null): CsvCell => (value === null ? null : Math.round(value * 10) / 10);

export function departmentTableCsv(d: DepartmentDashboard, table: DepartmentTable, t: TFunction, locale: "vi" | "en"): { header: string[]; rows: CsvCell[][] } {
  const hidden = t("analytics.hidden");
  const cell = (v: CsvCell): CsvCell => (v === null ? hidden : v);
  const finish = (header: string[], rows: CsvCell[][]) => ({ header, rows: rows.map((r) => r.map(cell)) });
  switch (table) {
    case "summary":
      return finish(
        [t("department.title"), t("analytics.from"), t("analytics.to"), ""],
        (
          [
            [t("department.households"), d.households.registered],
            [t("department.active"), d.households.active],
            [t("department.target", { target: "" }).replace(/[:\s]+$/, ""), d.households.target],
            [`${t("department.grossSales")} (₫)`, d.sales.revenue],
            [t("department.orders"), d.sales.orders],
            [`${t("department.cashless")} (%)`, share(d.sales.cashlessShare)],
            [`${t("analytics.farm.method.CARD")} (%)`, share(d.sales.cardShare)],
            [`${t("department.weekOverWeek")} (%)`, pct(d.sales.weekOverWeek)],
            [`${t("department.yearOverYear")} (%)`, pct(d.sales.yearOverYear)],
          ] as Array<[string, CsvCell]>
        ).map(([label, value]) => [label, d.period.from, d.period.to, value]),
      );
    case "series":
      return finish(
        [t("analytics.bucket"), `${t("department.grossSales")} (₫)`, t("department.orders")],
        d.series.rows.map((r) => [r.bucket, r.revenue, r.orders]),
      );
    case "communes":
      return finish(
        [t("department.rank"), t("department.commune"), t("department.registered"), t("department.activeShort"), `${t("department.grossSales")} (₫)`, t("department.orders"), `${t("department.share")} (%)`],
        d.communes.rows.map((r, i) => [r.revenue === null ? null : i + 1, r.name, r.registered, r.active, r.revenue, r.orders, share(r.share)]),
      );
    case "categories":
      return finish(
        [t("department.category"), `${t("department.grossSales")} (₫)`, `${t("department.share")} (%)`],
        d.categories.rows.map((r) => [locale === "en" ? r.nameEn : r.nameVi, r.revenue, share(r.share)]),
      );
    case "certifications":
      return finish(
        [t("department.certification"), t("department.holders"), `${t("department.salesOfHolders")} (₫)`, `${t("department.share")} (%)`],
        d.certifications.rows.map((r) => [r.kind === "OCOP" ? "OCOP" : t(`cert.${r.kind}`), r.holders, r.revenue, share(r.share)]),
      );
    case "products":
      return finish(
        [t("department.rank"), t("analytics.product"), t("analytics.unit"), t("analytics.quantity"), `${t("department.grossSales")} (₫)`, t("department.farmsSelling")],
        d.products.rows.map((r, i) => [i + 1, r.name, t(`units.${r.unit}`, { defaultValue: r.unit }), r.quantityMilli / 1000, r.revenue, r.farms]),
      );
    case "new-farms":
      return finish(
        [t("analytics.bucket"), t("department.newCount"), t("department.cumulative")],
        d.newFarms.map((r) => [r.month.slice(0, 7), r.count, r.cumulative]),
      );
  }
}
