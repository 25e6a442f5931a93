// Sessions rotated at log-in and on privilege changes, rate limits on log-in, sign-up, checkout
// and webhooks, safe redirects after log-in: through the real route handlers and auth module.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { action as loginAction } from "~/routes/_auth+/login";
import { action as signupAction } from "~/routes/_auth+/signup";
import { action as verifyAction } from "~/routes/_auth+/signup_.verify";
import { CODE_LIMITS } from "~/modules/auth/codes.server";
import { LIMITS } from "~/modules/auth/rate-limit.server";
import { stopDelivering } from "~/modules/notifications/deliver.server";
import { action as adminAction } from "~/routes/admin+/_index";
import { action as membersAction } from "~/routes/seller+/farms.$farmId.members";
import { action as checkoutAction, loader as checkoutLoader } from "~/routes/_store+/checkout";
import { action as payAction } from "~/routes/orders.$orderId.pay";
import { action as bankWebhook } from "~/routes/resources+/webhooks.bank";
import { action as cartAction } from "~/routes/_store+/cart";
import { action as localeAction } from "~/routes/resources+/locale";
import { getUser, requireUser } from "~/modules/auth/auth.server";
import { hashPassword } from "~/modules/auth/password.server";
import { describeFailure } from "~/modules/security/log.server";
import { commitSessionCookie, createSession, sessionCookie, sessionIdFromToken } from "~/modules/auth/session.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince, fakePhone } from "../factories";
import { startCodeInbox, type CodeInbox } from "./codes";
import { call, cookieFrom, formRequest, getRequest, unwrap } from "./helpers";

const PASSWORD = "rau-sach-Ngai-Giao-7";
let passwordHash: string;
let categoryId: string;

let inbox: CodeInbox;
beforeAll(async () => {
  await stopDelivering();
  inbox = await startCodeInbox(); // sign-up codes reach the fakes of Zalo and eSMS
  passwordHash = await hashPassword(PASSWORD);
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
});

afterAll(async () => {
  await inbox.close();
});

const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

async function userWithPassword(role = "BUYER") {
  const phone = fakePhone();
  const user = await createUser(db, { role, phone, email: null, passwordHash });
  return { user, phone };
}

/** A session made by the real auth module, as the cookie a browser would send. */
async function sessionFor(userId: string): Promise<string> {
  const { token } = await createSession({ userId });
  return (await commitSessionCookie(token)).split(";")[0];
}

const tokenOf = async (cookie: string) => (await sessionCookie.parse(cookie)) as string;
const sessionAlive = async (cookie: string) => (await getUser(getRequest("/", cookie))) !== null;

