// One-time codes and the account flows built on them (ADR 014), through the real route handlers
// on each engine, with codes travelling through the real senders to the fakes of Zalo, eSMS and a
// local SMTP server: sign-up with verification, forgotten password by phone code or e-mail link,
// password change, phone change, invitations and publishing waiting for a verified number — and
// the attacks: guessing, enumeration by wording and timing, replaying a link, a code for a number
// the account has left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { checkCode, CODE_LIMITS, CODE_MAX_TRIES, mayIssueCode } from "~/modules/auth/codes.server";
import { getUser } from "~/modules/auth/auth.server";
import { hashPassword } from "~/modules/auth/password.server";
import { inviteMember } from "~/modules/farms/farms.server";
import { createFarmProduct } from "~/modules/catalog/products.server";
import { deliverDue, stopDelivering } from "~/modules/notifications/deliver.server";
import { renderNotification } from "~/modules/notifications/texts.server";
import { action as signupAction } from "~/routes/_auth+/signup";
import { action as verifyAction, loader as verifyLoader } from "~/routes/_auth+/signup_.verify";
import { action as loginAction } from "~/routes/_auth+/login";
import { action as forgotAction } from "~/routes/_auth+/forgot-password";
import { action as resetAction, loader as resetLoader } from "~/routes/_auth+/reset-password";
import { action as phoneAction } from "~/routes/account_.phone";
import { action as passwordAction } from "~/routes/account_.password";
import { createCategory, createFarm, createUser, ensureProvince, fakePhone } from "../factories";
import { startCodeInbox, type CodeInbox } from "./codes";
import { call, cookieFrom, formRequest, getRequest, unwrap } from "./helpers";

const PASSWORD = "rau-sach-Ngai-Giao-7";
const NEW_PASSWORD = "mit-chin-Long-Dien-4";
let inbox: CodeInbox;
let ipNo = 0;
/** A fresh client address per request group: the per-address code limit is tested on its own. */
const ip = () => `198.51.100.${(++ipNo % 250) + 1}`;
const local = (e164: string) => "0" + e164.slice(3);
const location = (r: unknown) => (r as Response).headers.get("Location") ?? "";
const idFrom = (url: string) => new URL(url, "http://x").searchParams.get("id")!;

beforeAll(async () => {
  await stopDelivering(); // codeFor sends what is due
  inbox = await startCodeInbox();
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
});
afterAll(async () => {
  await inbox.close();
});

async function startSignup(identifier: string, from = ip(), fields: Record<string, string> = {}) {
  return call(signupAction as never, formRequest("/signup", { name: "Lê Thị Hoa", identifier, password: PASSWORD, role: "FARMER", ...fields }), from);
}
async function verify(id: string, code: string, from = ip()) {
  return call(verifyAction as never, formRequest(`/signup/verify?id=${id}`, { id, code }), from);
}
/** A minute passes for `target`: the next code may be sent to it (one per 60 s per address). */
async function aMinuteLater(target: string) {
  await db.verificationCode.updateMany({ where: { target }, data: { createdAt: new Date(Date.now() - 61_000) } });
}

/** Sign-up as a person does it: the form, the code from the phone, the code back. */
async function signUpVerified(phone = fakePhone()) {
  const started = await startSignup(local(phone));
  expect(location(started)).toMatch(/^\/signup\/verify\?id=[a-z2-7]{26}$/);
  const done = await verify(idFrom(location(started)), await inbox.codeFor(phone));
  expect((done as Response).status).toBe(302);
  await aMinuteLater(phone);
  return { phone, cookie: cookieFrom(done as Response), user: await db.user.findUniqueOrThrow({ where: { phone } }) };
}

