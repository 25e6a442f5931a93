// Who may do what, for every route: each route module under app/routes that exports an `action`
// (found by globbing at test time) × six kinds of visitor, called for real with a session made by
// the auth module. A route with an action and no rule below fails this test: a new route must say
// who may use it. Loaders are held to the same table.
//
//   denied  = 401, 403, 404, or requireUser's redirect to /login?redirectTo=… — and, for actions,
//             no row changed anywhere
//   allowed = anything else (a redirect onwards, a 400 for a form error, the page's data)
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { commitSessionCookie, createSession } from "~/modules/auth/session.server";
import { hashPassword } from "~/modules/auth/password.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { saveImage, mediaView } from "~/modules/media/media.server";
import { mediaUrl } from "~/modules/media/view";
import { placeOrder } from "~/modules/orders/checkout.server";
import { listVietQrBanks } from "~/modules/payments/banks.server";
import { createCategory, createFarm, createProduct, createUser, ensureProvince, fakePhone } from "../factories";
import { noisyJpeg, smallPng } from "../fakes/images";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET, startFakeStripe } from "../fakes/stripe";
import { BASE, call } from "./helpers";

// farmerOwn is the fixture farm's owner; farmManager and farmStaff are members of that farm with
// those roles (app/modules/farms/roles.ts); farmerOther owns another farm. helperOwn is a helper of
// the farm's commune assisting it (ADR 017); helperOther a helper of another commune.
const VISITORS = ["anonymous", "buyer", "farmerOther", "farmerOwn", "farmManager", "farmStaff", "helperOwn", "helperOther", "officer", "admin"] as const;
type Visitor = (typeof VISITORS)[number];
const LOGGED_IN: Visitor[] = ["buyer", "farmerOther", "farmerOwn", "farmManager", "farmStaff", "helperOwn", "helperOther", "officer", "admin"];
const HELPERS: Visitor[] = ["helperOwn", "helperOther"];
const FARMERS: Visitor[] = ["farmerOther", "farmerOwn", "farmManager", "farmStaff", ...HELPERS]; // helpers have a farmer's pages, for the farms they assist
const BUYERS: Visitor[] = ["buyer", "farmerOther", "farmerOwn", "farmManager", "farmStaff", ...HELPERS]; // farmers buy too ("create:order")
/** Everyone of the fixture's farm: what any member may see or do. */
const MEMBERS: Visitor[] = ["farmerOwn", "farmManager", "farmStaff", "helperOwn"];
/** Who runs the shop: products, prices, photos, the farm's story (a helper assisting it too). */
const EDITORS: Visitor[] = ["farmerOwn", "farmManager", "helperOwn"];
/** Who sees the farm's sales and moves its money: not staff, not a helper. */
const SALES: Visitor[] = ["farmerOwn", "farmManager"];
const DEPARTMENT: Visitor[] = ["officer", "admin"];
const EVERYONE = "everyone" as const;

type Fixture = Awaited<ReturnType<typeof makeFixture>>;
type Call = { path: string; params?: Record<string, string>; fields?: Record<string, string>; files?: Record<string, Buffer>; headers?: Record<string, string>; body?: string };
type Rule = {
  /** who gets through; everyone else must be denied */
  allow: Visitor[] | typeof EVERYONE;
  /** the same request for every visitor: one the allowed ones can really make */
  request: (f: Fixture) => Call | Promise<Call>;
  /** more statuses that count as "denied" (webhooks: 400 for a missing signature) */
  deniedAlso?: number[];
  why?: string;
};

const PASSWORD = "rau-sach-Ngai-Giao-7";
let passwordHash: string;
let categoryId: string;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
const bankBin = listVietQrBanks()[0].bin;
const phone0 = () => fakePhone().replace("+84", "0");
const CODE_ID = "a".repeat(26); // a well-formed handle of a code that does not exist
const productFields = (f: Fixture) => ({ name: "Bưởi da xanh", categoryId: f.categoryId, unit: "kg", price: "60.000", stock: "10", description: "Ngọt", intent: "publish" });
const farmFields = { name: "Vườn Bưởi Cô Ba", communeCode: "77020", phone: "0912345678", story: "Vườn bưởi", addressLine: "Ấp 3", offersPickup: "on" };