describe("session rotation", () => {
  it("never reuses a session id the browser had before logging in, and ends that session", async () => {
    const a = await userWithPassword();
    const b = await userWithPassword();
    const before = await sessionFor(a.user.id); // this browser was logged in as A (or was handed A's cookie)
    const res = (await call(loginAction as never, formRequest("/login", { identifier: b.phone, password: PASSWORD, redirectTo: "" }, before), ip())) as Response;
    expect(res.status).toBe(302);
    const after = cookieFrom(res);
    expect(await tokenOf(after)).not.toBe(await tokenOf(before));
    expect(await db.session.count({ where: { id: sessionIdFromToken(await tokenOf(before)) } })).toBe(0);
    expect((await getUser(getRequest("/", after)))?.id).toBe(b.user.id);

    // logging in again as the same person also gets a fresh id
    const again = (await call(loginAction as never, formRequest("/login", { identifier: b.phone, password: PASSWORD, redirectTo: "" }, after), ip())) as Response;
    expect(await tokenOf(cookieFrom(again))).not.toBe(await tokenOf(after));
    expect(await sessionAlive(after)).toBe(false);
  });

  it("ignores a planted cookie that is not a session and signs up with a fresh one", async () => {
    const planted = `cn_session=${Buffer.from(JSON.stringify("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).toString("base64")}`;
    const phone = fakePhone();
    const started = (await call(signupAction as never, formRequest("/signup", { name: "Bé Na", identifier: phone.replace("+84", "0"), password: PASSWORD, role: "BUYER" }, planted), ip())) as Response;
    const verifyUrl = started.headers.get("Location")!;
    const id = new URL(verifyUrl, "http://x").searchParams.get("id")!;
    const res = (await call(verifyAction as never, formRequest(verifyUrl, { id, code: await inbox.codeFor(phone) }, planted), ip())) as Response;
    expect(res.status).toBe(302);
    expect(await tokenOf(cookieFrom(res))).not.toBe("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  });

  it("ends every session of a person an owner adds to a farm (new powers), and only when they are new", async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const invitee = await userWithPassword("BUYER");
    const phoneA = await sessionFor(invitee.user.id);
    const phoneB = await sessionFor(invitee.user.id);
    const ownerCookie = await sessionFor(owner.id);

    const res = (await call(membersAction as never, formRequest(`/seller/farms/${farm.id}/members`, { identifier: invitee.phone }, ownerCookie), undefined, { farmId: farm.id })) as Response;
    expect(res.status).toBe(302);
    expect(await db.user.findUniqueOrThrow({ where: { id: invitee.user.id }, select: { role: true } })).toEqual({ role: "FARMER" });
    expect(await sessionAlive(phoneA)).toBe(false);
    expect(await sessionAlive(phoneB)).toBe(false);
    expect(await sessionAlive(ownerCookie)).toBe(true);

    // logs in again: a session made for the new role
    const login = (await call(loginAction as never, formRequest("/login", { identifier: invitee.phone, password: PASSWORD, redirectTo: "" }), ip())) as Response;
    const fresh = cookieFrom(login);
    expect((await getUser(getRequest("/", fresh)))?.role).toBe("FARMER");
    // inviting an existing member again changes nothing and ends nothing
    await call(membersAction as never, formRequest(`/seller/farms/${farm.id}/members`, { identifier: invitee.phone }, ownerCookie), undefined, { farmId: farm.id });
    expect(await sessionAlive(fresh)).toBe(true);
  });

  it("ends a person's other sessions when a pending invitation turns into a membership at log-in", async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const invitee = await userWithPassword("BUYER");
    const oldDevice = await sessionFor(invitee.user.id);
    await db.farmInvite.create({ data: { farmId: farm.id, identifier: invitee.phone, invitedBy: owner.id } });

    const res = (await call(loginAction as never, formRequest("/login", { identifier: invitee.phone, password: PASSWORD, redirectTo: "" }), ip())) as Response;
    expect(res.status).toBe(302);
    expect(await sessionAlive(oldDevice)).toBe(false);
    expect((await getUser(getRequest("/", cookieFrom(res))))?.role).toBe("FARMER");
    expect(await db.farmMember.count({ where: { farmId: farm.id, userId: invitee.user.id } })).toBe(1);
  });

  it("lets an administrator change a role, which ends every session of that person", async () => {
    const admin = await createUser(db, { role: "ADMIN" });
    const adminCookie = await sessionFor(admin.id);
    const target = await createUser(db, { role: "BUYER", name: "Chị Tư" });
    const targetSessions = [await sessionFor(target.id), await sessionFor(target.id)];

    const res = (await call(adminAction as never, formRequest("/admin", { userId: target.id, role: "OFFICER" }, adminCookie))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin");
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("OFFICER");
    for (const c of targetSessions) expect(await sessionAlive(c)).toBe(false);
    expect(await sessionAlive(adminCookie)).toBe(true);
    // the page it lands on says so once (a flash cookie, not a flag in the URL)
    const flash = res.headers.getSetCookie().find((c) => c.startsWith("cn_flash="))!;
    const { readFlash } = await import("~/utils/flash.server");
    expect((await readFlash(getRequest("/admin", flash.split(";")[0]))).flash).toEqual({ key: "roleChanged", values: { name: "Chị Tư" } });

    // not one's own role; not an unknown role; not a missing user
    expect(unwrap(await call(adminAction as never, formRequest("/admin", { userId: admin.id, role: "BUYER" }, adminCookie))).value).toEqual({ error: "ownRole" });
    expect(unwrap(await call(adminAction as never, formRequest("/admin", { userId: target.id, role: "ROOT" }, adminCookie))).status).toBe(400);
    expect(unwrap(await call(adminAction as never, formRequest("/admin", { userId: "nope", role: "BUYER" }, adminCookie))).status).toBe(404);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");

    // an officer (who can read the department's figures) cannot
    const officerCookie = await sessionFor((await createUser(db, { role: "OFFICER" })).id);
    expect(((await call(adminAction as never, formRequest("/admin", { userId: admin.id, role: "BUYER" }, officerCookie))) as Response).status).toBe(403);
  });
});

describe("rate limits", () => {
  it("limits sign-ups per address (codes sent from one address)", async () => {
    const from = "192.0.2.77";
    await db.rateLimit.create({ data: { key: `code:ip:${from}`, hits: CODE_LIMITS.perIp.max, windowStart: new Date() } });
    const before = await db.verificationCode.count();
    const res = unwrap(await call(signupAction as never, formRequest("/signup", { name: "Ai đó", identifier: fakePhone().replace("+84", "0"), password: PASSWORD, role: "BUYER" }), from));
    expect(res.status).toBe(429);
    expect(res.value.result.error[""]).toEqual(["tooManyCodes"]);
    expect(res.value.retryMinutes).toBeGreaterThanOrEqual(59);
    expect(await db.verificationCode.count()).toBe(before);
  });

  it("limits checkouts per buyer, placing nothing over the limit", async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 100_000 });
    const buyer = await createUser(db, { phone: fakePhone() });
    const cookie = await sessionFor(buyer.id);
    // the prices the checkout page showed (its hidden seenPrices), as a browser would send them back
    const seen = async (c: string) => ((await call(checkoutLoader as never, getRequest("/checkout", c))) as { seenPrices: string }).seenPrices;
    const form = async (key: string, c = cookie) => ({ idempotencyKey: key, seenPrices: await seen(c), buyerName: "Anh Ba", buyerPhone: "0912345678", "farms[0].farmId": farm.id, "farms[0].fulfilment": "PICKUP", "farms[0].address": "", "farms[0].paymentMethod": "VIETQR" });
    const add = () => call(cartAction as never, formRequest("/cart", { intent: "add", productId: product.id, quantity: "1" }, cookie));

    await add();
    const first = (await call(checkoutAction as never, formRequest("/checkout", await form("a".repeat(32)), cookie), "203.0.113.50")) as Response;
    expect(first.status).toBe(302);
    // the buyer has used up the window
    await db.rateLimit.update({ where: { key: `checkout:user:${buyer.id}` }, data: { hits: LIMITS.checkoutPerUser.max } });
    await add();
    const orders = await db.order.count();
    const limited = unwrap(await call(checkoutAction as never, formRequest("/checkout", await form("b".repeat(32)), cookie), "203.0.113.51"));
    expect(limited.status).toBe(429);
    expect(limited.value.result.error[""]).toEqual(["tooManyOrders"]);
    expect(limited.value.result.initialValue.buyerName).toBe("Anh Ba"); // what was typed comes back
    expect(await db.order.count()).toBe(orders);
    // card payments too
    const pay = (await call(payAction as never, formRequest(`/orders/x/pay`, {}, cookie), "203.0.113.51", { orderId: "x" })) as Response;
    expect(pay.headers.get("Location")).toBe("/orders/x?card=tooManyOrders");

    // another buyer behind the same address is not affected
    const other = await createUser(db, { phone: fakePhone() });
    const otherCookie = await sessionFor(other.id);
    await call(cartAction as never, formRequest("/cart", { intent: "add", productId: product.id, quantity: "1" }, otherCookie));
    expect(((await call(checkoutAction as never, formRequest("/checkout", await form("c".repeat(32), otherCookie), otherCookie), "203.0.113.51")) as Response).status).toBe(302);
  });

  it("bounds webhook deliveries per address, before reading them", async () => {
    process.env.BANK_WEBHOOK_SECRET = "x".repeat(40);
    try {
      const from = "192.0.2.88";
      await db.rateLimit.create({ data: { key: `webhook:ip:${from}`, hits: LIMITS.webhookPerIp.max, windowStart: new Date() } });
      const req = () => new Request("http://localhost:3000/resources/webhooks/bank", { method: "POST", body: "{}", headers: { "X-Signature": "00" } });
      const limited = (await call(bankWebhook as never, req(), from)) as Response;
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
      // another address goes on to the signature check
      expect(((await call(bankWebhook as never, req(), "192.0.2.89")) as Response).status).toBe(400);
      // generous: 10 replays of a real event (card-payments.test.ts) never come near it
      expect(LIMITS.webhookPerIp.max).toBeGreaterThanOrEqual(100);
    } finally {
      delete process.env.BANK_WEBHOOK_SECRET;
    }
  });
});

