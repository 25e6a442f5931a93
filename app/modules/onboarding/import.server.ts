// Bulk import of household lists (ADR 017): communes and cooperatives keep them in Excel. A CSV
// (csv-parse) or XLSX (exceljs) file of households — name, phone, commune code from the 2025 list,
// products grown, optional certificate numbers — goes through three steps:
//  1. check (dry run): every row's problems (bad phone, unknown commune, a commune not the
//     helper's, an existing account, a duplicate in the file), nothing written but the batch's
//     record of what it checked;
//  2. import: the batch's valid rows become households (phone unique: importing the same file again
//     creates nothing, a fixed row re-imported alone is created);
//  3. confirm (officers only): the invitations go out. Nothing reaches a phone before.
import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { isVnMobile, normalizeVnPhone } from "~/modules/auth/phone";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { notify } from "~/modules/notifications/notify.server";
import { db } from "~/utils/db.server";
import { foldVietnamese } from "~/utils/fold";
import { cleanLine } from "~/utils/text";

export const IMPORT_LIMITS = {
  /** the file as uploaded */
  maxFileBytes: 5 * 1024 * 1024,
  /** an XLSX unpacked (a zip bomb stops here, before it is unpacked) */
  maxUnpackedBytes: 60 * 1024 * 1024,
  maxRows: 10_000,
  maxCell: 300,
};

export type RowProblem = "nameMissing" | "phoneBad" | "communeUnknown" | "communeNotYours" | "hasAccount" | "duplicateInFile";
export type FileProblem = "fileTooLarge" | "fileUnreadable" | "fileEmpty" | "tooManyRows" | "columnsMissing";
export type ValidRow = { row: number; name: string; phone: string; communeCode: string; products: string; certificates: string };
export type CheckedRow = { row: number; name: string; phone: string; communeCode: string; problems: RowProblem[] };
export type CheckResult =
  | { ok: true; batchId: string; rows: number; valid: number; alreadyListed: number; errors: CheckedRow[] }
  | { ok: false; error: FileProblem; missing?: string[] };

// Column headers as communes write them (folded: no diacritics, lower case), Vietnamese and English.
const COLUMNS = {
  name: ["ho ten", "ho va ten", "ten ho", "ten chu ho", "chu ho", "ten", "name", "household", "household name"],
  phone: ["so dien thoai", "dien thoai", "sdt", "so dt", "phone", "phone number"],
  commune: ["ma xa", "ma xa/phuong", "ma xa phuong", "ma don vi", "xa", "commune", "commune code"],
  products: ["san pham", "nong san", "cay trong", "san pham chinh", "products", "crops"],
  certificates: ["chung nhan", "so chung nhan", "giay chung nhan", "certificates", "certificate numbers"],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ["name", "phone", "commune"];

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The sum of a zip's entries' unpacked sizes, from its central directory, without unpacking. */
export function unpackedZipBytes(bytes: Uint8Array): number | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end-of-central-directory record: in the last 64 KB + 22 bytes
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const entries = buf.readUInt16LE(i + 10);
    let at = buf.readUInt32LE(i + 16);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
      total += buf.readUInt32LE(at + 24);
      at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    }
    return total;
  }
  return null;
}

/** The file's rows as text cells, its first row the header. */
export async function readTable(bytes: Uint8Array): Promise<string[][] | FileProblem> {
  if (bytes.byteLength > IMPORT_LIMITS.maxFileBytes) return "fileTooLarge";
  if (isZip(bytes)) {
    const unpacked = unpackedZipBytes(bytes);
    if (unpacked === null) return "fileUnreadable";
    if (unpacked > IMPORT_LIMITS.maxUnpackedBytes) return "fileTooLarge";
    try {
      const { default: ExcelJS } = await import("exceljs");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) return "fileEmpty";
      if (sheet.rowCount > IMPORT_LIMITS.maxRows + 1) return "tooManyRows";
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: false }, (row) => {
        const cells: string[] = [];
        for (let c = 1; c <= Math.min(row.cellCount, 50); c++) cells.push(row.getCell(c).text ?? "");
        rows.push(cells);
      });
      return rows;
    } catch {
      return "fileUnreadable";
    }
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return parseCsv(text, { bom: true, delimiter: [",", ";", "\t"], relax_column_count: true, skip_empty_lines: true, trim: true, to: IMPORT_LIMITS.maxRows + 2 }) as string[][];
  } catch {
    return "fileUnreadable"; // not UTF-8 (an old Excel "CSV" in Windows-1258), or broken quoting
  }
}