describe(`one-time codes (${process.env.TEST_DB_ENGINE})`, () => {
  it("keeps only a hash of a code; the message carries it until sent, then the database holds it nowhere", async () => {
    const phone = fakePhone();
    const started = await startSignup(local(phone));
    const id = idFrom(location(started));
    const row = await db.verificationCode.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ purpose: "SIGNUP", target: phone, attempts: 0, consumedAt: null });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(5 * 60_000);
    const code = await inbox.codeFor(phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    const message = await db.notification.findUniqueOrThrow({ where: { dedupeKey: `code:${id}` } });
    expect(message).toMatchObject({ kind: "CODE", status: "SENT", plan: "ZNS,SMS" });
    expect(message.params).not.toContain(code);
  });

  it("locks a code after 5 tries, however many are made at once, and the right code then fails too", async () => {
    const phone = fakePhone();
    const id = idFrom(location(await startSignup(local(phone))));
    const code = await inbox.codeFor(phone);
    const wrong = code === "000000" ? "111111" : "000000";
    const results = await Promise.all(Array.from({ length: 12 }, () => checkCode({ id, purpose: "SIGNUP", secret: wrong })));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect((await db.verificationCode.findUniqueOrThrow({ where: { id } })).attempts).toBe(CODE_MAX_TRIES);
    const right = unwrap(await verify(id, code));
    expect(right.status).toBe(400);
    expect(right.value.result.error.code).toEqual(["codeLocked"]);
    expect(await db.user.count({ where: { phone } })).toBe(0);
  });

  it("refuses a code after 5 minutes", async () => {
    const phone = fakePhone();
    const id = idFrom(location(await startSignup(local(phone))));
    const code = await inbox.codeFor(phone);
    await db.verificationCode.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(unwrap(await verify(id, code)).value.result.error.code).toEqual(["codeExpired"]);
  });

  it("sends a new code to a number no sooner than 60 s after the last, at most 5 an hour per number, 30 per client address, 1,000 in all", async () => {
    const t0 = new Date("2026-12-07T09:00:00Z");
    const phone = fakePhone();
    const issue = async (at: Date, target = phone, from = "192.0.2.50") => {
      const may = await mayIssueCode({ target, ip: from, now: at });
      if (may.ok) await db.verificationCode.create({ data: { id: `t${Math.random().toString(36).slice(2, 24).padEnd(25, "a")}`.slice(0, 26), purpose: "SIGNUP", target, secretHash: "0", expiresAt: at, createdAt: at } });
      return may;
    };
    expect(await issue(t0)).toEqual({ ok: true });
    expect(await issue(new Date(t0.getTime() + 30_000))).toMatchObject({ ok: false, error: "codeTooSoon", retryAfterMs: 30_000 });
    for (let i = 1; i < 5; i++) expect(await issue(new Date(t0.getTime() + i * 61_000))).toEqual({ ok: true });
    expect(await issue(new Date(t0.getTime() + 6 * 61_000))).toMatchObject({ ok: false, error: "tooManyCodes" });
    // one address asking for codes to many numbers
    const from = "192.0.2.77";
    expect(CODE_LIMITS.perIp.max).toBe(30);
    for (let i = 0; i < 30; i++) expect(await issue(t0, fakePhone(), from)).toEqual({ ok: true });
    expect(await issue(t0, fakePhone(), from)).toMatchObject({ ok: false, error: "tooManyCodes" });
    // many addresses: the whole server's hour is bounded too (what SMS pumping could cost)
    expect(CODE_LIMITS.total.max).toBe(1000);
    await db.rateLimit.update({ where: { key: "code:all" }, data: { hits: 1000 } });
    expect(await issue(t0, fakePhone(), "192.0.2.78")).toMatchObject({ ok: false, error: "tooManyCodes" });
    await db.rateLimit.delete({ where: { key: "code:all" } });
  });
});