describe("redirects after log-in and other form posts stay on this site", () => {
  const hostile = ["//evil.com", "//evil.com/%2e%2e", "/\\evil.com", "/\\/evil.com", "\\\\evil.com", "https://evil.com", "http:evil.com", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "/\t/evil.com", "/\n/evil.com", " //evil.com", "evil.com"];

  it.each(hostile)("login ignores redirectTo=%j", async (target) => {
    const { phone } = await userWithPassword();
    const res = (await call(loginAction as never, formRequest("/login", { identifier: phone, password: PASSWORD, redirectTo: target }), ip())) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
  });

  it("signup, cart and language switch do the same", async () => {
    for (const target of hostile) {
      const phone = fakePhone();
      const signup = (await call(signupAction as never, formRequest(`/signup?redirectTo=${encodeURIComponent(target)}`, { name: "Cô Năm", identifier: phone.replace("+84", "0"), password: PASSWORD, role: "BUYER" }), ip())) as Response;
      expect(signup.headers.get("Location")).toMatch(/^\/signup\/verify\?id=[a-z2-7]{26}$/); // the target is not carried on
      // nor taken from the verify page's own address
      const id = new URL(signup.headers.get("Location")!, "http://x").searchParams.get("id")!;
      const done = (await call(verifyAction as never, formRequest(`/signup/verify?id=${id}&redirectTo=${encodeURIComponent(target)}`, { id, code: await inbox.codeFor(phone) }), ip())) as Response;
      expect(done.headers.get("Location")).toBe("/");
      const locale = (await call(localeAction as never, formRequest("/resources/locale", { lng: "en", redirectTo: target }))) as Response;
      expect(locale.headers.get("Location")).toBe("/");
    }
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const product = await createProduct(db, { farmId: farm.id, categoryId });
    const cart = (await call(cartAction as never, formRequest("/cart", { intent: "add", productId: product.id, redirectTo: "//evil.com" }))) as Response;
    expect(cart.headers.get("Location")).toBe("/cart");
  });

  it("keeps a local path with its query", async () => {
    const { phone } = await userWithPassword();
    const res = (await call(loginAction as never, formRequest("/login", { identifier: phone, password: PASSWORD, redirectTo: "/orders?page=2#top" }), ip())) as Response;
    expect(res.headers.get("Location")).toBe("/orders?page=2#top");
  });

  it("sends an anonymous visitor to log in with only the local path to come back to", async () => {
    const thrown = await requireUser(getRequest("/checkout?x=1")).catch((e) => e as Response);
    expect((thrown as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fcheckout%3Fx%3D1");
  });
});

describe("database errors in logs", () => {
  it("name the argument at fault without quoting the call's values", async () => {
    const error = await (db.user.create as unknown as (a: unknown) => Promise<unknown>)({ data: { phone: "+84912345678", passwordHash: "$argon2id$v=19$secret-hash", email: "mai@example.vn", locale: "Nguyễn Thị Mai, 12 Lê Lợi" } }).catch((e: Error) => e);
    expect((error as Error).message).toContain("secret-hash"); // Prisma quotes the call…
    const line = describeFailure(error, { method: "POST", url: "http://x/signup" });
    expect(line).toMatch(/^POST \/signup: PrismaClientValidationError: Invalid `prisma\.user\.create\(\)` invocation \(arguments not logged\): Argument `name` is missing\./);
    for (const value of ["+84912345678", "secret-hash", "mai@example.vn", "Lê Lợi"]) expect(line).not.toContain(value); // …the log does not
  });
});
