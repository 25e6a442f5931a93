// The admin's user search (issue "The demo stays alive"): by name with or without Vietnamese
// diacritics, by phone as people type it, by e-mail; bounded, kept across a role change; and the
// fill of folded names for accounts made before the column existed. Both engines.
import { beforeAll, describe, expect, it } from "vitest";
import { action as adminAction, loader as adminLoader } from "~/routes/admin+/_index";
import { fillFoldedNames } from "~/modules/auth/folded-names.server";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { call, formRequest, getRequest, sessionCookieFor } from "./helpers";

let admin: string;
let ut: { id: string };
let officer: { id: string };

type Listed = { q: string; users: Array<{ id: string; name: string }>; totalUsers: number };
async function search(q: string): Promise<Listed> {
  return (await call(adminLoader as never, getRequest(`/admin?${new URLSearchParams({ q })}`, admin))) as Listed;
}
const names = (l: Listed) => l.users.map((u) => u.name).sort();

beforeAll(async () => {
  admin = await sessionCookieFor((await createUser(db, { role: "ADMIN", name: "Quản Trị Viên" })).id);
  ut = await createUser(db, { role: "FARMER", name: "Trần Văn Út", phone: "+84901000002", email: "farmer@chonong.vn" });
  officer = await createUser(db, { role: "OFFICER", name: "Lê Minh Cán Bộ", phone: "+84901000003", email: "officer@chonong.vn" });
  await createUser(db, { name: "Trần Thị Mua", phone: "+84971234567", email: null });
  await createUser(db, { name: "Đặng Đức Độ", email: "do_dang@example.vn" });
});

describe(`the admin's user search on ${process.env.TEST_DB_ENGINE}`, () => {
  it("finds by name with or without diacritics, any case", async () => {
    for (const q of ["Trần Văn Út", "tran van ut", "TRAN VAN", "văn út", "  van   ut "]) expect(names(await search(q)), q).toEqual(["Trần Văn Út"]);
    expect(names(await search("tran"))).toEqual(["Trần Thị Mua", "Trần Văn Út"]);
    expect(names(await search("dang duc do"))).toEqual(["Đặng Đức Độ"]); // đ folds to d
    expect(names(await search("Đặng"))).toEqual(["Đặng Đức Độ"]);
  });

  it("finds by phone as people type it, and by e-mail", async () => {
    expect(names(await search("do_dang"))).toEqual(["Đặng Đức Độ"]);
    for (const q of ["0901 000 002", "0901.000.002", "+84901000002", "84901000002", "901000002"]) expect(names(await search(q)), q).toEqual(["Trần Văn Út"]);
    expect(names(await search("090100000"))).toEqual(["Lê Minh Cán Bộ", "Trần Văn Út"]);
    expect(names(await search("officer@chonong"))).toEqual(["Lê Minh Cán Bộ"]);
    expect(names(await search("OFFICER@CHONONG.VN"))).toEqual(["Lê Minh Cán Bộ"]);
    expect(names(await search("chonong.vn"))).toEqual(["Lê Minh Cán Bộ", "Trần Văn Út"]);
  });

  it("says how many match, finds nobody for a stranger, and bounds the query", async () => {
    const none = await search("Nguyễn Không Có");
    expect(none).toMatchObject({ q: "Nguyễn Không Có", users: [], totalUsers: 0 });
    const long = await search("trần ".repeat(200));
    expect(long.q.length).toBeLessThanOrEqual(100);
    expect(long.users).toEqual([]);
    // hostile characters are text, not patterns or markup
    expect((await search("%")).users).toEqual([]);
    expect((await search("<script>")).users).toEqual([]);
    const all = (await call(adminLoader as never, getRequest("/admin", admin))) as Listed;
    expect(all.totalUsers).toBe(await db.user.count());
  });

  it("keeps the search after a role change", async () => {
    const res = (await call(adminAction as never, formRequest("/admin?q=le+minh", { userId: officer.id, role: "OFFICER", q: "le minh" }, admin))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin?q=le+minh");
  });

  it("only an admin searches", async () => {
    const officerCookie = await sessionCookieFor(officer.id);
    const res = (await call(adminLoader as never, getRequest("/admin?q=tran", officerCookie))) as Response;
    expect(res.status).toBe(403);
  });

  it("fills the folded names of accounts made before the column", async () => {
    await db.user.updateMany({ data: { nameFolded: "" } }); // as the migration leaves them
    expect((await search("tran van ut")).users).toEqual([]);
    expect(await fillFoldedNames(db, 2)).toBe(await db.user.count()); // in batches of 2
    expect(names(await search("tran van ut"))).toEqual(["Trần Văn Út"]);
    expect(await fillFoldedNames(db)).toBe(0); // again: nothing to do
    expect((await db.user.findUniqueOrThrow({ where: { id: ut.id } })).nameFolded).toBe("tran van ut");
  });
});
