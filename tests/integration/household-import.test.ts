// Bulk import of household lists (issue 17, ADR 017) on the real engine: a 1,000-row file with 20
// bad rows (CSV and XLSX); the dry run lists exactly those 20 and writes nothing but its record;
// the import creates 980; the same file again creates none; a fixed row re-imported alone is
// created; nothing reaches a phone until an officer confirms; a helper imports only its communes.
// Through the import route for the upload (multipart, as a browser sends it).
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { action as importAction } from "~/routes/onboarding+/import";
import { checkHouseholdFile, confirmBatch, importBatch, purgeStaleChecks, readTable, unpackedZipBytes } from "~/modules/onboarding/import.server";
import { saveHelper } from "~/modules/onboarding/helpers.server";
import { db } from "~/utils/db.server";
import { createUser, ensureProvince } from "../factories";
import { call, sessionCookieFor, unwrap } from "./helpers";

const COMMUNES = ["77004", "77005", "77006"];
let officer: { id: string; cookie: string };

/** 1,000 households, rows 2–1001, with 20 bad rows at known places. */
function householdRows(offset: number) {
  const rows: string[][] = [["Họ tên", "Số điện thoại", "Mã xã", "Sản phẩm", "Số chứng nhận"]];
  const bad = new Map<number, string>();
  for (let i = 0; i < 1000; i++) {
    const phone = `09${String(offset + i).padStart(8, "0")}`;
    let row = [`Hộ Nông Dân ${i}`, phone.replace(/(\d{4})(\d{3})(\d{3})/, "$1 $2 $3"), COMMUNES[i % 3], "Tiêu, cà phê", i % 7 === 0 ? `VG-${i}` : ""];
    if (i % 50 === 7) {
      // 20 bad rows: a bad phone, an unknown commune, a missing name, a duplicate of a row above, an existing account
      const kind = (i / 50) % 5 | 0;
      if (kind === 0) row = [row[0], "012345", row[2], row[3], row[4]];
      if (kind === 1) row = [row[0], row[1], "99999", row[3], row[4]];
      if (kind === 2) row = ["", row[1], row[2], row[3], row[4]];
      if (kind === 3) row = [row[0], rows[rows.length - 1][1], row[2], row[3], row[4]];
      if (kind === 4) row = [row[0], `09${String(offset + 9000 + i).padStart(8, "0")}`, row[2], row[3], row[4]];
      bad.set(i + 2, ["phoneBad", "communeUnknown", "nameMissing", "duplicateInFile", "hasAccount"][kind]);
    }
    rows.push(row);
  }
  return { rows, bad };
}

const csvOf = (rows: string[][]) => Buffer.from("\uFEFF" + rows.map((r) => r.map((c) => (/[",;\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n"), "utf8");

async function xlsxOf(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Danh sách");
  for (const r of rows) ws.addRow(r.map((c, i) => (i === 2 && /^\d+$/.test(c) ? Number(c) : c))); // commune codes as numbers, as Excel keeps them
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(bytes: Buffer, fileName: string, cookie: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), fileName);
  return new Request("http://localhost:3000/onboarding/import", { method: "POST", headers: { Cookie: cookie }, body: form });
}

beforeAll(async () => {
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "Ba Ria - Vung Tau" }, COMMUNES.map((code) => ({ code, name: `Xã ${code}`, nameEn: code })));
  const o = await createUser(db, { role: "OFFICER" });
  officer = { id: o.id, cookie: await sessionCookieFor(o.id) };
});