function columnsOf(header: string[]): { map: Partial<Record<Column, number>>; missing: Column[] } {
  const folded = header.map((h) => foldVietnamese(String(h)).replace(/[*:.]/g, "").trim());
  const map: Partial<Record<Column, number>> = {};
  for (const [col, names] of Object.entries(COLUMNS) as Array<[Column, readonly string[]]>) {
    const i = folded.findIndex((h) => names.includes(h));
    if (i >= 0) map[col] = i;
  }
  return { map, missing: REQUIRED.filter((c) => map[c] === undefined) };
}

/** A commune code as typed: Excel drops leading zeros ("7016" was "07016"); the 2025 codes have 5 digits. */
const communeCodeOf = (raw: string) => (/^\d{1,5}$/.test(raw) ? raw.padStart(5, "0") : raw);

/**
 * Step 1, the dry run: reads and checks the file, keeps the valid rows in a CHECKED batch, writes
 * nothing else. `communes` limits the rows to a helper's communes (null: an officer, any commune).
 */
export async function checkHouseholdFile({ bytes, fileName, importerId, communes }: { bytes: Uint8Array; fileName: string; importerId: string; communes: string[] | null }): Promise<CheckResult> {
  const table = await readTable(bytes);
  if (typeof table === "string") return { ok: false, error: table };
  if (table.length < 2) return { ok: false, error: "fileEmpty" };
  if (table.length - 1 > IMPORT_LIMITS.maxRows) return { ok: false, error: "tooManyRows" };
  const { map, missing } = columnsOf(table[0]);
  if (missing.length) return { ok: false, error: "columnsMissing", missing };
  const cell = (r: string[], c: Column) => (map[c] === undefined ? "" : cleanLine(String(r[map[c]!] ?? "")).slice(0, IMPORT_LIMITS.maxCell));

  const parsed = table.slice(1).map((r, i) => {
    const rawPhone = cell(r, "phone");
    return { row: i + 2, name: cell(r, "name"), rawPhone, phone: normalizeVnPhone(rawPhone), communeCode: communeCodeOf(cell(r, "commune")), products: cell(r, "products"), certificates: cell(r, "certificates") };
  });
  const phones = [...new Set(parsed.map((p) => p.phone).filter((p): p is string => !!p))];
  const codes = [...new Set(parsed.map((p) => p.communeCode))];
  const [known, accounts, listed] = await Promise.all([
    db.adminUnit.findMany({ where: { code: { in: codes }, level: "COMMUNE" }, select: { code: true } }),
    inChunks(phones, (chunk) => db.user.findMany({ where: { phone: { in: chunk } }, select: { phone: true } })),
    inChunks(phones, (chunk) => db.household.findMany({ where: { phone: { in: chunk } }, select: { phone: true, userId: true } })),
  ]);
  const knownCodes = new Set(known.map((k) => k.code));
  const listedPhones = new Set(listed.map((h) => h.phone));
  // an account made by this list's own invitation is the household itself, not a duplicate
  const accountPhones = new Set(accounts.map((a) => a.phone!).filter((p) => !listedPhones.has(p)));
  const seen = new Set<string>();
  const valid: ValidRow[] = [];
  const errors: CheckedRow[] = [];
  let alreadyListed = 0;
  for (const p of parsed) {
    const problems: RowProblem[] = [];
    if (p.name.length < 2) problems.push("nameMissing");
    if (!p.phone || !isVnMobile(p.phone)) problems.push("phoneBad"); // a mobile: codes and invitations go to it
    if (!knownCodes.has(p.communeCode)) problems.push("communeUnknown");
    else if (communes && !communes.includes(p.communeCode)) problems.push("communeNotYours");
    if (p.phone && accountPhones.has(p.phone)) problems.push("hasAccount");
    if (p.phone && seen.has(p.phone)) problems.push("duplicateInFile");
    if (p.phone) seen.add(p.phone);
    if (problems.length) errors.push({ row: p.row, name: p.name, phone: p.phone ?? p.rawPhone, communeCode: p.communeCode, problems });
    else if (listedPhones.has(p.phone!)) alreadyListed++;
    else valid.push({ row: p.row, name: p.name, phone: p.phone!, communeCode: p.communeCode, products: p.products, certificates: p.certificates });
  }
  const batch = await db.importBatch.create({
    data: { fileName: cleanLine(fileName).slice(0, 200) || "—", fileHash: createHash("sha256").update(bytes).digest("hex"), rows: parsed.length, valid: JSON.stringify(valid), createdById: importerId },
    select: { id: true },
  });
  return { ok: true, batchId: batch.id, rows: parsed.length, valid: valid.length, alreadyListed, errors };
}

async function inChunks<T>(values: string[], read: (chunk: string[]) => Promise<T[]>, size = 1000): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await read(values.slice(i, i + size))));
  return out;
}

/**
 * Step 2: the checked batch's rows become households, in one transaction. A phone listed meanwhile
 * (another import, a helper's sign-up) is left as it is. Idempotent: a second call creates nothing.
 */