describe(`sign-up with a verified phone (${process.env.TEST_DB_ENGINE})`, () => {
  it("makes the account only when the code comes back: verified, logged in, a farmer sent to /seller", async () => {
    const phone = fakePhone();
    const started = await startSignup(local(phone));
    expect(await db.user.count({ where: { phone } })).toBe(0);
    const page = (await call(verifyLoader as never, getRequest(location(started)))) as { maskedTarget: string };
    expect(page.maskedTarget).toBe(`${local(phone).slice(0, 4)} ••• ${phone.slice(-3)}`);
    const done = (await verify(idFrom(location(started)), await inbox.codeFor(phone))) as Response;
    expect(location(done)).toBe("/seller");
    const user = await getUser(getRequest("/", cookieFrom(done)));
    expect(user).toMatchObject({ phone, role: "FARMER", name: "Lê Thị Hoa" });
    expect((await db.user.findUniqueOrThrow({ where: { phone } })).phoneVerifiedAt).toBeInstanceOf(Date);
    // the code is used up
    expect(unwrap(await verify(idFrom(location(started)), "123456")).status).toBe(400);
  });

  it("answers an existing number exactly like a new one, tells its owner instead of sending a code, and never makes a second account", async () => {
    const owner = await signUpVerified();
    const fresh = fakePhone();
    const a = (await startSignup(local(owner.phone), ip(), { name: "Kẻ lạ" })) as Response;
    const b = (await startSignup(local(fresh), ip(), { name: "Kẻ lạ" })) as Response;
    expect([a.status, location(a).replace(/id=[a-z2-7]+/, "id=…")]).toEqual([b.status, location(b).replace(/id=[a-z2-7]+/, "id=…")]);
    const [pageA, pageB] = await Promise.all([a, b].map((r) => call(verifyLoader as never, getRequest(location(r))))) as Array<Record<string, unknown>>;
    expect(Object.keys(pageA).sort()).toEqual(Object.keys(pageB).sort());
    await deliverDue();
    const toOwner = inbox.received(owner.phone).at(-1)!;
    expect(toOwner).not.toMatch(/"otp"/); // a notice, not a code
    const notice = await db.notification.findFirstOrThrow({ where: { userId: owner.user.id, kind: "SECURITY" } });
    expect((await renderNotification(notice)).body).toContain("định tạo tài khoản Chợ Nông mới");
    // whatever is typed on the page for the existing number, no account is made
    for (const guess of ["000000", "123456"]) expect(unwrap(await verify(idFrom(location(a)), guess)).value.result.error.code).toEqual(["codeWrong"]);
    expect(await db.user.count({ where: { phone: owner.phone } })).toBe(1);
  });

  it("takes the same time to answer for a number with an account and one without (sign-up and forgotten password)", async () => {
    const known = await Promise.all([signUpVerified(), signUpVerified(), signUpVerified(), signUpVerified(), signUpVerified()]);
    const timed = async (f: () => Promise<unknown>) => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    for (const [name, start] of [
      ["sign-up", (phone: string) => startSignup(local(phone))],
      ["forgot", (phone: string) => call(forgotAction as never, formRequest("/forgot-password", { identifier: local(phone) }), ip())],
    ] as const) {
      const withAccount: number[] = [], without: number[] = [];
      for (let i = 0; i < known.length; i++) {
        withAccount.push(await timed(() => start(known[i].phone)));
        without.push(await timed(() => start(fakePhone())));
      }
      const [mWith, mWithout] = [median(withAccount), median(without)];
      expect(Math.abs(mWith - mWithout), `${name}: ${mWith.toFixed(0)} ms vs ${mWithout.toFixed(0)} ms`).toBeLessThan(Math.max(40, 0.15 * Math.max(mWith, mWithout)));
      expect(Math.min(mWith, mWithout)).toBeGreaterThanOrEqual(390); // the floor: nothing is learnt from a fast answer
    }
  });

  it("signs up with an e-mail by a code sent by e-mail", async () => {
    const email = `hoa.${Date.now()}@example.test`;
    const started = await startSignup(email, ip(), { role: "BUYER" });
    const done = (await verify(idFrom(location(started)), await inbox.codeFor(email))) as Response;
    expect(location(done)).toBe("/");
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ phone: null, emailVerifiedAt: expect.any(Date) });
  });
});