describe(`household import on ${process.env.TEST_DB_ENGINE}`, () => {
  for (const format of ["csv", "xlsx"] as const) {
    it(`a ${format.toUpperCase()} of 1,000 households with 20 bad rows: exactly those 20 listed, 980 imported, none the second time`, async () => {
      const offset = format === "csv" ? 10_000_000 : 20_000_000;
      const { rows, bad } = householdRows(offset);
      // the existing accounts the "hasAccount" rows name
      for (const [row, kind] of bad) if (kind === "hasAccount") await createUser(db, { phone: `+84${rows[row - 1][1].slice(1)}` });
      const bytes = format === "csv" ? csvOf(rows) : await xlsxOf(rows);
      const households = await db.household.count();

      const dry = unwrap<{ check: { batchId: string; rows: number; valid: number; alreadyListed: number; errorCount: number; errors: Array<{ row: number; problems: string[] }> } }>(await call(importAction as never, upload(bytes, `danh-sach.${format}`, officer.cookie)));
      expect(dry.status).toBe(200);
      const check = dry.value.check;
      expect({ rows: check.rows, valid: check.valid, listed: check.alreadyListed, errors: check.errorCount }).toEqual({ rows: 1000, valid: 980, listed: 0, errors: 20 });
      expect(new Map(check.errors.map((e) => [e.row, e.problems.join(",")]))).toEqual(bad);
      expect(await db.household.count()).toBe(households); // the dry run wrote no household

      const imported = (await call(importAction as never, new Request("http://localhost:3000/onboarding/import", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: officer.cookie }, body: new URLSearchParams({ intent: "import", batchId: check.batchId }).toString() }))) as Response;
      expect(imported.status).toBe(302);
      expect(await db.household.count()).toBe(households + 980);
      // importing the same checked batch twice (a double tap) creates nothing more
      expect(await importBatch({ batchId: check.batchId, importerId: officer.id, communes: null })).toEqual({ ok: false, error: "notFound" });

      // the same file again: 980 already listed, the same 20 problems, nothing created
      const again = await checkHouseholdFile({ bytes, fileName: "again", importerId: officer.id, communes: null });
      expect(again).toMatchObject({ ok: true, valid: 0, alreadyListed: 980 });
      expect(again.ok && again.errors.length).toBe(20);
      expect(again.ok && (await importBatch({ batchId: again.batchId, importerId: officer.id, communes: null }))).toEqual({ ok: true, created: 0 });
      expect(await db.household.count()).toBe(households + 980);

      // one bad row fixed and imported alone
      const fixed = [rows[0], [`Hộ Sửa Lại ${format}`, `09${String(offset + 5000).padStart(8, "0")}`, COMMUNES[0], "", ""]];
      const one = await checkHouseholdFile({ bytes: format === "csv" ? csvOf(fixed) : await xlsxOf(fixed), fileName: "mot-dong", importerId: officer.id, communes: null });
      expect(one).toMatchObject({ ok: true, valid: 1, errors: [] });
      expect(one.ok && (await importBatch({ batchId: one.batchId, importerId: officer.id, communes: null }))).toEqual({ ok: true, created: 1 });
    }, 120_000);
  }

  it("sends nothing to a phone until an officer confirms, then one invitation each, once", async () => {
    const rows = [["Họ tên", "Số điện thoại", "Mã xã"], ["Hộ Mời Một", "0933 000 001", "77004"], ["Hộ Mời Hai", "0933 000 002", "77005"]];
    const check = await checkHouseholdFile({ bytes: csvOf(rows), fileName: "moi", importerId: officer.id, communes: null });
    expect(check.ok).toBe(true);
    const batchId = check.ok ? check.batchId : "";
    await importBatch({ batchId, importerId: officer.id, communes: null });
    const invites = () => db.notification.count({ where: { kind: "INVITE", phone: { in: ["+84933000001", "+84933000002"] } } });
    expect(await invites()).toBe(0);
    expect(await confirmBatch({ batchId, officerId: officer.id })).toEqual({ ok: true, invited: 2 });
    expect(await invites()).toBe(2);
    expect(await confirmBatch({ batchId, officerId: officer.id })).toEqual({ ok: true, invited: 0 });
    expect(await invites()).toBe(2);
    // a helper cannot confirm
    const helper = await saveHelper({ officerId: officer.id, phone: "+84933000099", name: "Tổ Số", communeCodes: ["77004"] });
    const cookie = await sessionCookieFor(helper.ok ? helper.userId : "");
    const denied = (await call(importAction as never, new Request("http://localhost:3000/onboarding/import", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: new URLSearchParams({ intent: "confirm", batchId }).toString() }))) as Response;
    expect(denied.status).toBe(403);
  });

  it("a helper's file: rows outside its communes are problems", async () => {
    const helper = await saveHelper({ officerId: officer.id, phone: "+84933000098", name: "Tổ Số Hai", communeCodes: ["77004"] });
    const cookie = await sessionCookieFor(helper.ok ? helper.userId : "");
    const rows = [["Ho ten", "SDT", "Ma xa"], ["Hộ Trong Xã", "0944 000 001", "77004"], ["Hộ Ngoài Xã", "0944 000 002", "77005"]];
    const dry = unwrap<{ check: { valid: number; errors: Array<{ row: number; problems: string[] }> } }>(await call(importAction as never, upload(csvOf(rows), "to-so.csv", cookie)));
    expect(dry.value.check.valid).toBe(1);
    expect(dry.value.check.errors).toEqual([expect.objectContaining({ row: 3, problems: ["communeNotYours"] })]);
    // another helper of the same commune cannot import this helper's checked batch by its id
    const other = await saveHelper({ officerId: officer.id, phone: "+84933000097", name: "Tổ Số Ba", communeCodes: ["77004"] });
    const otherCookie = await sessionCookieFor(other.ok ? other.userId : "");
    const batchId = (await db.importBatch.findFirstOrThrow({ where: { fileName: "to-so.csv" }, select: { id: true } })).id;
    const stolen = unwrap(await call(importAction as never, new Request("http://localhost:3000/onboarding/import", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: otherCookie }, body: new URLSearchParams({ intent: "import", batchId }).toString() })));
    expect(stolen.status).toBe(404);
    expect(await db.household.count({ where: { phone: "+84944000001" } })).toBe(0);
  });

  it("forgets a dry run nobody imported after a day", async () => {
    const rows = [["Họ tên", "Số điện thoại", "Mã xã"], ["Hộ Bỏ Dở", "0955 000 001", "77004"]];
    const check = await checkHouseholdFile({ bytes: csvOf(rows), fileName: "bo-do", importerId: officer.id, communes: null });
    const batchId = check.ok ? check.batchId : "";
    expect(await purgeStaleChecks(new Date(Date.now() + 3_600_000))).toBe(0); // an hour later: kept
    expect(await purgeStaleChecks(new Date(Date.now() + 25 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect(await db.importBatch.findUnique({ where: { id: batchId } })).toBeNull();
    expect(await db.importBatch.count({ where: { status: { not: "CHECKED" } } })).toBeGreaterThan(0); // imported ones stay
  });

  it("refuses what it cannot read, clearly, and bounds what it unpacks", async () => {
    const check = (bytes: Buffer) => checkHouseholdFile({ bytes, fileName: "x", importerId: officer.id, communes: null });
    expect(await check(Buffer.from("Tên,Điện thoại\nA,0912345678\n"))).toEqual({ ok: false, error: "columnsMissing", missing: ["commune"] });
    expect(await check(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toEqual({ ok: false, error: "fileUnreadable" }); // UTF-16, not UTF-8
    expect(await check(Buffer.from("Họ tên,Số điện thoại,Mã xã\n"))).toEqual({ ok: false, error: "fileEmpty" });
    expect(await check(Buffer.from("PK\u0003\u0004 not really a zip"))).toEqual({ ok: false, error: "fileUnreadable" });
    expect(await check(Buffer.alloc(6 * 1024 * 1024, 65))).toEqual({ ok: false, error: "fileTooLarge" });
    // a real XLSX's central directory is read without unpacking it
    const xlsx = await xlsxOf([["Họ tên", "Số điện thoại", "Mã xã"], ["A", "0912345678", "77004"]]);
    expect(unpackedZipBytes(xlsx)).toBeGreaterThan(xlsx.length);
    expect(Array.isArray(await readTable(xlsx))).toBe(true);
    // 10,001 rows is too many
    const many = [["Họ tên", "Số điện thoại", "Mã xã"], ...Array.from({ length: 10_001 }, (_, i) => [`H${i}`, `09${String(i).padStart(8, "0")}`, "77004"])];
    expect(await check(csvOf(many))).toEqual({ ok: false, error: "tooManyRows" });
  });
});
