// Log-in limits that strangers cannot turn against the owner (issue 12, item 6; ADR 003): a device
// cookie for browsers that logged in before, counters per account and address for the others, a
// ceiling per account for unknown devices together, the owner's usual address, and one notice to
// the owner — through the real log-in action on each engine, with notices going through the real
// senders to the fakes of Zalo and eSMS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { action as loginAction } from "~/routes/_auth+/login";
import { hashPassword } from "~/modules/auth/password.server";
import { deviceCookie, DEVICE_DAYS } from "~/modules/auth/device.server";
import { LIMITS } from "~/modules/auth/rate-limit.server";
import { loginNoticesWritten, sourceOf } from "~/modules/auth/login-limits.server";
import { deliverDue, stopDelivering } from "~/modules/notifications/deliver.server";
import { renderNotification } from "~/modules/notifications/texts.server";
import { createUser, fakePhone } from "../factories";
import { startCodeInbox, type CodeInbox } from "./codes";
import { call, cookieFrom, formRequest, unwrap } from "./helpers";

const PASSWORD = "rau-sach-Ngai-Giao-7";
const WRONG = "doan-mo-mat-khau-1";
const local = (e164: string) => "0" + e164.slice(3);

let inbox: CodeInbox;
beforeAll(async () => {
  await stopDelivering(); // the tests send what is due themselves
  inbox = await startCodeInbox();
});
afterAll(async () => {
  await loginNoticesWritten();
  await inbox.close();
});

let addressNo = 0;
/** A stranger's address never used before in this file (a botnet has many). */
const stranger = () => {
  addressNo++;
  return `10.${Math.floor(addressNo / 250) % 250}.${addressNo % 250}.${7 + (addressNo % 200)}`;
};

async function owner(overrides: { locale?: string } = {}) {
  const phone = fakePhone();
  const user = await createUser(db, { phone, email: null, passwordHash: await hashPassword(PASSWORD), ...overrides });
  return { id: user.id, phone, login: local(phone) };
}

async function logIn(identifier: string, password: string, from: string, cookie?: string) {
  return call(loginAction as never, formRequest("/login", { identifier, password, redirectTo: "" }, cookie), from);
}

/** 302 (logged in), 400 (wrong) or 429 (over a limit), with the form error when refused. */
function outcome(result: unknown): { status: number; error?: string[]; retryMinutes?: number } {
  if (result instanceof Response) return { status: result.status };
  const { status, value } = unwrap(result);
  return { status, error: value.result.error[""], retryMinutes: value.retryMinutes };
}

/** Logs in from `from` and returns the device cookie the browser keeps afterwards. */
async function deviceOf(identifier: string, from: string, cookie?: string): Promise<string> {
  const res = (await logIn(identifier, PASSWORD, from, cookie)) as Response;
  expect(res.status).toBe(302);
  return cookieFrom(res, "cn_device");
}

/** Strangers fill the account's ceiling for unknown devices, each address staying under its own limit. */
async function strangersFillCeiling(identifier: string) {
  for (let i = 0; i < LIMITS.loginPerAccount.max; i++) expect(outcome(await logIn(identifier, WRONG, stranger())).status).toBe(400);
}

const noticesOf = async (userId: string) =>
  (await db.notification.findMany({ where: { userId, kind: "SECURITY" }, orderBy: { createdAt: "asc" } })).filter((n) => JSON.parse(n.params).event === "loginFailures");