// ─── The table ──────────────────────────────────────────────────────────────────────────────────
// Keys are paths under app/routes. Keep it in step with the routes: the first test checks that.
const ACTIONS: Record<string, Rule> = {
  "dev.card.$ref.tsx": { allow: [], why: "the card simulator exists only with NODE_ENV=development (404 otherwise)", request: () => ({ path: "/dev/card/sim_0123456789abcdef", params: { ref: "sim_0123456789abcdef" }, fields: { outcome: "pay" } }) },
  "_auth+/login.tsx": { allow: EVERYONE, request: (f) => ({ path: "/login", fields: { identifier: f.loginPhone, password: PASSWORD, redirectTo: "" } }) },
  "_auth+/logout.tsx": { allow: EVERYONE, request: () => ({ path: "/logout" }) },
  "_auth+/signup.tsx": { allow: EVERYONE, request: () => ({ path: "/signup", fields: { name: "Người mới", identifier: phone0(), password: PASSWORD, role: "BUYER" } }) },
  "_auth+/signup_.verify.tsx": { allow: EVERYONE, why: "a code is the proof; logged-in visitors are sent home", request: () => ({ path: `/signup/verify?id=${CODE_ID}`, fields: { id: CODE_ID, code: "123456" } }) },
  "_auth+/forgot-password.tsx": { allow: EVERYONE, why: "the same answer for everyone", request: () => ({ path: "/forgot-password", fields: { identifier: phone0() } }) },
  "_auth+/reset-password.tsx": { allow: EVERYONE, why: "a code or link is the proof", request: () => ({ path: `/reset-password?id=${CODE_ID}`, fields: { via: "code", id: CODE_ID, code: "123456", password: PASSWORD } }) },
  "account_.phone.tsx": { allow: LOGGED_IN, why: "one's own number", request: () => ({ path: "/account/phone", fields: { intent: "send", phone: phone0() } }) },
  "account_.password.tsx": { allow: LOGGED_IN, why: "one's own password", request: () => ({ path: "/account/password", fields: { with: "current", currentPassword: "not-it", password: "mat-khau-Moi-2026" } }) },
  "account_.notifications.tsx": { allow: LOGGED_IN, why: "one's own choices", request: () => ({ path: "/account/notifications", fields: { topic: "ORDER_UPDATES", "ORDER_UPDATES:EMAIL": "on", quietHours: "on" } }) },
  "resources+/push-subscriptions.ts": {
    allow: LOGGED_IN, why: "one's own devices",
    request: () => ({ path: "/resources/push-subscriptions", body: JSON.stringify({ action: "unsubscribe", endpoint: "https://fcm.googleapis.com/fcm/send/none" }), headers: { "Content-Type": "application/json" } }),
  },
  "resources+/webhooks.zalo.ts": {
    allow: [], deniedAlso: [400], why: "only Zalo's signature, never a session",
    request: () => ({ path: "/resources/webhooks/zalo", body: JSON.stringify({ event_name: "user_received_message", timestamp: "1", message: { tracking_id: "x" } }), headers: { "X-ZEvent-Signature": "mac=00" } }),
  },
  "_store+/cart.tsx": { allow: EVERYONE, why: "guests have carts", request: (f) => ({ path: "/cart", fields: { intent: "add", productId: f.product.id, quantity: "1" } }) },
  "_store+/checkout.tsx": {
    allow: BUYERS,
    request: (f) => ({ path: "/checkout", fields: { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Anh Ba", buyerPhone: "0912345678", "farms[0].farmId": f.farm.id, "farms[0].fulfilment": "PICKUP", "farms[0].address": "", "farms[0].paymentMethod": "VIETQR" } }),
  },
  "account.tsx": { allow: LOGGED_IN, request: () => ({ path: "/account", fields: { intent: "logout-everywhere" } }) },
  "admin+/_index.tsx": { allow: ["admin"], request: (f) => ({ path: "/admin", fields: { userId: f.target.id, role: "FARMER" } }) },
  "admin+/moderation.tsx": {
    allow: ["admin"], why: "update:farm:any (dismissing a report made for each visitor)",
    request: async (f) => {
      const report = await db.report.create({ data: { farmId: f.farm.id, productId: f.product.id, reason: "OTHER" } });
      return { path: "/admin/moderation", fields: { op: "dismiss", id: report.id } };
    },
  },
  "report.tsx": { allow: LOGGED_IN, why: "anyone signed in may report a public listing", request: (f) => ({ path: `/report?product=${f.product.slug}`, fields: { reason: "WRONG_PRICE", note: "Giá ghi sai" } }) },
  "orders.$orderId.tsx": { allow: ["buyer"], why: "the order's own buyer", request: (f) => ({ path: `/orders/${f.order.id}`, params: { orderId: f.order.id }, fields: { farmOrderId: f.part.id } }) },
  "orders.$orderId.pay.ts": { allow: ["buyer"], why: "the order's own buyer", request: (f) => ({ path: `/orders/${f.order.id}/pay`, params: { orderId: f.order.id } }) },
  "resources+/locale.ts": { allow: EVERYONE, request: () => ({ path: "/resources/locale", fields: { lng: "en", redirectTo: "/" } }) },
  "resources+/webhooks.bank.ts": {
    allow: [], deniedAlso: [400], why: "only a valid HMAC signature, never a session",
    request: () => ({ path: "/resources/webhooks/bank", body: JSON.stringify({ id: "t1", accountNumber: "1", amount: 1, content: "x" }), headers: { "X-Signature": "00" } }),
  },
  "resources+/webhooks.stripe.ts": {
    allow: [], deniedAlso: [400], why: "only Stripe's signature, never a session",
    request: () => ({ path: "/resources/webhooks/stripe", body: "{}", headers: { "Stripe-Signature": "t=1,v1=00" } }),
  },
  "seller+/farms.$farmId.bank.tsx": { allow: ["farmerOwn"], request: (f) => ({ path: `/seller/farms/${f.farm.id}/bank`, params: { farmId: f.farm.id }, fields: { bankBin, bankAccountNumber: "0123456789", bankAccountName: "NGUYEN VAN A" } }) },
  "seller+/farms.$farmId.certifications.tsx": {
    allow: EDITORS, why: "deleting a certificate (each visitor tries a certificate of their own making)",
    request: async (f) => {
      const cert = await db.certification.create({ data: { farmId: f.farm.id, kind: "OCOP", stars: 3, number: `OCOP-${randomBytes(3).toString("hex")}`, issuer: "UBND" } });
      return { path: `/seller/farms/${f.farm.id}/certifications`, params: { farmId: f.farm.id }, fields: { certificationId: cert.id } };
    },
  },
  "seller+/farms.$farmId.members.tsx": { allow: ["farmerOwn"], why: "the farm's owner", request: (f) => ({ path: `/seller/farms/${f.farm.id}/members`, params: { farmId: f.farm.id }, fields: { identifier: phone0() } }) },
  "seller+/farms.$farmId.photos.tsx": { allow: EDITORS, request: async (f) => ({ path: `/seller/farms/${f.farm.id}/photos`, params: { farmId: f.farm.id }, fields: {}, files: { photos: await noisyJpeg(400, 300) } }) },
  "seller+/farms.$farmId.profile.tsx": { allow: ["farmerOwn"], why: "the farm's name and phone change: its identity, the owner's alone", request: (f) => ({ path: `/seller/farms/${f.farm.id}/profile`, params: { farmId: f.farm.id }, fields: farmFields }) },
  "seller+/farms.new.tsx": { allow: FARMERS, request: () => ({ path: "/seller/farms/new", fields: farmFields }) },
  "seller+/orders.$farmOrderId.tsx": { allow: MEMBERS, why: "cancelling an unpaid part: any member (a paid one: not staff, tested in integrity.test.ts)", request: (f) => ({ path: `/seller/orders/${f.part.id}`, params: { farmOrderId: f.part.id }, fields: { to: "CANCELLED", reason: "Hết hàng do mưa" } }) },
  "seller+/products.$productId.tsx": { allow: EDITORS, why: "the whole product form (price): not staff, who may change stock alone", request: (f) => ({ path: `/seller/products/${f.product.id}`, params: { productId: f.product.id }, fields: productFields(f) }) },
  "helper+/_index.tsx": { allow: ["helperOwn"], why: "a sign-up in the farm's commune: its helper only (another commune's: 403)", request: () => ({ path: "/helper", fields: { name: "Hộ Mới", phone: phone0(), communeCode: "77020" } }) },
  "helper+/verify.tsx": { allow: HELPERS, deniedAlso: [], why: "a helper's own pending sign-up (an unknown one reads as a wrong code)", request: () => ({ path: `/helper/verify?id=${CODE_ID}`, fields: { id: CODE_ID, code: "123456" } }) },
  "helper+/households.$farmId.password.tsx": { allow: ["helperOwn"], why: "the farm's helper (without the cookie's right: 400)", request: (f) => ({ path: `/helper/households/${f.farm.id}/password`, params: { farmId: f.farm.id }, fields: { password: "mat-khau-Moi-2026" } }) },
  "account_.identity.tsx": { allow: FARMERS, why: "a seller's own identity (no provider configured here: 503 for them)", request: () => ({ path: "/account/identity", fields: { fullName: "Nguyễn Văn A", idNumber: "077180001111", dateOfBirth: "1980-05-05" } }) },
  "department+/sellers.tsx": { allow: DEPARTMENT, why: "verify:seller (in person)", request: (f) => ({ path: "/department/sellers", fields: { userId: f.users.farmerOwn!.id, fullName: "Chủ Vườn", idNumber: "077180002222", dateOfBirth: "1980-05-05" } }) },
  "department+/helpers.tsx": { allow: DEPARTMENT, why: "manage:helpers", request: () => ({ path: "/department/helpers", fields: { name: "Người Hỗ Trợ", phone: phone0().replace(/^0\d/, "09"), communes: "77020" } }) },
  "department+/onboarding.tsx": { allow: DEPARTMENT, why: "manage:helpers (commune targets)", request: () => ({ path: "/department/onboarding", fields: { "target-77020": "120" } }) },
  "onboarding+/import.tsx": {
    allow: [...HELPERS, ...DEPARTMENT], why: "import:households (a dry run; confirming is officers', tested in household-import.test.ts)",
    request: () => ({ path: "/onboarding/import", fields: {}, files: { file: Buffer.from("Họ tên,Số điện thoại,Mã xã\nHộ Một,0987654321,77020\n") } }),
  },
  "seller+/products.new.tsx": {
    allow: EDITORS, why: "into one's own farm (the farm id is posted); not staff",
    request: async (f) => ({ path: "/seller/products/new", fields: { ...productFields(f), farmId: f.farm.id }, files: { photos: await noisyJpeg(400, 300) } }),
  },
};

const page = (path: string, params?: Record<string, string>) => () => ({ path, params });
const LOADERS: Record<string, Rule> = {
  "_auth+/login.tsx": { allow: EVERYONE, why: "logged-in visitors are sent home", request: page("/login") },
  "_auth+/logout.tsx": { allow: EVERYONE, request: page("/logout") },
  "_auth+/signup.tsx": { allow: EVERYONE, request: page("/signup") },
  "_auth+/signup_.verify.tsx": { allow: EVERYONE, why: "a pending code's page; otherwise back to /signup", request: page(`/signup/verify?id=${CODE_ID}`) },
  "_auth+/forgot-password.tsx": { allow: EVERYONE, request: page("/forgot-password") },
  "_auth+/reset-password.tsx": { allow: EVERYONE, why: "a pending code's page; otherwise back to /forgot-password", request: page(`/reset-password?id=${CODE_ID}`) },
  "account_.phone.tsx": { allow: LOGGED_IN, request: page("/account/phone") },
  "account_.password.tsx": { allow: LOGGED_IN, request: page("/account/password") },
  "account_.notifications.tsx": { allow: LOGGED_IN, request: page("/account/notifications") },
  "dev.messages.tsx": { allow: [], why: "development only (404 otherwise)", request: page("/dev/messages") },
  "resources+/push-subscriptions.ts": { allow: LOGGED_IN, why: "the VAPID key to subscribe with", request: page("/resources/push-subscriptions") },
  "resources+/webhooks.zalo.ts": { allow: EVERYONE, why: "405, nothing to read", request: page("/resources/webhooks/zalo") },
  "resources+/webhooks.sms.ts": { allow: [], deniedAlso: [400], why: "only a report URL's key, never a session", request: page("/resources/webhooks/sms?RequestId=abcdefghijklmnopqrstuvwx&key=00&SendStatus=5&SendSuccess=1") },
  "_store+/_index.tsx": { allow: EVERYONE, request: page("/") },
  "_store+/cart.tsx": { allow: EVERYONE, request: page("/cart") },
  "_store+/categories.$slug.tsx": { allow: EVERYONE, request: (f) => page(`/categories/${f.category.slug}`, { slug: f.category.slug })() },
  "_store+/checkout.tsx": { allow: BUYERS, request: page("/checkout") },
  "_store+/farms.$slug.tsx": { allow: EVERYONE, request: (f) => page(`/farms/${f.farm.slug}`, { slug: f.farm.slug })() },
  "_store+/farms.$slug_.stamp.tsx": { allow: EVERYONE, why: "QR stamps of public pages", request: (f) => page(`/farms/${f.farm.slug}/stamp`, { slug: f.farm.slug })() },
  "_store+/farms._index.tsx": { allow: EVERYONE, request: page("/farms") },
  "_store+/products.$slug.tsx": { allow: EVERYONE, request: (f) => page(`/products/${f.product.slug}`, { slug: f.product.slug })() },
  "_store+/search.tsx": { allow: EVERYONE, request: page("/search?q=buoi") },
  "account.tsx": { allow: LOGGED_IN, request: page("/account") },
  "admin+/_index.tsx": { allow: ["admin"], request: page("/admin") },
  "admin+/moderation.tsx": { allow: ["admin"], request: page("/admin/moderation") },
  "report.tsx": { allow: LOGGED_IN, request: (f) => page(`/report?product=${f.product.slug}`)() },
  "department+/_index.tsx": { allow: ["officer", "admin"], request: page("/department") },
  "department+/helpers.tsx": { allow: DEPARTMENT, request: page("/department/helpers") },
  "department+/sellers.tsx": { allow: DEPARTMENT, request: page("/department/sellers") },
  "account_.data.ts": { allow: LOGGED_IN, why: "one's own data", request: page("/account/data") },
  "account_.identity.tsx": { allow: FARMERS, request: page("/account/identity") },
  "department+/onboarding.tsx": { allow: DEPARTMENT, request: page("/department/onboarding") },
  "resources+/exports.onboarding[.csv].ts": { allow: DEPARTMENT, why: "read:onboarding and export:department-data", request: page("/resources/exports/onboarding.csv") },
  "onboarding+/import.tsx": { allow: [...HELPERS, ...DEPARTMENT], request: page("/onboarding/import") },
  "helper+/_index.tsx": { allow: HELPERS, request: page("/helper") },
  "helper+/verify.tsx": { allow: HELPERS, why: "an unknown code sends a helper back to its page (not to log in)", request: page(`/helper/verify?id=${CODE_ID}`) },
  "helper+/households.$farmId.password.tsx": { allow: ["helperOwn"], why: "the farm's helper (without the cookie's right: sent to the guide)", request: (f) => page(`/helper/households/${f.farm.id}/password`, { farmId: f.farm.id })() },
  "helper+/households.$farmId.guide.tsx": { allow: ["farmerOwn", "helperOwn"], why: "the household and the helper assisting it", request: (f) => page(`/helper/households/${f.farm.id}/guide`, { farmId: f.farm.id })() },
  "resources+/exports.department.$table.ts": { allow: ["officer", "admin"], why: "export:department-data", request: page("/resources/exports/department/communes.csv", { table: "communes.csv" }) },
  "resources+/exports.farms.$farmId.sales[.csv].ts": { allow: SALES, why: "a farm's own sales only, not staff or a helper", request: (f) => page(`/resources/exports/farms/${f.farm.id}/sales.csv`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId_.sales.tsx": { allow: SALES, why: "a farm's own sales only, not staff or a helper", request: (f) => page(`/seller/farms/${f.farm.id}/sales`, { farmId: f.farm.id })() },
  "media.$.ts": { allow: EVERYONE, request: async () => { const key = await mediaKey(); return page(`/media/${key}`, { "*": key })(); } },
  "orders.$orderId.tsx": { allow: ["buyer"], request: (f) => page(`/orders/${f.order.id}`, { orderId: f.order.id })() },
  "orders._index.tsx": { allow: BUYERS, why: "each sees their own orders", request: page("/orders") },
  "resources+/healthcheck.ts": { allow: EVERYONE, request: page("/resources/healthcheck") },
  "resources+/ping.ts": { allow: EVERYONE, request: page("/resources/ping") },
  "dev.card.$ref.tsx": { allow: [], why: "development only (404 otherwise)", request: () => ({ path: "/dev/card/sim_0123456789abcdef", params: { ref: "sim_0123456789abcdef" } }) },
  "resources+/locale.ts": { allow: EVERYONE, request: page("/resources/locale") },
  "resources+/qr.$kind.$slug.ts": { allow: EVERYONE, request: (f) => page(`/resources/qr/farm/${f.farm.slug}.svg`, { kind: "farm", slug: `${f.farm.slug}.svg` })() },
  "resources+/webhooks.bank.ts": { allow: EVERYONE, why: "405, nothing to read", request: page("/resources/webhooks/bank") },
  "resources+/webhooks.stripe.ts": { allow: EVERYONE, why: "405, nothing to read", request: page("/resources/webhooks/stripe") },
  "seller+/_index.tsx": { allow: FARMERS, request: page("/seller") },
  "seller+/farms.$farmId._index.tsx": { allow: EVERYONE, why: "only a redirect to the profile step, which is guarded", request: (f) => page(`/seller/farms/${f.farm.id}`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId_.activity.tsx": { allow: ["farmerOwn"], why: "the owner's record of sensitive changes", request: (f) => page(`/seller/farms/${f.farm.id}/activity`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId.bank.tsx": { allow: ["farmerOwn"], request: (f) => page(`/seller/farms/${f.farm.id}/bank`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId.certifications.tsx": { allow: MEMBERS, request: (f) => page(`/seller/farms/${f.farm.id}/certifications`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId.members.tsx": { allow: MEMBERS, why: "members see who else is; only the owner changes it", request: (f) => page(`/seller/farms/${f.farm.id}/members`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId.photos.tsx": { allow: MEMBERS, request: (f) => page(`/seller/farms/${f.farm.id}/photos`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId.profile.tsx": { allow: MEMBERS, request: (f) => page(`/seller/farms/${f.farm.id}/profile`, { farmId: f.farm.id })() },
  "seller+/farms.$farmId.tsx": { allow: MEMBERS, request: (f) => page(`/seller/farms/${f.farm.id}`, { farmId: f.farm.id })() },
  "seller+/farms.new.tsx": { allow: FARMERS, request: page("/seller/farms/new") },
  "seller+/orders.$farmOrderId.tsx": { allow: MEMBERS, request: (f) => page(`/seller/orders/${f.part.id}`, { farmOrderId: f.part.id })() },
  "seller+/orders._index.tsx": { allow: FARMERS, request: page("/seller/orders") },
  "seller+/products.$productId.tsx": { allow: MEMBERS, why: "staff see it to change the stock", request: (f) => page(`/seller/products/${f.product.id}`, { productId: f.product.id })() },
  "seller+/products.new.tsx": { allow: FARMERS, request: page("/seller/products/new") },
};

// ─── Discovery ──────────────────────────────────────────────────────────────────────────────────
type RouteModule = { action?: (args: never) => unknown; loader?: (args: never) => unknown };
const found = import.meta.glob<RouteModule>(["/app/routes/**/*.{ts,tsx}", "!/app/routes/**/*.test.{ts,tsx}"]);
const routes = new Map<string, RouteModule>();
for (const [file, load] of Object.entries(found)) routes.set(file.replace("/app/routes/", ""), await load());
const withAction = [...routes].filter(([, m]) => typeof m.action === "function").map(([f]) => f).sort();
const withLoader = [...routes].filter(([, m]) => typeof m.loader === "function").map(([f]) => f).sort();

// ─── Fixture: two farms, a product, a certificate, a buyer's cart and an order ─────────────────
async function makeFixture() {
  const user = (role: string) => createUser(db, { role, phone: fakePhone(), email: null });
  const [buyer, farmerOwn, farmerOther, farmManager, farmStaff, helperOwn, helperOther, officer, admin, target] = await Promise.all([
    user("BUYER"), user("FARMER"), user("FARMER"), user("FARMER"), user("FARMER"), user("HELPER"), user("HELPER"), user("OFFICER"), user("ADMIN"), user("BUYER"),
  ]);
  await db.helperCommune.createMany({ data: [{ userId: helperOwn.id, communeCode: "77020" }, { userId: helperOther.id, communeCode: "77021" }] });
  const loginPhone = fakePhone();
  await createUser(db, { phone: loginPhone, email: null, passwordHash });
  const farm = await createFarm(db, { ownerId: farmerOwn.id, communeCode: "77020", provinceCode: "77" });
  await db.farm.update({ where: { id: farm.id }, data: { bankBin, bankAccountNumber: "0123456789", bankAccountName: "NGUYEN VAN A" } });
  await createFarm(db, { ownerId: farmerOther.id, communeCode: "77020", provinceCode: "77" });
  await db.farmMember.createMany({ data: [{ farmId: farm.id, userId: farmManager.id, role: "MANAGER" }, { farmId: farm.id, userId: farmStaff.id, role: "STAFF" }, { farmId: farm.id, userId: helperOwn.id, role: "HELPER" }] });
  const category = await db.category.findUniqueOrThrow({ where: { id: categoryId } });
  const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 100_000 });
  const cert = await db.certification.create({ data: { farmId: farm.id, kind: "VIETGAP", number: "VG-1", issuer: "Sở NN" } });
  // the buyer's order: a card part awaiting payment; then a cart for the next checkout
  const { cartId } = await ensureCart(new Request(BASE), buyer.id);
  await setCartLine({ cartId, productId: product.id, quantityMilli: 1000 });
  const placed = await placeOrder({
    userId: buyer.id, cartId, cardAvailable: true,
    input: { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "Anh Ba", buyerPhone: "+84912345678", farms: [{ farmId: farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "CARD" }] },
  });
  if (!placed.ok) throw new Error(placed.error);
  await setCartLine({ cartId: (await ensureCart(new Request(BASE), buyer.id)).cartId, productId: product.id, quantityMilli: 1000 });
  const order = await db.order.findUniqueOrThrow({ where: { id: placed.orderId } });
  const part = await db.farmOrder.findFirstOrThrow({ where: { orderId: order.id } });
  const users: Record<Visitor, { id: string } | null> = { anonymous: null, buyer, farmerOther, farmerOwn, farmManager, farmStaff, helperOwn, helperOther, officer, admin };
  return { users, target, loginPhone, farm, product, category, categoryId, cert, order, part };
}

let mediaKeyMemo: string | undefined;
async function mediaKey() {
  if (!mediaKeyMemo) {
    const { id } = await saveImage(await smallPng());
    mediaKeyMemo = mediaUrl(mediaView(await db.media.findUniqueOrThrow({ where: { id } }))!).replace("/media/", "");
  }
  return mediaKeyMemo;
}

// ─── Calling a route as a visitor ───────────────────────────────────────────────────────────────
async function cookieFor(who: Visitor, f: Fixture): Promise<string | undefined> {
  const user = f.users[who];
  if (!user) return undefined;
  const { token } = await createSession({ userId: user.id }); // a fresh session each call: log-out everywhere cannot spoil the next
  return (await commitSessionCookie(token)).split(";")[0];
}

function buildRequest(c: Call, method: "GET" | "POST", cookie?: string): Request {
  const headers = new Headers(c.headers);
  if (cookie) headers.set("Cookie", cookie);
  if (method === "GET") return new Request(BASE + c.path, { headers });
  let body: BodyInit;
  if (c.files) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(c.fields ?? {})) fd.append(k, v);
    for (const [k, b] of Object.entries(c.files)) fd.append(k, new Blob([Uint8Array.from(b)], { type: "image/jpeg" }), `${k}.jpg`);
    body = fd;
  } else if (c.body !== undefined) {
    body = c.body;
  } else {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(c.fields ?? {}).toString();
  }
  return new Request(BASE + c.path, { method, headers, body });
}

function outcome(result: unknown): { status: number; location: string | null } {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const r = result as { type?: string; init?: { status?: number } | null } | null;
  if (r?.type === "DataWithResponseInit") return { status: r.init?.status ?? 200, location: null };
  return { status: 200, location: null };
}

const isDenied = (o: { status: number; location: string | null }, also: number[] = []) =>
  [401, 403, 404, ...also].includes(o.status) || (o.status >= 300 && o.status < 400 && (o.location ?? "").startsWith("/login?redirectTo="));

/** Every row of every table but sessions and rate-limit counters (which a denied call may touch). */
async function snapshot(): Promise<string> {
  const models = [...fs.readFileSync("prisma/models.prisma", "utf8").matchAll(/^model (\w+)/gm)].map((m) => m[1]).filter((m) => m !== "Session" && m !== "RateLimit");
  const tables: Record<string, string[]> = {};
  for (const model of models) {
    const delegate = (db as unknown as Record<string, { findMany: () => Promise<unknown[]> }>)[model[0].toLowerCase() + model.slice(1)];
    tables[model] = (await delegate.findMany()).map((row) => JSON.stringify(row)).sort();
  }
  return JSON.stringify(tables);
}

const allowedOf = (rule: Rule) => (rule.allow === EVERYONE ? [...VISITORS] : rule.allow);
/** Denied visitors first: their calls must leave the fixture as it was for the allowed ones. */
const visitorsInOrder = (rule: Rule) => [...VISITORS].sort((a, b) => Number(allowedOf(rule).includes(a)) - Number(allowedOf(rule).includes(b)));

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }, { code: "77021", name: "Xã Đất Đỏ", nameEn: "Dat Do" }]);
  categoryId = (await createCategory(db)).id;
  // card payments and bank notifications configured, so that their routes do their real work
  stripe = await startFakeStripe();
  Object.assign(process.env, { STRIPE_SECRET_KEY: FAKE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.apiBase, BANK_WEBHOOK_SECRET: "b".repeat(40) });
});
afterAll(async () => {
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "BANK_WEBHOOK_SECRET"]) delete process.env[k];
  await stripe.close();
});