describe(`forgotten password (${process.env.TEST_DB_ENGINE})`, () => {
  it("resets by a code to the phone: every session ends, the holder is told, this browser is logged in, the old password is dead", async () => {
    const { phone, cookie, user } = await signUpVerified();
    const other = cookieFrom((await call(loginAction as never, formRequest("/login", { identifier: local(phone), password: PASSWORD, redirectTo: "" }), ip())) as Response);
    const asked = await call(forgotAction as never, formRequest("/forgot-password", { identifier: local(phone) }), ip());
    expect(location(asked)).toMatch(/^\/reset-password\?id=[a-z2-7]{26}$/);
    const id = idFrom(location(asked));
    const code = await inbox.codeFor(phone);
    const wrong = unwrap(await call(resetAction as never, formRequest(location(asked), { via: "code", id, code: code === "999999" ? "000000" : "999999", password: NEW_PASSWORD }), ip()));
    expect(wrong.value.result.error.code).toEqual(["codeWrong"]);
    expect(wrong.value.result.initialValue?.password).toBeUndefined();
    const done = (await call(resetAction as never, formRequest(location(asked), { via: "code", id, code: ` ${code.slice(0, 3)} ${code.slice(3)} `, password: NEW_PASSWORD }), ip())) as Response;
    expect(location(done)).toBe("/account");
    expect(await getUser(getRequest("/", cookie))).toBeNull();
    expect(await getUser(getRequest("/", other))).toBeNull();
    expect(await getUser(getRequest("/", cookieFrom(done)))).toMatchObject({ id: user.id });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    const told = await db.notification.findFirstOrThrow({ where: { userId: user.id, kind: "SECURITY", params: { contains: "passwordChanged" } } });
    expect(told.plan).toBe("ZNS,SMS");
    await deliverDue();
    expect(inbox.received(phone).at(-1)).toContain("đổi mật khẩu");
    expect(unwrap(await call(loginAction as never, formRequest("/login", { identifier: local(phone), password: PASSWORD, redirectTo: "" }), ip())).status).toBe(400);
    expect(((await call(loginAction as never, formRequest("/login", { identifier: local(phone), password: NEW_PASSWORD, redirectTo: "" }), ip())) as Response).status).toBe(302);
  });

  it("answers a number without an account the same way, and nothing entered there resets anything", async () => {
    const nobody = fakePhone();
    const asked = await call(forgotAction as never, formRequest("/forgot-password", { identifier: local(nobody) }), ip());
    expect(location(asked)).toMatch(/^\/reset-password\?id=[a-z2-7]{26}$/);
    await deliverDue();
    expect(inbox.received(nobody)).toEqual([]);
    const r = unwrap(await call(resetAction as never, formRequest(location(asked), { via: "code", id: idFrom(location(asked)), code: "123456", password: NEW_PASSWORD }), ip()));
    expect(r.value.result.error.code).toEqual(["codeWrong"]);
  });

  it("resets by a single-use e-mail link valid 30 minutes; a replayed link is refused; an unknown e-mail gets the same answer", async () => {
    const email = `lan.${Date.now()}@example.test`;
    const user = await createUser(db, { email, passwordHash: await hashPassword(PASSWORD) });
    const known = unwrap(await call(forgotAction as never, formRequest("/forgot-password", { identifier: email }), ip()));
    const unknown = unwrap(await call(forgotAction as never, formRequest("/forgot-password", { identifier: `nobody.${Date.now()}@example.test` }), ip()));
    expect([known.status, known.value.linkSent]).toEqual([unknown.status, unknown.value.linkSent]);
    await deliverDue();
    const mail = inbox.received(email).at(-1)!;
    const link = /http:\/\/localhost:3000(\/reset-password\?id=[a-z2-7]{26}&token=[A-Za-z0-9_-]{43})/.exec(mail)?.[1];
    expect(link).toBeTruthy();
    const url = new URL(link!, "http://x");
    const fields = { via: "link", id: url.searchParams.get("id")!, token: url.searchParams.get("token")!, password: NEW_PASSWORD };
    // the token is checked, not just the id
    expect(unwrap(await call(resetAction as never, formRequest(link!, { ...fields, token: "A".repeat(43) }), ip())).value.result.error[""]).toEqual(["linkInvalid"]);
    const done = (await call(resetAction as never, formRequest(link!, fields), ip())) as Response;
    expect(location(done)).toBe("/account");
    expect((await getUser(getRequest("/", cookieFrom(done))))?.id).toBe(user.id);
    const replay = unwrap(await call(resetAction as never, formRequest(link!, { ...fields, password: "khac-han-Ba-Ria-8" }), ip()));
    expect(replay.value.result.error[""]).toEqual(["linkInvalid"]);
    expect(((await call(resetLoader as never, getRequest(link!))) as { used: boolean }).used).toBe(true);
    // the link's token is not kept in the message once it went out
    const sent = await db.notification.findFirstOrThrow({ where: { userId: user.id, kind: "SECURITY", params: { contains: "resetLink" } } });
    expect(sent.link).not.toContain(fields.token);
    // 30 minutes
    await aMinuteLater(email);
    const again = await call(forgotAction as never, formRequest("/forgot-password", { identifier: email }), ip());
    expect(unwrap(again).value.linkSent).toBe(true);
    const row = await db.verificationCode.findFirstOrThrow({ where: { target: email, consumedAt: null, purpose: "RESET_LINK" } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 60_000);
  });

  it("makes a code sent to a number worthless once the account has changed to another number", async () => {
    const { phone, cookie, user } = await signUpVerified();
    const asked = await call(forgotAction as never, formRequest("/forgot-password", { identifier: local(phone) }), ip());
    const resetCode = await inbox.codeFor(phone);
    await aMinuteLater(phone);
    // the account moves to a new number
    const next = fakePhone();
    const sent = await call(phoneAction as never, formRequest("/account/phone", { intent: "send", phone: local(next) }, cookie), ip());
    const changed = (await call(phoneAction as never, formRequest(location(sent), { intent: "verify", id: idFrom(location(sent)), code: await inbox.codeFor(next) }, cookie), ip())) as Response;
    expect(location(changed)).toBe("/account");
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ phone: next, phoneVerifiedAt: expect.any(Date) });
    const r = unwrap(await call(resetAction as never, formRequest(location(asked), { via: "code", id: idFrom(location(asked)), code: resetCode, password: NEW_PASSWORD }), ip()));
    expect(r.value.result.error.code).toEqual(["codeWrong"]);
    // the old number is told
    await deliverDue();
    expect(inbox.received(phone).at(-1)).toContain("đổi số điện thoại");
  });
});