describe("the owner's known device", () => {
  it("logs in at once while strangers guess wrong from other addresses, after unknown devices are refused", async () => {
    const u = await owner();
    const first = (await logIn(u.login, PASSWORD, "192.0.2.10")) as Response;
    expect(first.status).toBe(302);
    const device = cookieFrom(first, "cn_device");

    // one stranger: five wrong from one address, then that address is refused for this account
    for (let i = 0; i < 5; i++) expect(outcome(await logIn(u.login, WRONG, "198.51.100.7")).status).toBe(400);
    expect(outcome(await logIn(u.login, PASSWORD, "198.51.100.7"))).toMatchObject({ status: 429, error: ["tooManyAttempts"] });
    // more strangers, each under its own limit, until the account's ceiling for unknown devices
    for (let i = 5; i < LIMITS.loginPerAccount.max; i++) expect(outcome(await logIn(u.login, WRONG, stranger())).status).toBe(400);
    // an unknown device is now refused even with the right password, from a fresh address too
    const refused = outcome(await logIn(u.login, PASSWORD, stranger()));
    expect(refused).toMatchObject({ status: 429, error: ["tooManyAttempts"] });
    expect(refused.retryMinutes).toBeGreaterThanOrEqual(14);
    expect(refused.retryMinutes).toBeLessThanOrEqual(15);

    // the owner's phone, on mobile data (an address never seen): in at once
    const back = (await logIn(u.login, PASSWORD, "203.0.113.99", device)) as Response;
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe("/");
    expect(cookieFrom(back, "cn_device")).toBeTruthy(); // renewed

    // when the window has passed, unknown devices may try again
    await db.rateLimit.updateMany({ where: { key: { startsWith: "login:acct" } }, data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
    expect(outcome(await logIn(u.login, PASSWORD, stranger())).status).toBe(302);
  });

  it("keeps its own counter: five wrong from it stop that device only, and strangers cannot fill it", async () => {
    const u = await owner();
    const phone = await deviceOf(u.login, "192.0.2.20");
    const tablet = await deviceOf(u.login, "192.0.2.21");
    await strangersFillCeiling(u.login);
    for (let i = 0; i < LIMITS.loginPerDevice.max; i++) expect(outcome(await logIn(u.login, WRONG, "192.0.2.20", phone)).status).toBe(400);
    expect(outcome(await logIn(u.login, PASSWORD, "192.0.2.20", phone))).toMatchObject({ status: 429, error: ["tooManyAttempts"] });
    // the other known device of the account is not affected
    expect(outcome(await logIn(u.login, PASSWORD, "192.0.2.20", tablet)).status).toBe(302);
  });

  it("sets the cookie HttpOnly, SameSite=Lax, for 180 days, naming neither the account nor its number", async () => {
    const u = await owner();
    const res = (await logIn(u.login, PASSWORD, "192.0.2.30")) as Response;
    const line = res.headers.getSetCookie().find((c) => c.startsWith("cn_device="))!;
    const session = res.headers.getSetCookie().find((c) => c.startsWith("cn_session="))!;
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Path=\//i);
    expect(DEVICE_DAYS).toBeLessThanOrEqual(400);
    expect(line).toMatch(new RegExp(`; Max-Age=${DEVICE_DAYS * 24 * 60 * 60}(;|$)`, "i"));
    // Secure exactly when the session cookie is (an https PUBLIC_URL, as in production)
    expect(/; Secure/i.test(line)).toBe(/; Secure/i.test(session));
    const value = String(await deviceCookie.parse(line.split(";")[0]));
    expect(value).toMatch(/^[a-z2-7]{26}\.\d+\.[a-z2-7]{52}$/);
    for (const secret of [u.id, u.phone, u.login]) expect(value).not.toContain(secret);
    // the database keeps no such value
    expect(await db.rateLimit.count({ where: { key: { contains: value.split(".")[0] } } })).toBe(0);
  });

  it("remembers several accounts on one shared phone", async () => {
    const mother = await owner();
    const son = await owner();
    const afterMother = await deviceOf(mother.login, "192.0.2.40");
    const both = await deviceOf(son.login, "192.0.2.40", afterMother);
    await strangersFillCeiling(mother.login);
    await strangersFillCeiling(son.login);
    expect(outcome(await logIn(mother.login, PASSWORD, "203.0.113.40", both)).status).toBe(302);
    expect(outcome(await logIn(son.login, PASSWORD, "203.0.113.41", both)).status).toBe(302);
  });
});

describe("what does not bypass the limits", () => {
  it("another account's device cookie, an edited one, or one from before the password changed is an unknown device", async () => {
    const a = await owner();
    const b = await owner();
    const deviceA = await deviceOf(a.login, "192.0.2.50");
    const deviceB = await deviceOf(b.login, "192.0.2.51");
    await strangersFillCeiling(b.login);

    // A's own cookie does nothing for B
    expect(outcome(await logIn(b.login, PASSWORD, stranger(), deviceA)).status).toBe(429);
    // B's cookie with its signature changed
    const value = String(await deviceCookie.parse(deviceB));
    const sig = value.slice(-52);
    const edited = value.slice(0, -52) + (sig[0] === "a" ? "b" : "a") + sig.slice(1);
    const forged = (await deviceCookie.serialize(edited)).split(";")[0];
    expect(outcome(await logIn(b.login, PASSWORD, stranger(), forged)).status).toBe(429);
    // nonsense in the cookie
    expect(outcome(await logIn(b.login, PASSWORD, stranger(), "cn_device=%%%garbage")).status).toBe(429);
    // an entry older than 180 days
    const [nonce] = value.split(".");
    const old = (await deviceCookie.serialize(`${nonce}.${Math.floor(Date.now() / 86_400_000) - DEVICE_DAYS}.${sig}`)).split(";")[0];
    expect(outcome(await logIn(b.login, PASSWORD, stranger(), old)).status).toBe(429);
    // the real one still works…
    expect(outcome(await logIn(b.login, PASSWORD, stranger(), deviceB)).status).toBe(302);
    // …until the password changes: cookies issued before are worth nothing afterwards
    await db.user.update({ where: { id: b.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    expect(outcome(await logIn(b.login, PASSWORD, stranger(), deviceB)).status).toBe(429);
  });

  it("counts an address's failures across accounts, an IPv6 network as one address, and lets a known device through", async () => {
    const u = await owner();
    const device = await deviceOf(u.login, "2001:db8:1:2::99");
    // 30 wrong guesses at 30 accounts from addresses of one IPv6 /64
    for (let i = 0; i < LIMITS.loginPerIp.max; i++) {
      expect(outcome(await logIn(local(fakePhone()), WRONG, `2001:db8:1:2:${(i + 1).toString(16)}::1`)).status).toBe(400);
    }
    expect(outcome(await logIn(local(fakePhone()), WRONG, "2001:db8:1:2:ffff:ffff:ffff:ffff"))).toMatchObject({ status: 429, error: ["tooManyAttempts"] });
    expect(outcome(await logIn(u.login, PASSWORD, "2001:0db8:0001:0002::abcd")).status).toBe(429); // unknown device
    // another network is not affected
    expect(outcome(await logIn(local(fakePhone()), WRONG, "2001:db8:1:3::1")).status).toBe(400);
    // the owner's known phone behind that (carrier-shared) network still gets in
    expect(outcome(await logIn(u.login, PASSWORD, "2001:db8:1:2::5", device)).status).toBe(302);

    expect(sourceOf("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(sourceOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(sourceOf("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("answers an unknown account exactly as an existing one, limits included (no enumeration)", async () => {
    const u = await owner();
    const nobody = local(fakePhone());
    const seq = async (identifier: string) => {
      const seen = [];
      for (let i = 0; i < 6; i++) seen.push(outcome(await logIn(identifier, WRONG, "198.51.100.80")));
      for (let i = 0; i < LIMITS.loginPerAccount.max; i++) seen.push(outcome(await logIn(identifier, WRONG, `198.51.100.${90 + i}`)));
      return seen;
    };
    const existing = await seq(u.login);
    const unknown = await seq(nobody);
    expect(unknown).toEqual(existing);
    expect(existing.map((o) => o.status)).toEqual([400, 400, 400, 400, 400, 429, 400, 400, 400, 400, 400, 429, 429, 429, 429, 429]);
    expect(existing[0].error).toEqual(["invalidCredentials"]);
  });
});

describe("the owner's usual address", () => {
  it("lets the owner in from home on a new browser while strangers elsewhere fill the ceiling; home still gets only five tries", async () => {
    const u = await owner();
    await deviceOf(u.login, "192.0.2.60"); // logged in at home once (that browser's cookie is lost)
    await strangersFillCeiling(u.login);
    expect(outcome(await logIn(u.login, PASSWORD, stranger())).status).toBe(429);
    expect(outcome(await logIn(u.login, PASSWORD, "192.0.2.60")).status).toBe(302);
    // someone else on that network: five tries for this account, like any address
    for (let i = 0; i < LIMITS.loginPerAccountIp.max; i++) expect(outcome(await logIn(u.login, WRONG, "192.0.2.60")).status).toBe(400);
    expect(outcome(await logIn(u.login, PASSWORD, "192.0.2.60")).status).toBe(429);
    // a month later home is just an address again
    await db.rateLimit.updateMany({ where: { key: { startsWith: "login:seen:" } }, data: { windowStart: new Date(Date.now() - 31 * 24 * 60 * 60_000) } });
    await db.rateLimit.updateMany({ where: { key: { startsWith: "login:acct-ip:" } }, data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
    expect(outcome(await logIn(u.login, PASSWORD, "192.0.2.60")).status).toBe(429);
  });
});

describe("telling the owner", () => {
  it("sends one security notice when strangers fill a limit, not one per attempt, and one more a day later", async () => {
    const u = await owner();
    // a few typos are nobody's business
    for (let i = 0; i < LIMITS.loginPerAccountIp.max - 1; i++) await logIn(u.login, WRONG, "198.51.100.120");
    await loginNoticesWritten();
    expect(await noticesOf(u.id)).toHaveLength(0);

    // the fifth from one address fills its counter: the owner is told
    await logIn(u.login, WRONG, "198.51.100.120");
    await loginNoticesWritten();
    expect(await noticesOf(u.id)).toHaveLength(1);
    // the attack goes on from many addresses: the ceiling fills, refused attempts pile up
    for (let i = 0; i < LIMITS.loginPerAccount.max + 5; i++) await logIn(u.login, WRONG, stranger());
    await loginNoticesWritten();
    const [notice] = await noticesOf(u.id);
    expect(await noticesOf(u.id)).toHaveLength(1);

    // it reaches the owner's phone (Zalo here), in Vietnamese, with the advice
    expect(notice.phone).toBe(u.phone);
    await deliverDue();
    const received = inbox.received(u.phone);
    expect(received.some((text) => text.includes("nhập sai mật khẩu"))).toBe(true);
    const vi = await renderNotification({ kind: "SECURITY", params: notice.params, locale: "vi", link: notice.link });
    expect(vi.body).toMatch(/đổi mật khẩu/);
    const en = await renderNotification({ kind: "SECURITY", params: notice.params, locale: "en", link: notice.link });
    expect(en.body).toMatch(/change your password/);

    // the next day, another attack: one more notice
    await db.rateLimit.updateMany({ where: { key: `login:notice:${u.id}` }, data: { windowStart: new Date(Date.now() - 25 * 60 * 60_000) } });
    await db.rateLimit.updateMany({ where: { key: { startsWith: "login:acct" } }, data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
    await strangersFillCeiling(u.login);
    await loginNoticesWritten();
    expect(await noticesOf(u.id)).toHaveLength(2);
  });

  it("tells the owner when their known device's counter fills, in their language, and writes nothing for an unknown account", async () => {
    const u = await owner({ locale: "en" });
    const device = await deviceOf(u.login, "192.0.2.70");
    for (let i = 0; i < LIMITS.loginPerDevice.max; i++) await logIn(u.login, WRONG, "192.0.2.70", device);
    await loginNoticesWritten();
    const notices = await noticesOf(u.id);
    expect(notices).toHaveLength(1);
    expect(notices[0].locale).toBe("en");

    const before = await db.notification.count();
    const nobody = local(fakePhone());
    for (let i = 0; i < LIMITS.loginPerAccount.max + 2; i++) await logIn(nobody, WRONG, stranger());
    await loginNoticesWritten();
    expect(await db.notification.count()).toBe(before);
  });
});
