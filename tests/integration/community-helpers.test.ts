// Community digital teams (issue 17, ADR 017) on the real engine, through the routes: an officer
// makes helpers for communes; a helper signs a household up with the household's own code (from
// the fakes of Zalo and eSMS); the helper works for the household, recorded, never on its money;
// a helper of another commune can do nothing there; the household ends the help and the helper
// loses access at once; an officer's revocation does the same everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as helpersAction } from "~/routes/department+/helpers";
import { action as helperAction, loader as helperLoader } from "~/routes/helper+/_index";
import { action as verifyAction } from "~/routes/helper+/verify";
import { action as passwordAction } from "~/routes/helper+/households.$farmId.password";
import { loader as guideLoader } from "~/routes/helper+/households.$farmId.guide";
import { action as membersAction } from "~/routes/seller+/farms.$farmId.members";
import { loader as profileLoader } from "~/routes/seller+/farms.$farmId.profile";
import { checkCredentials } from "~/modules/auth/auth.server";
import { createFarmProduct, adjustStock } from "~/modules/catalog/products.server";
import { getOwnFarm, inviteMember, updateFarmProfile } from "~/modules/farms/farms.server";
import { changeFarmOrderStatus } from "~/modules/orders/orders.server";
import { renderNotification } from "~/modules/notifications/texts.server";
import { db } from "~/utils/db.server";
import { createCategory, createProduct, createSale, createUser, ensureProvince, verifyIdentity } from "../factories";
import { startCodeInbox, type CodeInbox } from "./codes";
import { call, formRequest, getRequest, sessionCookieFor, unwrap } from "./helpers";

const X = "77004"; // Xã Ngãi Giao
const Y = "77005"; // Xã Kim Long
const PASSWORD = "Vuon-Nha-Ba-Tu-2026";

let inbox: CodeInbox;
let officerCookie: string;
let categoryId: string;
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

async function makeHelper(name: string, phone: string, communes: string[]) {
  const fields = new URLSearchParams({ name, phone });
  for (const c of communes) fields.append("communes", c);
  const res = (await call(helpersAction as never, new Request("http://localhost:3000/department/helpers", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: officerCookie }, body: fields.toString() }))) as Response;
  expect(res.status).toBe(302);
  const user = await db.user.findUniqueOrThrow({ where: { phone }, select: { id: true, role: true } });
  expect(user.role).toBe("HELPER");
  return { id: user.id, cookie: await sessionCookieFor(user.id) };
}

/** Steps 1 and 2 as the helper's phone does them; returns the farm, the right to set a password. */
async function assist(helper: { cookie: string }, household: { name: string; phone: string; commune: string }) {
  const started = (await call(helperAction as never, formRequest("/helper", { name: household.name, phone: household.phone, communeCode: household.commune }, helper.cookie), ip())) as Response;
  expect(started.status).toBe(302);
  const codeId = new URL(started.headers.get("Location")!, "http://x").searchParams.get("id")!;
  const code = await inbox.codeFor(household.phone);
  const done = (await call(verifyAction as never, formRequest(`/helper/verify?id=${codeId}`, { id: codeId, code }, helper.cookie))) as Response;
  expect(done.status).toBe(302);
  const farmId = /^\/helper\/households\/(\w+)\/(?:password|guide)$/.exec(done.headers.get("Location")!)![1];
  // the right to set the first password: a cookie of the helper's browser (none when the account has a password)
  const right = done.headers.getSetCookie().find((c) => c.startsWith("cn_pwset="))?.split(";")[0] ?? null;
  return { codeId, farmId, right };
}

beforeAll(async () => {
  inbox = await startCodeInbox();
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "Ba Ria - Vung Tau" }, [
    { code: X, name: "Xã Ngãi Giao", nameEn: "Ngai Giao" },
    { code: Y, name: "Xã Kim Long", nameEn: "Kim Long" },
  ]);
  officerCookie = await sessionCookieFor((await createUser(db, { role: "OFFICER", name: "Cán bộ Sở" })).id);
  categoryId = (await createCategory(db)).id;
});

afterAll(async () => {
  await inbox?.close();
});

