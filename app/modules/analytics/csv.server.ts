// CSV exports: RFC 4180 through csv-stringify, UTF-8 with a byte-order mark so that Excel opens
// Vietnamese text correctly, and no cell that a spreadsheet would run as a formula.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null;

/** Text that starts like a formula (=, +, -, @, tab, CR) is prefixed with ' (OWASP CSV injection). */
export function safeCell(value: CsvCell): CsvCell {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return stringify([header.map(safeCell), ...rows.map((r) => r.map(safeCell))], { bom: true, record_delimiter: "windows", cast: { number: (n) => String(n) } });
}

export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
