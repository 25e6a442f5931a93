// Sign-up, log-in, sessions, rate limits and role guards, through the real route handlers on the
// real database engine of this project.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { action as signupAction } from "~/routes/_auth+/signup";
import { action as verifyAction } from "~/routes/_auth+/signup_.verify";
import { stopDelivering } from "~/modules/notifications/deliver.server";
import { normalizeVnPhone } from "~/modules/auth/phone";
import { action as loginAction } from "~/routes/_auth+/login";
import { action as logoutAction } from "~/routes/_auth+/logout";
import { action as accountAction } from "~/routes/account";
import { loader as departmentLoader } from "~/routes/department+/_index";
import { loader as adminLoader } from "~/routes/admin+/_index";
import { loader as sellerLoader } from "~/routes/seller+/_index";
import { getUser } from "~/modules/auth/auth.server";
import { hashPassword } from "~/modules/auth/password.server";
import { SESSION_LENGTH_MS, sessionCookie, sessionIdFromToken, validateSessionToken } from "~/modules/auth/session.server";
import { vi as viText } from "~/modules/i18n/locales/vi";
import { en as enText } from "~/modules/i18n/locales/en";
import { createUser } from "../factories";
import { startCodeInbox, type CodeInbox } from "./codes";
import { call, cookieFrom, formRequest, getRequest, unwrap } from "./helpers";

const PASSWORD = "rau-sach-Ngai-Giao-7";

async function signUp(fields: Partial<Record<"name" | "identifier" | "password" | "role", string>>, ip?: string) {
  return call(
    signupAction as never,
    formRequest("/signup", { name: "Lê Văn Tám", identifier: "0912 345 678", password: PASSWORD, role: "FARMER", ...fields }),
    ip,
  );
}

// codes go through the real senders to the fakes of Zalo and eSMS and a local SMTP server
let inbox: CodeInbox;
beforeAll(async () => {
  await stopDelivering();
  inbox = await startCodeInbox();
});
afterAll(async () => {
  await inbox.close();
});

/** The whole sign-up: the form, the code that reached the phone or e-mail, the code back. */
async function signUpVerified(fields: Partial<Record<"name" | "identifier" | "password" | "role", string>>, ip?: string): Promise<Response> {
  const started = (await signUp(fields, ip)) as Response;
  expect(started.status).toBe(302);
  const location = started.headers.get("Location")!;
  const id = new URL(location, "http://x").searchParams.get("id")!;
  const identifier = fields.identifier ?? "0912 345 678";
  const target = identifier.includes("@") ? identifier.toLowerCase() : normalizeVnPhone(identifier)!;
  return (await call(verifyAction as never, formRequest(location, { id, code: await inbox.codeFor(target) }), ip)) as Response;
}

async function logIn(identifier: string, password: string, ip?: string, redirectTo = "") {
  return call(loginAction as never, formRequest("/login", { identifier, password, redirectTo }), ip);
}

async function userWithSession(role: string): Promise<string> {
  const phone = `+8497${Math.floor(Math.random() * 1e7).toString().padStart(7, "0")}`;
  await createUser(db, { role, phone, email: null, passwordHash: await hashPassword(PASSWORD) });
  return cookieFrom((await logIn(phone, PASSWORD, `198.51.100.${Math.floor(Math.random() * 250)}`)) as Response);
}