describe(`community helpers on ${process.env.TEST_DB_ENGINE}`, () => {
  it("a helper signs a household up on its own phone: the household's code, its consent, its own password", async () => {
    const helper = await makeHelper("Nguyễn Tổ Số", "+84911000001", [X]);
    const household = { name: "Trần Thị Tư", phone: "+84911000101", commune: X };
    const { farmId, right } = await assist(helper, household);
    // the code reached the household's phone; its words say who asks for it and when to type it
    expect(inbox.received(household.phone).length).toBeGreaterThan(0);
    const sent = await db.notification.findFirstOrThrow({ where: { phone: household.phone, kind: "CODE" } });
    const words = await renderNotification(sent);
    expect(words.sms).toContain("Nguyen To So dang giup ban mo gian hang");
    expect(words.body).toContain("tổ công nghệ số Xã Ngãi Giao");

    const owner = await db.user.findUniqueOrThrow({ where: { phone: household.phone }, select: { id: true, role: true, phoneVerifiedAt: true, passwordHash: true } });
    expect(owner).toMatchObject({ role: "FARMER", passwordHash: "!" });
    expect(owner.phoneVerifiedAt).not.toBeNull();
    const members = await db.farmMember.findMany({ where: { farmId }, select: { userId: true, role: true }, orderBy: { role: "asc" } });
    expect(members).toEqual([{ userId: helper.id, role: "HELPER" }, { userId: owner.id, role: "OWNER" }]);
    const hh = await db.household.findUniqueOrThrow({ where: { phone: household.phone } });
    expect(hh).toMatchObject({ source: "ASSISTED", helperId: helper.id, userId: owner.id, farmId, communeCode: X });
    expect(hh.confirmedAt).not.toBeNull();
    // recorded on the farm, and told to the household
    expect(await db.farmAuditEntry.count({ where: { farmId, action: "assist.start", actorId: helper.id } })).toBe(1);
    expect(await db.notification.count({ where: { userId: owner.id, kind: "SECURITY" } })).toBe(1);

    // the household types its own password on the helper's phone; then logs in with it
    expect(right).not.toBeNull();
    const withRight = `${helper.cookie}; ${right}`;
    const set = (await call(passwordAction as never, formRequest(`/helper/households/${farmId}/password`, { password: PASSWORD }, withRight), undefined, { farmId })) as Response;
    expect(set.status).toBe(302);
    expect(set.headers.get("Location")).toBe(`/helper/households/${farmId}/guide`);
    expect(set.headers.getSetCookie().some((c) => c.startsWith("cn_pwset=;"))).toBe(true); // the right is dropped
    expect((await checkCredentials({ identifier: { kind: "phone", value: household.phone }, password: PASSWORD }, { ip: ip() })).ok).toBe(true);
    // the right was single-use: it cannot replace the password now
    const again = await call(passwordAction as never, formRequest(`/helper/households/${farmId}/password`, { password: "Mat-Khau-Khac-2026" }, withRight), undefined, { farmId });
    expect(unwrap(again).status).toBe(400);
    // and another helper holding the same right gets nowhere either
    const other = await makeHelper("Hỗ Trợ Khác", "+84911000011", [X]);
    expect(((await call(passwordAction as never, formRequest(`/helper/households/${farmId}/password`, { password: "Mat-Khau-Khac-2026" }, `${other.cookie}; ${right}`), undefined, { farmId })) as Response).status).toBe(404);
    expect((await checkCredentials({ identifier: { kind: "phone", value: household.phone }, password: PASSWORD }, { ip: ip() })).ok).toBe(true);

    // the printable guide: for the helper and the household, nobody else
    const guide = (await call(guideLoader as never, getRequest(`/helper/households/${farmId}/guide`, helper.cookie), undefined, { farmId })) as { text: { helper: string; login: string[] }; qr: string };
    expect(guide.text.login[1]).toContain("0911 000 101");
    expect(guide.text.helper).toContain("Nguyễn Tổ Số");
    expect(guide.qr).toContain("<svg");
    const stranger = await sessionCookieFor((await createUser(db, { role: "FARMER" })).id);
    expect(((await call(guideLoader as never, getRequest(`/helper/households/${farmId}/guide`, stranger), undefined, { farmId })) as Response).status).toBe(404);

    // the helper's page lists the farm
    const page = (await call(helperLoader as never, getRequest("/helper", helper.cookie))) as { assisting: Array<{ farmId: string; hasPassword: boolean }> };
    expect(page.assisting).toEqual([expect.objectContaining({ farmId, hasPassword: true })]);
  });

  it("the helper works for the household, each step recorded, and never on its money or people", async () => {
    const helper = await makeHelper("Lê Hỗ Trợ", "+84911000002", [X]);
    const { farmId } = await assist(helper, { name: "Phạm Văn Năm", phone: "+84911000102", commune: X });
    // the law's identity check for the household (an officer saw its ID card): then it may publish
    await verifyIdentity(db, (await db.user.findUniqueOrThrow({ where: { phone: "+84911000102" }, select: { id: true } })).id);
    const input = { name: "Bơ sáp 034", categoryId, unit: "kg" as const, priceVnd: 45_000, soldByWeight: true, stepMilli: 500, stockMilli: 20_000, seasonStartMonth: null, seasonEndMonth: null, description: "", status: "ACTIVE" as const };
    const created = await createFarmProduct({ userId: helper.id, farmId, input, photos: [] });
    expect(created.ok).toBe(true);
    const productId = created.ok ? created.productId : "";
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).status).toBe("ACTIVE"); // the household's phone is proven
    expect((await adjustStock({ userId: helper.id, productId, stockMilli: 25_000, stockSeenMilli: 20_000 })).ok).toBe(true);
    // an order moved along by the helper
    const sale = await createSale(db, { farmId, createdAt: new Date(), status: "PAID", lines: [{ productId, priceVnd: 45_000, quantityMilli: 1000 }] });
    expect(await changeFarmOrderStatus({ farmOrderId: sale.id, to: "CONFIRMED", actor: "FARM", userId: helper.id })).toMatchObject({ ok: true });
    expect(await updateFarmProfile({ farmId, userId: helper.id, changes: { story: "Vườn bơ sáp trên đồi đất đỏ." } })).toEqual({ ok: true });
    const log = await db.farmAuditEntry.findMany({ where: { farmId, actorId: helper.id }, select: { action: true }, orderBy: { createdAt: "asc" } });
    expect(log.map((l) => l.action)).toEqual(["assist.start", "helper.product", "helper.stock", "helper.order", "helper.profile"]);
    // the household's own steps are not recorded as a helper's
    const owner0 = await db.user.findUniqueOrThrow({ where: { phone: "+84911000102" }, select: { id: true } });
    expect(await updateFarmProfile({ farmId, userId: owner0.id, changes: { story: "Vườn bơ của nhà." } })).toEqual({ ok: true });
    expect(await db.farmAuditEntry.count({ where: { farmId, actorId: owner0.id, action: { startsWith: "helper." } } })).toBe(0);

    // money, people, identity: the household's alone
    expect(await updateFarmProfile({ farmId, userId: helper.id, changes: { bankBin: "970436", bankAccountNumber: "0123456789", bankAccountName: "LE HO TRO" } })).toEqual({ ok: false, error: "ownerOnly" });
    expect(await updateFarmProfile({ farmId, userId: helper.id, changes: { phone: "+84911999999" } })).toEqual({ ok: false, error: "ownerOnly" });
    expect(await inviteMember({ userId: helper.id, farmId, identifier: { kind: "phone", value: "+84911999998" }, role: "MANAGER" })).toEqual({ ok: false, error: "notYours" });
    const refund = await createSale(db, { farmId, createdAt: new Date(), status: "PAID", lines: [{ productId, priceVnd: 45_000, quantityMilli: 1000 }] });
    await db.farmOrder.update({ where: { id: refund.id }, data: { paidVnd: 45_000 } });
    expect(await changeFarmOrderStatus({ farmOrderId: refund.id, to: "CANCELLED", actor: "FARM", userId: helper.id, reason: "hết hàng" })).toEqual({ ok: false, error: "notAllowed" });
    // the household sets its account; the helper's pages never carry it (the bank page itself is owner-only: authz matrix)
    const owner = await db.user.findUniqueOrThrow({ where: { phone: "+84911000102" }, select: { id: true } });
    expect(await updateFarmProfile({ farmId, userId: owner.id, changes: { bankBin: "970436", bankAccountNumber: "0123456789", bankAccountName: "PHAM VAN NAM" } })).toEqual({ ok: true });
    const seen = (await call(profileLoader as never, getRequest(`/seller/farms/${farmId}/profile`, helper.cookie), undefined, { farmId })) as { farm: Record<string, unknown> };
    expect(seen.farm).toMatchObject({ bankBin: null, bankAccountNumber: null, bankAccountName: null });
    expect(JSON.stringify(seen)).not.toContain("0123456789");
    const ownSeen = (await call(profileLoader as never, getRequest(`/seller/farms/${farmId}/profile`, await sessionCookieFor(owner.id)), undefined, { farmId })) as { farm: Record<string, unknown> };
    expect(ownSeen.farm.bankAccountNumber).toBe("0123456789");
  });

  it("a helper of another commune can do nothing for the household", async () => {
    const helperX = await makeHelper("Hỗ Trợ Xã X", "+84911000003", [X]);
    const helperY = await makeHelper("Hỗ Trợ Xã Y", "+84911000004", [Y]);
    // signing up in a commune not its own
    const refused = unwrap(await call(helperAction as never, formRequest("/helper", { name: "Võ Văn Sáu", phone: "+84911000104", communeCode: X }, helperY.cookie), ip()));
    expect(refused.status).toBe(403);
    expect(await db.verificationCode.count({ where: { target: "+84911000104" } })).toBe(0);
    // completing another helper's code, even with the right code
    const started = (await call(helperAction as never, formRequest("/helper", { name: "Đỗ Thị Bảy", phone: "+84911000105", communeCode: X }, helperX.cookie), ip())) as Response;
    const codeId = new URL(started.headers.get("Location")!, "http://x").searchParams.get("id")!;
    const code = await inbox.codeFor("+84911000105");
    const stolen = unwrap(await call(verifyAction as never, formRequest(`/helper/verify?id=${codeId}`, { id: codeId, code }, helperY.cookie)));
    expect(stolen.status).toBe(400);
    expect(await db.user.count({ where: { phone: "+84911000105" } })).toBe(0);
    // the farm helper X opened is not helper Y's to see or change
    const opened = (await call(verifyAction as never, formRequest(`/helper/verify?id=${codeId}`, { id: codeId, code }, helperX.cookie))) as Response;
    const farmId = /^\/helper\/households\/(\w+)\//.exec(opened.headers.get("Location")!)![1];
    expect(await getOwnFarm({ userId: helperY.id, farmId })).toBeNull();
    const input = { name: "Chuối", categoryId, unit: "kg" as const, priceVnd: 15_000, soldByWeight: false, stepMilli: 1000, stockMilli: 5000, seasonStartMonth: null, seasonEndMonth: null, description: "", status: "DRAFT" as const };
    expect(await createFarmProduct({ userId: helperY.id, farmId, input, photos: [] })).toEqual({ ok: false, error: "notYours" });
  });

  it("the household ends the help and the helper loses access at once; an officer's revocation does it everywhere", async () => {
    const helper = await makeHelper("Trương Hỗ Trợ", "+84911000005", [X]);
    const a = await assist(helper, { name: "Lý Văn Tám", phone: "+84911000106", commune: X });
    const b = await assist(helper, { name: "Mai Thị Chín", phone: "+84911000107", commune: X });
    const ownerA = await db.user.findUniqueOrThrow({ where: { phone: "+84911000106" }, select: { id: true } });
    const product = await createProduct(db, { farmId: a.farmId, categoryId, stockMilli: 10_000 });
    expect((await adjustStock({ userId: helper.id, productId: product.id, stockMilli: 9_000, stockSeenMilli: 10_000 })).ok).toBe(true);

    const ended = (await call(membersAction as never, formRequest(`/seller/farms/${a.farmId}/members`, { op: "remove", userId: helper.id }, await sessionCookieFor(ownerA.id)), undefined, { farmId: a.farmId })) as Response;
    expect(ended.status).toBe(302);
    expect(await adjustStock({ userId: helper.id, productId: product.id, stockMilli: 1_000, stockSeenMilli: 9_000 })).toEqual({ ok: false, error: "notYours" });
    expect(await getOwnFarm({ userId: helper.id, farmId: a.farmId })).toBeNull();
    expect(await db.farmAuditEntry.count({ where: { farmId: a.farmId, action: "assist.end", actorId: ownerA.id } })).toBe(1);
    // the helper still assists the other household
    expect(await getOwnFarm({ userId: helper.id, farmId: b.farmId })).not.toBeNull();

    // an officer revokes the helper: no farm left, sessions ended, a buyer again
    const revoked = (await call(helpersAction as never, formRequest("/department/helpers", { intent: "revoke", userId: helper.id }, officerCookie))) as Response;
    expect(revoked.status).toBe(302);
    expect(await getOwnFarm({ userId: helper.id, farmId: b.farmId })).toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { id: helper.id }, select: { role: true } })).toEqual({ role: "BUYER" });
    expect(await db.session.count({ where: { userId: helper.id } })).toBe(0);
    expect(await db.helperCommune.count({ where: { userId: helper.id } })).toBe(0);
  });

  it("only officers make helpers; an officer's own account cannot become one", async () => {
    const farmer = await sessionCookieFor((await createUser(db, { role: "FARMER" })).id);
    const denied = (await call(helpersAction as never, formRequest("/department/helpers", { name: "Ai Đó", phone: "+84911000009", communes: X }, farmer))) as Response;
    expect(denied.status).toBe(403);
    await createUser(db, { role: "OFFICER", phone: "+84911000010" });
    const taken = unwrap(await call(helpersAction as never, formRequest("/department/helpers", { name: "Cán Bộ", phone: "+84911000010", communes: X }, officerCookie)));
    expect(taken.status).toBe(409);
  });
});