export async function importBatch({ batchId, importerId, communes }: { batchId: string; importerId: string; communes: string[] | null }): Promise<{ ok: true; created: number } | { ok: false; error: "notFound" }> {
  const batch = await db.importBatch.findFirst({ where: { id: batchId, status: "CHECKED", ...(communes ? { createdById: importerId } : {}) }, select: { valid: true } });
  if (!batch) return { ok: false, error: "notFound" };
  const rows = (JSON.parse(batch.valid) as ValidRow[]).filter((r) => !communes || communes.includes(r.communeCode));
  const created = await db.$transaction(
    async (tx) => {
      const { count } = await tx.importBatch.updateMany({ where: { id: batchId, status: "CHECKED" }, data: { status: "IMPORTED", importedAt: new Date() } });
      if (count !== 1) return null; // a double tap: the other one imports
      const listed = new Set<string>();
      for (let i = 0; i < rows.length; i += 1000) {
        for (const h of await tx.household.findMany({ where: { phone: { in: rows.slice(i, i + 1000).map((r) => r.phone) } }, select: { phone: true } })) listed.add(h.phone);
      }
      const fresh = rows.filter((r) => !listed.has(r.phone));
      for (let i = 0; i < fresh.length; i += 500) {
        await tx.household.createMany({
          data: fresh.slice(i, i + 500).map((r) => ({ phone: r.phone, name: r.name, communeCode: r.communeCode, products: r.products, certificates: r.certificates, source: "IMPORT", batchId })),
        });
      }
      await tx.importBatch.update({ where: { id: batchId }, data: { created: fresh.length, valid: "[]" } });
      return fresh.length;
    },
    { timeout: 60_000 },
  );
  return created === null ? { ok: true, created: 0 } : { ok: true, created };
}

/**
 * Step 3, officers only: the invitations of an imported batch go out (one message per household
 * not yet invited and without an account, through the outbox: SMS, or e-mail, within quiet hours).
 */
export async function confirmBatch({ batchId, officerId, now = new Date() }: { batchId: string; officerId: string; now?: Date }): Promise<{ ok: true; invited: number } | { ok: false; error: "notFound" }> {
  const batch = await db.importBatch.findFirst({ where: { id: batchId, status: { in: ["IMPORTED", "CONFIRMED"] } }, select: { id: true } });
  if (!batch) return { ok: false, error: "notFound" };
  const communeNames = new Map<string, string>();
  let invited = 0;
  // 200 households per transaction, read page by page (memory stays flat for a province's list):
  // each page's households leave the where clause as they are invited
  for (;;) {
    const page = await db.household.findMany({ where: { batchId, invitedAt: null, userId: null }, select: { id: true, phone: true, name: true, communeCode: true }, orderBy: { id: "asc" }, take: 200 });
    if (!page.length) break;
    const unknown = [...new Set(page.map((h) => h.communeCode))].filter((c) => !communeNames.has(c));
    for (const u of await db.adminUnit.findMany({ where: { code: { in: unknown } }, select: { code: true, name: true } })) communeNames.set(u.code, u.name);
    invited += await db.$transaction(async (tx) => {
      let n = 0;
      for (const h of page) {
        const { count } = await tx.household.updateMany({ where: { id: h.id, invitedAt: null }, data: { invitedAt: now } });
        if (count !== 1) continue;
        await notify(tx, {
          dedupeKey: `household-invite:${h.id}`, kind: "INVITE", to: { address: h.phone, userId: null, locale: "vi" },
          params: { name: h.name, commune: communeNames.get(h.communeCode) ?? "" }, link: "/signup", now,
        });
        n++;
      }
      return n;
    }, { timeout: 60_000 });
  }
  await db.importBatch.update({ where: { id: batchId }, data: { status: "CONFIRMED", confirmedAt: now, confirmedById: officerId } });
  deliverSoon();
  return { ok: true, invited };
}

/**
 * Dry runs nobody imported: their checked rows (names and phones of people who may never sign up)
 * are not kept past a day (housekeeping).
 */
export async function purgeStaleChecks(now = new Date()): Promise<number> {
  const { count } = await db.importBatch.deleteMany({ where: { status: "CHECKED", createdAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}

/** The latest batches, for the import page. */
export async function listBatches({ importerId, take = 20 }: { importerId: string | null; take?: number }) {
  const rows = await db.importBatch.findMany({
    where: { status: { not: "CHECKED" }, ...(importerId ? { createdById: importerId } : {}) },
    select: { id: true, fileName: true, status: true, rows: true, created: true, createdAt: true, importedAt: true, confirmedAt: true, _count: { select: { households: { where: { invitedAt: { not: null } } } } } },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map(({ _count, ...b }) => ({ ...b, invited: _count.households }));
}