describe(`authorisation matrix (${process.env.TEST_DB_ENGINE})`, () => {
  it("has a rule for every route with an action or a loader, and none for routes that are gone", () => {
    expect(withAction.filter((f) => !ACTIONS[f]), "routes with an action and no rule in ACTIONS").toEqual([]);
    expect(withLoader.filter((f) => !LOADERS[f]), "routes with a loader and no rule in LOADERS").toEqual([]);
    expect(Object.keys(ACTIONS).filter((f) => !withAction.includes(f)), "rules for missing actions").toEqual([]);
    expect(Object.keys(LOADERS).filter((f) => !withLoader.includes(f)), "rules for missing loaders").toEqual([]);
  });

  describe.each(withAction.filter((f) => ACTIONS[f]))("action of %s", (file) => {
    const rule = ACTIONS[file];
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture();
    });

    it.each(visitorsInOrder(rule))(`%s`, async (who) => {
      const allowed = allowedOf(rule).includes(who);
      const c = await rule.request(f); // may make rows of its own (a certificate to delete): before the snapshot
      const before = allowed ? "" : await snapshot();
      const request = buildRequest(c, "POST", await cookieFor(who, f));
      const result = outcome(await call(routes.get(file)!.action as never, request, `203.0.113.${VISITORS.indexOf(who) + 10}`, c.params ?? {}));
      if (allowed) {
        expect(isDenied(result, rule.deniedAlso), `${who} should get through: ${JSON.stringify(result)}`).toBe(false);
      } else {
        expect(isDenied(result, rule.deniedAlso), `${who} should be denied: ${JSON.stringify(result)}`).toBe(true);
        expect(await snapshot(), `${who}'s denied call changed the database`).toBe(before);
      }
    });
  });

  describe("loaders", () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture();
    });

    describe.each(withLoader.filter((file) => LOADERS[file]))("loader of %s", (file) => {
      const rule = LOADERS[file];
      it.each([...VISITORS])(`%s`, async (who) => {
        const c = await rule.request(f);
        const result = outcome(await call(routes.get(file)!.loader as never, buildRequest(c, "GET", await cookieFor(who, f)), undefined, c.params ?? {}));
        const allowed = allowedOf(rule).includes(who);
        expect(isDenied(result, rule.deniedAlso), `${who} ${allowed ? "should get through" : "should be denied"}: ${JSON.stringify(result)}`).toBe(!allowed);
      });
    });
  });
});