describe(`password and phone on the account page (${process.env.TEST_DB_ENGINE})`, () => {
  it("changes the password with the current one: other sessions end, this one stays; a wrong current password changes nothing", async () => {
    const { phone, cookie, user } = await signUpVerified();
    const other = cookieFrom((await call(loginAction as never, formRequest("/login", { identifier: local(phone), password: PASSWORD, redirectTo: "" }), ip())) as Response);
    const bad = unwrap(await call(passwordAction as never, formRequest("/account/password", { with: "current", currentPassword: "sai-roi-sai-roi", password: NEW_PASSWORD }, cookie), ip()));
    expect(bad.value.result.error.currentPassword).toEqual(["currentPasswordWrong"]);
    expect(await getUser(getRequest("/", other))).not.toBeNull();
    const ok = (await call(passwordAction as never, formRequest("/account/password", { with: "current", currentPassword: PASSWORD, password: NEW_PASSWORD }, cookie), ip())) as Response;
    expect(location(ok)).toBe("/account");
    expect(await getUser(getRequest("/", cookie))).toMatchObject({ id: user.id });
    expect(await getUser(getRequest("/", other))).toBeNull();
  });

  it("changes the password with a code to the verified phone", async () => {
    const { phone, cookie } = await signUpVerified();
    const sent = await call(passwordAction as never, formRequest("/account/password", { intent: "send-code" }, cookie), ip());
    expect(location(sent)).toMatch(/^\/account\/password\?id=/);
    const code = await inbox.codeFor(phone);
    const ok = (await call(passwordAction as never, formRequest(location(sent), { with: "code", id: idFrom(location(sent)), code, password: NEW_PASSWORD }, cookie), ip())) as Response;
    expect(location(ok)).toBe("/account");
    expect(((await call(loginAction as never, formRequest("/login", { identifier: local(phone), password: NEW_PASSWORD, redirectTo: "" }), ip())) as Response).status).toBe(302);
  });

  it("refuses a new number another account has, once the code proves it", async () => {
    const a = await signUpVerified();
    const b = await signUpVerified();
    await aMinuteLater(a.phone);
    const sent = await call(phoneAction as never, formRequest("/account/phone", { intent: "send", phone: local(a.phone) }, b.cookie), ip());
    const r = unwrap(await call(phoneAction as never, formRequest(location(sent), { intent: "verify", id: idFrom(location(sent)), code: await inbox.codeFor(a.phone) }, b.cookie), ip()));
    expect(r.value.result.error.code).toEqual(["phoneTaken"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: b.user.id } })).phone).toBe(b.phone);
  });
});

