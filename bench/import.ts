// bench/import: a province's household list through the import (ADR 017): 7,000 households (the
// province's target), as CSV and as XLSX, each checked (the dry run) and imported into a fresh
// database (SQLite, or PostgreSQL with --pg). Prints rows/s and peak memory (RSS) for each step,
// against the bare parse of the same file by the same library (csv-parse, exceljs) measured in the
// same run: what the checks and the database add. Then confirming the batch (one invitation per
// household into the outbox). The last line is one JSON object.
//   npm run bench:import [-- --pg] [--rows 7000]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshPostgresDatabase } from "./pg-database";

const argv = process.argv.slice(2);
const ROWS = Number(argv.includes("--rows") ? argv[argv.indexOf("--rows") + 1] : 7000);
const PG = argv.includes("--pg");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-bench-import-"));
const pg = PG ? await freshPostgresDatabase("bench_import") : null;
process.env.DATABASE_URL = pg ? pg.url : `file:${path.join(dir, "bench.db")}`;
process.env.MEDIA_DIR = path.join(dir, "media");

const { migrateDeploy } = await import("../scripts/migrate");
migrateDeploy(process.env.DATABASE_URL, { quiet: true });
const { db, disconnectDb } = await import("../app/utils/db.server");
const { ensureProvince, createUser } = await import("../tests/factories");
const { PROVINCE, COMMUNES } = await import("../prisma/seed-data");
const { checkHouseholdFile, importBatch, confirmBatch, readTable } = await import("../app/modules/onboarding/import.server");
const { seededRandom } = await import("../app/modules/forecasting/testing/random");
const ExcelJS = (await import("exceljs")).default;

await ensureProvince(db, PROVINCE, COMMUNES);
const officer = await createUser(db, { role: "OFFICER" });

// the list: deterministic names, numbers and communes; 1% of rows with a problem, as real lists have
const random = seededRandom(7000);
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"];
const GIVEN = ["Văn Út", "Thị Hoa", "Minh Tâm", "Thị Lan", "Văn Nam", "Hữu Phước", "Thị Cúc", "Quốc Việt"];
const PRODUCTS = ["Tiêu, cà phê", "Sầu riêng Ri6", "Rau muống, cải ngọt", "Hạt điều", "Nhãn xuồng, chôm chôm", "Gà ta thả vườn", "Mật ong rừng"];
function rows(offset: number): string[][] {
  const out = [["Họ tên", "Số điện thoại", "Mã xã", "Sản phẩm", "Số chứng nhận"]];
  for (let i = 0; i < ROWS; i++) {
    const bad = random() < 0.01;
    const phone = `09${String(offset + i).padStart(8, "0")}`;
    out.push([
      `${FAMILY[Math.floor(random() * FAMILY.length)]} ${GIVEN[Math.floor(random() * GIVEN.length)]}`,
      bad ? phone.slice(0, 6) : `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`,
      COMMUNES[Math.floor(random() * COMMUNES.length)].code,
      PRODUCTS[Math.floor(random() * PRODUCTS.length)],
      random() < 0.2 ? `VG-${Math.floor(random() * 90000 + 10000)}/BRVT` : "",
    ]);
  }
  return out;
}
const csv = (r: string[][]) => Buffer.from("\uFEFF" + r.map((x) => x.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n"));
async function xlsx(r: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Danh sách");
  for (const row of r) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Time and peak RSS of `work` (RSS sampled every 5 ms, from a collected heap). */
async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; peakMb: number; result: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, peakMb: peak / 2 ** 20, result };
}

const figures: Record<string, { ms: number; rowsPerS: number; peakMb: number }> = {};
const line = (name: string, m: { ms: number; peakMb: number }, n = ROWS) => {
  figures[name] = { ms: Math.round(m.ms), rowsPerS: Math.round((n / m.ms) * 1000), peakMb: Math.round(m.peakMb) };
  console.log(`${name.padEnd(22)} ${String(Math.round(m.ms)).padStart(7)} ms ${String(figures[name].rowsPerS).padStart(9)} rows/s   peak RSS ${Math.round(m.peakMb)} MB`);
};

console.log(`bench:import — ${ROWS} households, ${PG ? "PostgreSQL" : "SQLite"}, node ${process.version}, ${os.cpus().length} CPUs`);
const summary: Record<string, unknown> = {};
for (const [format, offset] of [["csv", 10_000_000], ["xlsx", 30_000_000]] as const) {
  const table = rows(offset);
  const bytes = format === "csv" ? csv(table) : await xlsx(table);
  line(`${format} parse (bare)`, await measure(() => readTable(bytes)));
  const dry = await measure(() => checkHouseholdFile({ bytes, fileName: `bench.${format}`, importerId: officer.id, communes: null }));
  line(`${format} dry run`, dry);
  if (!dry.result.ok) throw new Error(dry.result.error);
  const checked = dry.result;
  const imported = await measure(() => importBatch({ batchId: checked.batchId, importerId: officer.id, communes: null }));
  line(`${format} import`, imported, checked.valid);
  const again = await measure(() => checkHouseholdFile({ bytes, fileName: "again", importerId: officer.id, communes: null }));
  line(`${format} dry run again`, again);
  summary[format] = { bytes: bytes.length, valid: checked.valid, problems: checked.errors.length, created: imported.result.ok ? imported.result.created : 0, againValid: again.result.ok ? again.result.valid : null };
  console.log(`  ${format}: ${(bytes.length / 1024).toFixed(0)} KB, ${checked.valid} valid, ${checked.errors.length} with problems, ${summary[format] && (summary[format] as { created: number }).created} created; again: ${again.result.ok ? again.result.valid : "—"} to import`);
}
// the invitations written to the outbox, not sent: sending is bench:notify's (no provider here)
const { stopDelivering } = await import("../app/modules/notifications/deliver.server");
await stopDelivering();
const batch = await db.importBatch.findFirstOrThrow({ where: { status: "IMPORTED" }, orderBy: { createdAt: "asc" } });
const households = await db.household.count({ where: { batchId: batch.id } });
line("confirm (invitations)", await measure(() => confirmBatch({ batchId: batch.id, officerId: officer.id })), households);

await disconnectDb();
await pg?.drop();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: "import", rows: ROWS, engine: PG ? "postgresql" : "sqlite", cpus: os.cpus().length, ...summary, figures }));