describe("sign-up", () => {
  it.each([
    [{ identifier: "0123 456" }, "identifier", "phoneInvalid"],
    [{ identifier: "+84 212 345 678" }, "identifier", "phoneInvalid"],
    [{ identifier: "ai@" }, "identifier", "emailInvalid"],
    [{ identifier: "" }, "identifier", "required"],
    [{ password: "abc" }, "password", "passwordTooShort"],
    [{ password: "12345678" }, "password", "passwordTooCommon"],
    [{ password: "0912345678" }, "password", "passwordSameAsIdentifier"],
    [{ name: "" }, "name", "required"],
    [{ role: "ADMIN" }, "role", "roleInvalid"],
  ])("refuses %o with a field error and creates nothing", async (fields, field, key) => {
    const before = await db.user.count();
    const { status, value } = unwrap(await signUp(fields));
    expect(status).toBe(400);
    expect(value.result.error[field]).toContain(key);
    expect(value.result.initialValue?.password).toBeUndefined(); // the password is never echoed back
    expect(await db.user.count()).toBe(before);
    // every message key exists in both languages
    expect((viText.errors as Record<string, string>)[key]).toBeTruthy();
    expect((enText.errors as Record<string, string>)[key]).toBeTruthy();
  });

  it("creates the account with a normalised phone once the code comes back, logs it in, and never makes a duplicate", async () => {
    const res = await signUpVerified({ identifier: "(+84) 987.654.321" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/seller");
    const cookie = cookieFrom(res);
    expect(res.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(res.headers.get("Set-Cookie")).toMatch(/SameSite=Lax/i);
    const user = await getUser(getRequest("/", cookie));
    expect(user).toMatchObject({ name: "Lê Văn Tám", phone: "+84987654321", role: "FARMER" });
    const stored = await db.user.findUniqueOrThrow({ where: { phone: "+84987654321" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.phoneVerifiedAt).toBeInstanceOf(Date);

    // the same number again, a minute later: the same answer as for a new number, and no second account
    await db.verificationCode.updateMany({ where: { target: "+84987654321" }, data: { createdAt: new Date(Date.now() - 61_000) } });
    const dup = (await signUp({ identifier: "0987654321", name: "Người khác" })) as Response;
    expect(dup.status).toBe(302);
    expect(dup.headers.get("Location")).toMatch(/^\/signup\/verify\?id=/);
    expect(await db.user.count({ where: { phone: "+84987654321" } })).toBe(1);
  });

  it("signs up with an e-mail, case-insensitively unique", async () => {
    expect((await signUpVerified({ identifier: "Mai.Nguyen@Example.test", role: "BUYER" })).status).toBe(302);
    await db.verificationCode.updateMany({ where: { target: "mai.nguyen@example.test" }, data: { createdAt: new Date(Date.now() - 61_000) } });
    expect(((await signUp({ identifier: "mai.nguyen@example.test" })) as Response).status).toBe(302);
    expect(await db.user.count({ where: { email: "mai.nguyen@example.test" } })).toBe(1);
  });
});

describe("log-in, log-out, sessions", () => {
  it("gives one generic error for a wrong password and for an unknown account", async () => {
    await signUpVerified({ identifier: "0933 111 222" });
    const wrong = unwrap(await logIn("0933111222", "not-the-password", "192.0.2.1"));
    const unknown = unwrap(await logIn("0933999888", "not-the-password", "192.0.2.1"));
    expect(wrong.status).toBe(400);
    expect(wrong.value.result.error[""]).toEqual(["invalidCredentials"]);
    expect(unknown.value.result.error[""]).toEqual(["invalidCredentials"]);
  });

  it("logs in with phone or e-mail, redirects only to local paths, and logs out", async () => {
    await signUpVerified({ identifier: "chi.ba@example.test", role: "BUYER" });
    const ok = (await logIn("CHI.BA@example.test", PASSWORD, "192.0.2.2", "/farms?page=2")) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/farms?page=2");
    const evil = (await logIn("chi.ba@example.test", PASSWORD, "192.0.2.2", "//evil.example/x")) as Response;
    expect(evil.headers.get("Location")).toBe("/");

    const cookie = cookieFrom(ok);
    expect(await getUser(getRequest("/", cookie))).not.toBeNull();
    const out = (await call(logoutAction as never, formRequest("/logout", {}, cookie))) as Response;
    expect(out.headers.get("Set-Cookie")).toMatch(/cn_session=;.*Max-Age=0/i);
    expect(await getUser(getRequest("/", cookie))).toBeNull();
    // the other session (from the "evil" redirect test) is still alive: log-out is per device
    expect(await getUser(getRequest("/", cookieFrom(evil)))).not.toBeNull();
  });

  it("stores only a hash of the token, expires sessions, and slides the expiry on use", async () => {
    const cookie = await userWithSession("BUYER");
    const token = await sessionCookie.parse(cookie);
    const session = await db.session.findFirstOrThrow({ where: { id: sessionIdFromToken(token) } });
    expect(await db.session.count({ where: { id: token } })).toBe(0);

    // used in the second half of its life: extended to a full length from now
    const later = new Date(session.createdAt.getTime() + SESSION_LENGTH_MS * 0.75);
    const renewed = await validateSessionToken(token, later);
    expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + SESSION_LENGTH_MS);

    // past its expiry: refused and deleted
    const expired = await validateSessionToken(token, new Date(later.getTime() + SESSION_LENGTH_MS + 1));
    expect(expired).toBeNull();
    expect(await db.session.count({ where: { id: session.id } })).toBe(0);
  });

  it("revokes every session of the account with 'log out everywhere'", async () => {
    await signUpVerified({ identifier: "0944 555 666" });
    const a = cookieFrom((await logIn("0944555666", PASSWORD, "192.0.2.3")) as Response);
    const b = cookieFrom((await logIn("0944555666", PASSWORD, "192.0.2.3")) as Response);
    const res = (await call(accountAction as never, formRequest("/account", { intent: "logout-everywhere" }, a))) as Response;
    expect(res.status).toBe(302);
    expect(await getUser(getRequest("/", a))).toBeNull();
    expect(await getUser(getRequest("/", b))).toBeNull();
  });
});

describe("rate limits", () => {
  it("slows unknown devices down after 10 failures from any addresses, then lets them back in when the window ends", async () => {
    await signUpVerified({ identifier: "0955 000 111" });
    for (let i = 0; i < 10; i++) expect(unwrap(await logIn("0955000111", "wrong", `192.0.2.${10 + i}`)).status).toBe(400);
    // even the right password waits, from any new address (known devices: login-lockout.test.ts)
    const blocked = unwrap(await logIn("0955000111", PASSWORD, "192.0.2.99"));
    expect(blocked.status).toBe(429);
    expect(blocked.value.result.error[""]).toEqual(["tooManyAttempts"]);
    expect(blocked.value.retryMinutes).toBeGreaterThanOrEqual(14);
    expect(blocked.value.retryMinutes).toBeLessThanOrEqual(15);

    // 16 minutes later the window has passed
    await db.rateLimit.updateMany({ where: { key: "login:acct:+84955000111" }, data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
    expect(((await logIn("0955000111", PASSWORD, "192.0.2.99")) as Response).status).toBe(302);
  });

  it("slows one address down after 30 failures across accounts", async () => {
    for (let i = 0; i < 30; i++) await logIn(`09660${String(i).padStart(5, "0")}`, "wrong", "192.0.2.200");
    const blocked = unwrap(await logIn("0966099999", "wrong", "192.0.2.200"));
    expect(blocked.status).toBe(429);
    // another address is not affected
    expect(unwrap(await logIn("0966099999", "wrong", "192.0.2.201")).status).toBe(400);
  });
});

describe("role guards", () => {
  it("sends anonymous visitors to log in, and back afterwards", async () => {
    const res = (await call(departmentLoader as never, getRequest("/department"))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fdepartment");
  });

  it.each([
    ["BUYER", { seller: 403, department: 403, admin: 403 }],
    ["FARMER", { seller: 200, department: 403, admin: 403 }],
    ["OFFICER", { seller: 403, department: 200, admin: 403 }],
    ["ADMIN", { seller: 403, department: 200, admin: 200 }],
  ])("%s reaches exactly the pages of its role", async (role, expected) => {
    const cookie = await userWithSession(role);
    const status = async (loader: unknown, path: string) => {
      const r = await call(loader as never, getRequest(path, cookie));
      return r instanceof Response ? r.status : 200;
    };
    expect({
      seller: await status(sellerLoader, "/seller"),
      department: await status(departmentLoader, "/department"),
      admin: await status(adminLoader, "/admin"),
    }).toEqual(expected);
  });
});