describe(`what waits for a verified number (${process.env.TEST_DB_ENGINE})`, () => {
  it("applies a farm invitation to a phone only once an account has verified that number", async () => {
    const owner = await createUser(db, { role: "FARMER", phone: fakePhone() });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const invited = fakePhone();
    // an account that merely typed the number (never verified it)
    const stranger = await createUser(db, { phone: invited, verified: false, passwordHash: await hashPassword(PASSWORD) });
    expect(await inviteMember({ userId: owner.id, farmId: farm.id, identifier: { kind: "phone", value: invited } })).toEqual({ ok: true, added: false });
    const login = (await call(loginAction as never, formRequest("/login", { identifier: local(invited), password: PASSWORD, redirectTo: "" }), ip())) as Response;
    expect(login.status).toBe(302);
    expect(await db.farmMember.count({ where: { farmId: farm.id, userId: stranger.id } })).toBe(0);
    // proving the number (the account page's phone step) makes the invitation apply
    const cookie = cookieFrom(login);
    await aMinuteLater(invited);
    const sent = await call(phoneAction as never, formRequest("/account/phone", { intent: "send", phone: local(invited) }, cookie), ip());
    expect(location(sent)).toMatch(/^\/account\/phone\?id=/);
    await call(phoneAction as never, formRequest(location(sent), { intent: "verify", id: idFrom(location(sent)), code: await inbox.codeFor(invited) }, cookie), ip());
    expect(await db.farmMember.findFirst({ where: { farmId: farm.id, userId: stranger.id } })).toMatchObject({ role: "STAFF" });
    expect(await db.farmInvite.count({ where: { farmId: farm.id } })).toBe(0);
  });

  it("keeps a farm's products as drafts until its owner has a verified phone", async () => {
    const owner = await createUser(db, { role: "FARMER", email: `vuon.${Date.now()}@example.test`, phone: null });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const categoryId = (await createCategory(db)).id;
    const input = { name: "Bưởi da xanh", categoryId, unit: "kg" as const, priceVnd: 60_000, soldByWeight: false, stepMilli: 1000, stockMilli: 10_000, description: "", seasonStartMonth: null, seasonEndMonth: null, status: "ACTIVE" as const };
    const saved = await createFarmProduct({ userId: owner.id, farmId: farm.id, input, photos: [] });
    expect(saved).toMatchObject({ ok: true, publishBlocked: "phone" });
    expect((await db.product.findUniqueOrThrow({ where: { id: saved.ok ? saved.productId : "" } })).status).toBe("DRAFT");
    await db.user.update({ where: { id: owner.id }, data: { phone: fakePhone(), phoneVerifiedAt: new Date() } });
    const again = await createFarmProduct({ userId: owner.id, farmId: farm.id, input: { ...input, name: "Bưởi năm roi" }, photos: [] });
    expect(again).toMatchObject({ ok: true, publishBlocked: false });
    expect((await db.product.findUniqueOrThrow({ where: { id: again.ok ? again.productId : "" } })).status).toBe("ACTIVE");
  });
});
