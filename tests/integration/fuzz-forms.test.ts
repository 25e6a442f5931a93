// Random and hostile input to every form (issue 12): each route module under app/routes with an
// `action` (globbed, so a new form is covered without touching this file) gets a few dozen POSTs
// from several kinds of visitor — fields missing, repeated (arrays where one value is expected),
// huge (up to 50 KB, about what a body limit lets through), with NUL bytes, control, bidi and
// invalid UTF-8, numbers such as -1, NaN and 1e309, unknown intents and ops, prototype-pollution
// keys, other people's and made-up ids, SQL and HTML, truncated JPEGs in every file field, and
// malformed bodies. Each GET form (every loader) gets hostile query strings the same way.
// Nothing may answer with a status of 500 or more, or throw anything but a Response.
//
// The field names and the words a route compares against (intent, op, to…) are read from the
// route's source and the components and schemas it imports; good values come from a fixture (a
// farm, its product, an order…) so that a share of the requests get past validation into the
// modules. Every request has its own generator, seeded from FUZZ_SEED (printed), the file and the
// round: a failure lists the seed, file and round, and reruns alone with FUZZ_SEED=… FUZZ_ONLY=….
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { commitSessionCookie, createSession } from "~/modules/auth/session.server";
import { hashPassword } from "~/modules/auth/password.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { saveImage } from "~/modules/media/media.server";
import { priceToken } from "~/modules/orders/checkout.server";
import { signBankPayload } from "~/modules/payments/bank.server";
import { listVietQrBanks } from "~/modules/payments/banks.server";
import { stopDelivering } from "~/modules/notifications/deliver.server";
import { createCategory, createFarm, createProduct, createRng, createSale, createUser, ensureProvince, fakePhone, type Rng } from "../factories";
import { noisyJpeg, pngBomb, smallPng, textFiles } from "../fakes/images";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET, startFakeStripe } from "../fakes/stripe";
import { startCodeInbox, type CodeInbox } from "./codes";
import { BASE } from "./helpers";

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 120); // per action (≈ 40 s per engine; FUZZ_ROUNDS=1000 for a long hunt)
const LOADER_ROUNDS = Number(process.env.FUZZ_LOADER_ROUNDS ?? 20);
const ONLY = process.env.FUZZ_ONLY; // "file" or "file#round"
const MAX_TEXT = 50 * 1024;
console.log(`fuzz-forms: FUZZ_SEED=${SEED} (${ROUNDS} requests per action, ${LOADER_ROUNDS} per loader)`);

// ─── Routes and what their forms are made of ───────────────────────────────────────────────────
type Handler = (args: { request: Request; params: Record<string, string>; context: { clientIp: string } }) => unknown;
type RouteModule = { action?: Handler; loader?: Handler };
const found = import.meta.glob<RouteModule>(["/app/routes/**/*.{ts,tsx}", "!/app/routes/**/*.test.{ts,tsx}"]);
const routes = new Map<string, RouteModule>();
for (const [file, load] of Object.entries(found)) routes.set(file.replace("/app/routes/", ""), await load());
const withAction = [...routes].filter(([, m]) => typeof m.action === "function").map(([f]) => f).sort();
const withLoader = [...routes].filter(([, m]) => typeof m.loader === "function").map(([f]) => f).sort();

/** The route's source and what it imports from components, form helpers and schemas, 3 levels deep. */
function sourcesOf(file: string): string[] {
  const seen = new Set<string>();
  const visit = (p: string, depth: number) => {
    if (seen.has(p) || !fs.existsSync(p)) return;
    seen.add(p);
    if (depth === 0) return;
    const text = fs.readFileSync(p, "utf8");
    for (const [, spec] of text.matchAll(/from "~\/((?:components|modules|utils)\/[\w/.+$-]+)"/g)) {
      if (!/^components\/|\/schemas$|form|\/text$/.test(spec)) continue;
      for (const ext of [".ts", ".tsx"]) visit(path.join("app", spec + ext), depth - 1);
    }
  };
  visit(path.join("app/routes", file), 3);
  return [...seen].map((p) => fs.readFileSync(p, "utf8"));
}

type Shape = { fields: string[]; words: string[] };
function shapeOf(file: string): Shape {
  const fields = new Set<string>();
  const words = new Set<string>();
  const sources = sourcesOf(file);
  for (const src of sources) {
    for (const [, plain, template] of src.matchAll(/name=(?:"([^"]+)"|\{`([^`]+)`\})/g)) fields.add(plain ?? template.replace(/\$\{[^}]*\}/g, "0"));
    for (const [, n] of src.matchAll(/\.get(?:All)?\("([^"]+)"\)/g)) fields.add(n);
    for (const [, n] of src.matchAll(/fields\.(\w+)/g)) fields.add(n);
    for (const [, n] of src.matchAll(/^\s+(\w+): (?:z\b|typedText|phone|identifierSchema|codeSchema|codeIdSchema|newPassword|date|text\()/gm)) fields.add(n);
    for (const [, n] of src.matchAll(/parseUpload\(request, \[([^\]]*)\]/g)) for (const [, f] of n.matchAll(/"([^"]+)"/g)) fields.add(f);
  }
  // the words the route itself compares with (intents, ops, statuses…)
  for (const [, w] of sources[0].matchAll(/"([A-Za-z][\w:-]{0,40})"/g)) words.add(w);
  return { fields: [...fields], words: [...words] };
}

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────
const PASSWORD = "rau-sach-Ngai-Giao-7";
const CODE_ID = "a".repeat(26);
const bankBin = listVietQrBanks()[0].bin;

const HOSTILE_TEXT = [
  "", " ", "\u0000", "a\u0000b", "\u0000".repeat(64), "\t\r\n", "\u202Egnp.exe", "Vườn\u202E Út Hà\u202C", "\u200B\u200B", "\uFEFF",
  "\uFFFD\uFFFD", "Ã¡Ã»Ã¢", "\u00C3\u0028", "\uD83D\uDE00", "😀".repeat(200), "e\u0301".repeat(500), "𝕍𝕚𝕖𝕥",
  "-1", "0", "-0", "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "9007199254740993", "1e-400", "0x1F", "1,5", "1.5e3", "1.000.000.000.000", "١٢٣",
  "' OR 1=1 --", "\"; DROP TABLE \"User\"; --", "%' AND 1=1 --", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "${7*7}",
  "../../../../etc/passwd", "..\\..\\windows", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/ư", "/\u0000", "/a\r\nSet-Cookie: x=1", "https://evil.example/x",
  "__proto__", "constructor", "prototype", "[object Object]", "null", "undefined", "true", "[]", "{}",
  "0912345678", "+84912345678", "84912345678", "00000000000000000000", "x@example.test", "a@b", "@", "a".repeat(255) + "@example.test",
  "\uD800", "a\uDFFFb", "x\uDBFF", // lone surrogates: U+FFFD in a form, an escape in JSON
  "2026-02-31", "0000-00-00", "9999-12-31", "2026-13-01", "1970-01-01", "-271821-04-19",
];
const PROTO_KEYS = ["__proto__", "__proto__[polluted]", "constructor", "constructor[prototype][polluted]", "prototype", "farms[0].__proto__", "farms[__proto__]", "farms[0][constructor]", "toString", "hasOwnProperty"];

function hostileText(rng: Rng): string {
  switch (rng.int(0, 9)) {
    case 0:
      return rng.pick(["A", "ư", "😀", "\u0000", "<", "9", "\u202E"]).repeat(rng.int(100, MAX_TEXT / 4));
    case 1:
      return randomUnicode(rng, rng.int(1, 300));
    case 2:
      return `${rng.pick(HOSTILE_TEXT)}${rng.pick(HOSTILE_TEXT)}`;
    default:
      return rng.pick(HOSTILE_TEXT);
  }
}

function randomUnicode(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) {
    const range = rng.pick([[0, 0x1f], [0x20, 0x7e], [0x80, 0x24f], [0x1ea0, 0x1ef9], [0x2000, 0x206f], [0xd800, 0xdfff], [0xfff0, 0xffff], [0x1f300, 0x1f6ff]] as const);
    s += String.fromCodePoint(rng.int(range[0], range[1]));
  }
  return s;
}

/**
 * What can arrive through an address: decoded from UTF-8, so well-formed; without NUL, because
 * securityMiddleware refuses "%00" before any route (tested in middleware.test.ts).
 */
const inUrl = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD").replaceAll("\0", "");

// ─── Fixture ────────────────────────────────────────────────────────────────────────────────────
type Visitor = "anonymous" | "buyer" | "farmerOwn" | "farmerOther" | "officer" | "admin";
const VISITOR_WEIGHTS: Visitor[] = ["anonymous", "buyer", "buyer", "farmerOwn", "farmerOwn", "farmerOwn", "farmerOther", "officer", "admin"];

let categoryId: string;
let passwordHash: string;
let files: Record<string, Buffer>;

async function makeFixture() {
  const user = (role: string) => createUser(db, { role, phone: fakePhone(), email: null, passwordHash });
  const [buyer, farmerOwn, farmerOther, officer, admin, target] = await Promise.all([user("BUYER"), user("FARMER"), user("FARMER"), user("OFFICER"), user("ADMIN"), user("BUYER")]);
  const farm = await createFarm(db, { ownerId: farmerOwn.id, communeCode: "77020", provinceCode: "77" });
  await db.farm.update({ where: { id: farm.id }, data: { bankBin, bankAccountNumber: "0123456789", bankAccountName: "NGUYEN VAN A", offersDelivery: true, offersPickup: true } });
  const otherFarm = await createFarm(db, { ownerId: farmerOther.id, communeCode: "77020", provinceCode: "77" });
  const media = await saveImage(await smallPng());
  const product = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 1_000_000, coverMediaId: media.id });
  const weighed = await createProduct(db, { farmId: farm.id, categoryId, stockMilli: 1_000_000, soldByWeight: true, stepMilli: 500 });
  const otherProduct = await createProduct(db, { farmId: otherFarm.id, categoryId, stockMilli: 1_000_000 });
  const cert = await db.certification.create({ data: { farmId: farm.id, kind: "VIETGAP", number: "VG-1", issuer: "Sở NN" } });
  // an order of the buyer's, paid by transfer (to weigh, cancel, confirm…); then a cart for a checkout
  const part = await createSale(db, {
    farmId: farm.id, buyerId: buyer.id, createdAt: new Date(), status: "PAID",
    lines: [{ productId: product.id, priceVnd: 50_000, quantityMilli: 1000 }, { productId: weighed.id, priceVnd: 50_000, quantityMilli: 1500 }],
  });
  const lines = await db.orderLine.findMany({ where: { farmOrderId: part.id }, select: { id: true } });
  const order = { id: part.orderId };
  const { cartId } = await ensureCart(new Request(BASE), buyer.id);
  await setCartLine({ cartId, productId: product.id, quantityMilli: 1000 });
  const seenPrices = priceToken([{ productId: product.id, priceVnd: product.priceVnd, quantityMilli: 1000 }]);
  const users: Record<Visitor, { id: string; phone: string | null } | null> = { anonymous: null, buyer, farmerOwn, farmerOther, officer, admin };

  const ids = [farm.id, otherFarm.id, product.id, weighed.id, otherProduct.id, cert.id, order.id, part.id, media.id, buyer.id, target.id, farmerOwn.id, farmerOther.id, admin.id];
  const good: Record<string, string[]> = {
    name: ["Vườn Bưởi Cô Ba", "Bưởi da xanh", "Anh Ba"], communeCode: ["77020"], phone: ["0912345678", "+84 912 345 678"], addressLine: ["Ấp 3, Long Điền"], story: ["Vườn bưởi ba đời."],
    offersPickup: ["on"], offersDelivery: ["on"], slug: ["vuon-buoi-co-ba", "a"], categoryId: [categoryId], unit: ["kg", "qua", "bo"], price: ["65.000", "85k", "100"], stock: ["30", "12,5"],
    step: ["0,5"], soldByWeight: ["on"], seasonStartMonth: ["3"], seasonEndMonth: ["8"], description: ["Ngọt, mọng nước."], intent: ["publish", "draft"],
    farmId: [farm.id, otherFarm.id], productId: [product.id, weighed.id, otherProduct.id], quantity: ["1", "0,5", "2"], redirectTo: ["/cart", "/", "/products/x"],
    idempotencyKey: [createHash("md5").update(farm.id).digest("hex")], seenPrices: [seenPrices], buyerName: ["Anh Ba"], buyerPhone: ["0912345678"],
    "farms[0].farmId": [farm.id], "farms[0].fulfilment": ["PICKUP", "DELIVERY"], "farms[0].address": ["12 Lê Lợi, Bà Rịa"], "farms[0].paymentMethod": ["VIETQR", "CARD"],
    identifier: [`09${createHash("md5").update(farm.id).digest().readUInt32LE(0) % 1e8}`.padEnd(10, "0"), `fuzz-${farm.id}@example.test`, buyer.phone!], password: [PASSWORD, "mat-khau-Moi-2026"], currentPassword: [PASSWORD],
    with: ["current", "code"], via: ["code", "link"], id: [CODE_ID], code: ["123456"], token: ["A".repeat(43)],
    bankBin: [bankBin], bankAccountNumber: ["0123456789"], bankAccountName: ["NGUYEN VAN A", "Nguyễn Văn A"], kind: ["VIETGAP", "OCOP", "ORGANIC"], stars: ["3", "5"],
    number: ["VG-2026-01"], issuer: ["Sở NN&PTNT"], expiresAt: ["2027-06-30", "2020-01-01"], certificationId: [cert.id], mediaId: [media.id],
    userId: [target.id, farmerOther.id, admin.id], role: ["FARMER", "BUYER", "OFFICER", "ADMIN", "MANAGER", "STAFF", "OWNER"], inviteId: ["x"],
    to: ["CANCELLED", "CONFIRMED", "PACKED", "SHIPPED", "READY_FOR_PICKUP", "DELIVERED", "PAID"], reason: ["Hết hàng do mưa"], farmOrderId: [part.id], notificationId: ["x"],
    outcome: ["pay", "decline"], lng: ["en", "vi"], quietHours: ["on"], op: ["photos-add", "photo-cover", "photo-up", "photo-down", "photo-delete", "archive", "unarchive", "remove", "cancel"],
    q: ["sầu riêng", "buoi"], page: ["2"], sort: ["price_asc"], min: ["1000"], max: ["90000"], from: ["2026-01-01"], to_: ["2026-02-01"], by: ["week"],
    ...Object.fromEntries(lines.map((l) => [`w.${l.id}`, ["0,9", "1,4", "1000"]])),
  };
  return { users, ids, good, farm, product, order, part };
}
type Fixture = Awaited<ReturnType<typeof makeFixture>>;

async function cookieFor(who: Visitor, f: Fixture): Promise<string | undefined> {
  const user = f.users[who];
  if (!user) return undefined;
  const { token } = await createSession({ userId: user.id }); // fresh each time: "log out everywhere" cannot spoil the next
  return (await commitSessionCookie(token)).split(";")[0];
}

// ─── Requests ───────────────────────────────────────────────────────────────────────────────────
function pathOf(file: string, params: Record<string, string>): string {
  const segs = file
    .replace(/\.(tsx?)$/, "")
    .split("/")
    .flatMap((dir) => (dir.endsWith("+") ? (dir.startsWith("_") ? [] : [dir.slice(0, -1)]) : dir.split(".")))
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replace(/\[\.(\w+)\]/, ".$1"))
    .map((s) => (s === "$" ? (params["*"] ?? "") : s.startsWith("$") ? encodeURIComponent(params[s.slice(1)] ?? "") : s));
  return "/" + segs.join("/");
}

function paramsFor(file: string, rng: Rng, f: Fixture): Record<string, string> {
  const params: Record<string, string> = {};
  const good: Record<string, string[]> = {
    farmId: [f.farm.id], productId: [f.product.id], farmOrderId: [f.part.id], orderId: [f.order.id], ref: ["sim_0123456789abcdef"],
    slug: [f.farm.slug, f.product.slug], table: ["communes.csv", "summary.csv"], kind: ["farm", "product"], "*": ["ab/cd.webp"],
  };
  for (const [, name] of file.matchAll(/\$(\w*)/g)) {
    const key = name || "*";
    params[key] = rng.chance(0.7) ? rng.pick(good[key] ?? ["x"]) : rng.chance(0.5) ? rng.pick(f.ids) : inUrl(hostileText(rng).slice(0, 300));
  }
  return params;
}

function valueFor(field: string, rng: Rng, shape: Shape, f: Fixture): string {
  const good = f.good[field] ?? f.good[field.replace(/^farms\[\d+\]\./, "farms[0].")];
  const r = rng.next();
  if (good && r < 0.45) return rng.pick(good);
  if (r < 0.6 && shape.words.length) return rng.pick(shape.words);
  if (r < 0.7) return rng.pick(f.ids);
  return hostileText(rng);
}

function formFields(rng: Rng, shape: Shape, f: Fixture): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const field of shape.fields) {
    if (rng.chance(0.15)) continue; // missing
    entries.push([field, valueFor(field, rng, shape, f)]);
    if (rng.chance(0.08)) for (let i = rng.int(1, 4); i > 0; i--) entries.push([field, valueFor(field, rng, shape, f)]); // an array where one value is expected
  }
  if (rng.chance(0.3)) for (let i = rng.int(1, 4); i > 0; i--) entries.push([rng.pick(PROTO_KEYS), hostileText(rng)]);
  if (rng.chance(0.2)) entries.push([rng.pick(["intent", "op", "_action", "action", "with", "via"]), rng.chance(0.5) ? rng.pick(shape.words.length ? shape.words : ["x"]) : hostileText(rng)]);
  if (rng.chance(0.1)) entries.push([`farms[${rng.pick(["1", "-1", "99999", "1e3", "x", ""])}].farmId`, rng.pick(f.ids)]);
  if (rng.chance(0.1)) entries.push([hostileText(rng).slice(0, 200), hostileText(rng)]);
  return entries.sort(() => rng.next() - 0.5);
}

function queryString(rng: Rng, shape: Shape, f: Fixture): string {
  if (rng.chance(0.3)) return "";
  const sp = new URLSearchParams();
  for (const field of shape.fields) if (rng.chance(0.3)) sp.append(field, inUrl(valueFor(field, rng, shape, f).slice(0, 2000)));
  if (rng.chance(0.5)) sp.append(rng.pick(["op", "intent", "redirectTo", "id", "farm", "q", "page", "lng", "index", "_data"]), rng.chance(0.5) && shape.words.length ? rng.pick(shape.words) : inUrl(hostileText(rng).slice(0, 2000)));
  if (rng.chance(0.1)) return `?${rng.pick(["%", "%E0%A4%A", "a=%FF%FE", "q=%ED%A0%80", "&&=&", "q=" + "%C3%28".repeat(50), "q=" + "x".repeat(300)])}`;
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/** Bodies no browser sends: what a form handler must refuse with a 4xx, never a 500. */
function malformedBody(rng: Rng): { contentType?: string; body: Uint8Array<ArrayBuffer> | string } {
  return rng.pick([
    () => ({ contentType: "multipart/form-data", body: "name=x" }),
    () => ({ contentType: "multipart/form-data; boundary=XyZ", body: '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nVườn' }),
    () => ({ contentType: "multipart/form-data; boundary=XyZ", body: "--XyZ--\r\n" }),
    () => ({ contentType: "multipart/form-data; boundary=XyZ", body: '--XyZ\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--XyZ--\r\n' }),
    () => ({ contentType: "application/x-www-form-urlencoded", body: "name=%E0%A4%A&phone=%%%&=&&price=%FF%FE%00" }),
    () => ({ contentType: "application/x-www-form-urlencoded", body: Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0x26, 0x61, 0x3d, 0xed, 0xa0, 0x80]) }),
    () => ({ contentType: "application/json", body: '{"name":' }),
    () => ({ contentType: "application/json", body: '{"__proto__":{"polluted":1},"name":["a","b"],"constructor":{"prototype":{"polluted":1}}}' }),
    () => ({ contentType: "text/plain", body: randomUnicode(rng, 200) }),
    () => ({ contentType: undefined, body: bytes(rng, rng.int(0, 2000)) }),
    () => ({ contentType: "application/x-www-form-urlencoded", body: "" }),
  ])();
}

function jsonBody(rng: Rng, shape: Shape, f: Fixture): string {
  const value = (depth: number): unknown => {
    switch (rng.int(-1, depth > 3 ? 3 : 6)) {
      case -1: return shape.words.length ? rng.pick(shape.words) : "x";
      case 0: return hostileText(rng).slice(0, 500);
      case 1: return rng.pick([0, -1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2, 1]);
      case 2: return rng.pick([null, true, false]);
      case 3: return rng.pick(f.ids);
      case 4: return Array.from({ length: rng.int(0, 4) }, () => value(depth + 1));
      default: return Object.fromEntries(Array.from({ length: rng.int(0, 5) }, () => [rng.chance(0.7) ? rng.pick([...shape.fields, ...shape.words, ...JSON_KEYS]) : rng.pick(PROTO_KEYS), value(depth + 1)]));
    }
  };
  // an object of the keys webhooks and the push endpoint read, with the words the route compares
  // against where a kind is named, and nested objects where one is expected
  const object = (depth: number): Record<string, unknown> =>
    Object.fromEntries(
      JSON_KEYS.filter(() => rng.chance(0.5)).map((k) => [
        k,
        NAMING_KEYS.includes(k) && shape.words.length && rng.chance(0.7) ? rng.pick(shape.words)
        : NESTED_KEYS.includes(k) && depth < 3 && rng.chance(0.7) ? object(depth + 1)
        : value(depth + 1),
      ]),
    );
  return JSON.stringify(rng.chance(0.1) ? value(0) : object(0));
}
const NAMING_KEYS = ["action", "type", "event_name", "payment_status"];
const NESTED_KEYS = ["subscription", "keys", "data", "object", "message", "metadata"];
const bytes = (rng: Rng, n: number) => Uint8Array.from({ length: n }, () => rng.int(0, 255));
const JSON_KEYS = ["action", "subscription", "endpoint", "keys", "p256dh", "auth", "id", "type", "data", "object", "accountNumber", "amount", "content", "event_name", "timestamp", "app_id", "message", "msg_id", "tracking_id", "delivery_time", "metadata", "payment_status", "amount_total"];

/** Signs a webhook body the way its sender would (when the route is one of ours that checks), so some get past the signature. */
function signed(file: string, body: string, rng: Rng): Record<string, string> {
  if (!rng.chance(0.7)) return {};
  if (file.includes("webhooks.bank")) return { "X-Signature": signBankPayload(body, process.env.BANK_WEBHOOK_SECRET!) };
  if (file.includes("webhooks.stripe")) return { "Stripe-Signature": new Stripe(FAKE_KEY).webhooks.generateTestHeaderString({ payload: body, secret: FAKE_WEBHOOK_SECRET }) };
  if (file.includes("webhooks.zalo")) {
    let timestamp = "";
    try {
      const ts = (JSON.parse(body) as { timestamp?: unknown } | null)?.timestamp;
      timestamp = typeof ts === "string" || typeof ts === "number" ? String(ts) : "";
    } catch {
      /* unsigned anyway */
    }
    const mac = createHash("sha256").update(process.env.ZALO_APP_ID! + body + timestamp + process.env.ZALO_OA_SECRET_KEY!).digest("hex");
    return { "X-ZEvent-Signature": `mac=${mac}` };
  }
  return {};
}

type Built = { request: Request; params: Record<string, string>; who: Visitor; summary: string };
async function buildPost(file: string, rng: Rng, f: Fixture): Promise<Built> {
  const shape = shapes.get(file)!;
  const who = rng.pick(VISITOR_WEIGHTS);
  const params = paramsFor(file, rng, f);
  const url = BASE + pathOf(file, params) + queryString(rng, shape, f);
  const headers = new Headers();
  const cookie = await cookieFor(who, f);
  if (cookie) headers.set("Cookie", cookie + (rng.chance(0.05) ? `; cn_cart=${hostileText(rng).slice(0, 100).replace(/[^!-:<-~]/g, "")}` : ""));
  let body: BodyInit;
  let kind: string;
  const mode = rng.next();
  if (mode < 0.55) {
    kind = "urlencoded";
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(formFields(rng, shape, f)).toString();
  } else if (mode < 0.8) {
    kind = "multipart";
    const fd = new FormData();
    for (const [k, v] of formFields(rng, shape, f)) fd.append(k, v);
    const fileFields = [...new Set([...shape.fields.filter((n) => /photo|cover|image|file/i.test(n)), "photos", "cover", "photo"])];
    for (let i = rng.int(0, 3); i > 0; i--) {
      const name = rng.pick(Object.keys(files));
      fd.append(rng.pick(fileFields), new Blob([Uint8Array.from(files[name])], { type: rng.pick(["image/jpeg", "image/png", "text/html", "application/octet-stream", ""]) }), rng.pick([`${name}.jpg`, "", "../../a.jpg", "\u202Egpj.exe", "a\u0000.png"]));
      kind += `+${name}`;
    }
    body = fd;
  } else if (mode < 0.9) {
    kind = "json";
    body = jsonBody(rng, shape, f);
    headers.set("Content-Type", "application/json");
    for (const [k, v] of Object.entries(signed(file, body, rng))) headers.set(k, v);
  } else {
    const m = malformedBody(rng);
    kind = `malformed ${m.contentType ?? "(no type)"}`;
    if (m.contentType) headers.set("Content-Type", m.contentType);
    body = m.body;
  }
  const request = new Request(url, { method: "POST", headers, body });
  return { request, params, who, summary: `${who} POST ${url.slice(0, 300)} (${kind})` };
}

type Outcome = { status: number } | { thrown: string };
async function run(handler: Handler, built: Built, ip: string): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      handler({ request: built.request, params: built.params, context: { clientIp: ip } }),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("no answer within 15 s")), 15_000))),
    ]);
    if (result instanceof Response) return { status: result.status };
    const r = result as { type?: string; init?: { status?: number } | null } | null;
    if (r?.type === "DataWithResponseInit") return { status: r.init?.status ?? 200 };
    return { status: 200 };
  } catch (e) {
    if (e instanceof Response) return { status: e.status };
    return { thrown: e instanceof Error ? `${e.name}: ${e.message.slice(0, 500)}\n${e.stack?.split("\n").slice(1, 6).join("\n")}` : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

const failed = (o: Outcome) => "thrown" in o || o.status >= 500;
const describeOutcome = (o: Outcome) => ("thrown" in o ? `threw ${o.thrown}` : `answered ${o.status}`);

function seedFor(file: string, round: number): number {
  return createHash("sha256").update(`${SEED}:${file}:${round}`).digest().readUInt32LE(0);
}
const selected = (file: string, round: number) => !ONLY || ONLY === file || ONLY === `${file}#${round}`;

// ─── Setup ──────────────────────────────────────────────────────────────────────────────────────
const shapes = new Map<string, Shape>([...routes.keys()].map((file) => [file, shapeOf(file)]));
let inbox: CodeInbox;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;

beforeAll(async () => {
  await stopDelivering();
  inbox = await startCodeInbox(); // sign-up and reset codes really go out (to the fakes of Zalo and eSMS)
  stripe = await startFakeStripe();
  Object.assign(process.env, { STRIPE_SECRET_KEY: FAKE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.apiBase, BANK_WEBHOOK_SECRET: "b".repeat(40) });
  passwordHash = await hashPassword(PASSWORD);
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
  const jpeg = await noisyJpeg(320, 240);
  files = {
    truncatedJpeg: jpeg.subarray(0, Math.floor(jpeg.length * 0.6)),
    jpeg: await noisyJpeg(48, 32),
    empty: Buffer.alloc(0),
    html: textFiles.html,
    svg: textFiles.svg,
    heic: textFiles.heic,
    pngBomb: await pngBomb(),
    jpegHeaderThenNoise: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), bytes(createRng(SEED), 2000)]),
    noise: Buffer.from(bytes(createRng(SEED + 1), 3000)),
  };
});

afterAll(async () => {
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "BANK_WEBHOOK_SECRET"]) delete process.env[k];
  await stripe.close();
  await inbox.close();
});

// ─── The tests ──────────────────────────────────────────────────────────────────────────────────
describe(`fuzzing every form (${process.env.TEST_DB_ENGINE}, FUZZ_SEED=${SEED})`, () => {
  it("finds the forms and what they are made of", () => {
    expect(withAction.length).toBeGreaterThan(20);
    for (const file of ["seller+/farms.$farmId.certifications.tsx", "seller+/products.new.tsx", "_store+/checkout.tsx"]) expect(shapes.get(file)!.fields.length, file).toBeGreaterThan(3);
    expect(shapes.get("seller+/products.$productId.tsx")!.words).toContain("photos-add");
    expect(shapes.get("seller+/products.new.tsx")!.fields).toEqual(expect.arrayContaining(["name", "price", "stock", "photos", "farmId"]));
    // request.formData() throws a TypeError (a 500) on a body that is not a form: readForm answers 415/400
    expect(withAction.filter((file) => sourcesOf(file).some((src) => src.includes("request.formData()"))), "actions reading request.formData() instead of readForm").toEqual([]);
  });

  describe.each(withAction)("action of %s", (file) => {
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture(); // each form its own: an admin's role change or a log-out everywhere cannot starve the next
    });

    it(`answers ${ROUNDS} random and hostile posts without a 5xx`, async () => {
      const failures: string[] = [];
      const statuses: Record<string, number> = {};
      for (let round = 0; round < ROUNDS; round++) {
        if (!selected(file, round)) continue;
        const rng = createRng(seedFor(file, round));
        const built = await buildPost(file, rng, f);
        const outcome = await run(routes.get(file)!.action!, built, `198.51.${rng.int(0, 255)}.${rng.int(1, 254)}`);
        const key = "status" in outcome ? String(outcome.status) : "threw";
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (failed(outcome)) failures.push(`round ${round} (FUZZ_SEED=${SEED} FUZZ_ONLY='${file}#${round}'): ${built.summary} → ${describeOutcome(outcome)}`);
      }
      if (process.env.FUZZ_STATS) console.log(`${file}: ${JSON.stringify(statuses)}`); // how far the requests got
      expect(failures, failures.join("\n\n")).toEqual([]);
    }, 30_000 + ROUNDS * 1000);
  });

  it("left no property on Object.prototype", () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe("loaders (GET forms and pages)", () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture();
    });

    it.each(withLoader)(`%s answers hostile query strings without a 5xx`, async (file) => {
      const failures: string[] = [];
      for (let round = 0; round < LOADER_ROUNDS; round++) {
        if (!selected(file, round)) continue;
        const rng = createRng(seedFor(`GET ${file}`, round));
        const who = rng.pick(VISITOR_WEIGHTS);
        const params = paramsFor(file, rng, f);
        const url = BASE + pathOf(file, params) + queryString(rng, shapes.get(file)!, f);
        const cookie = await cookieFor(who, f);
        const built = { request: new Request(url, { headers: cookie ? { Cookie: cookie } : {} }), params, who, summary: `${who} GET ${url.slice(0, 300)}` };
        const outcome = await run(routes.get(file)!.loader!, built, `198.51.${rng.int(0, 255)}.${rng.int(1, 254)}`);
        if (failed(outcome)) failures.push(`round ${round} (FUZZ_SEED=${SEED} FUZZ_ONLY='${file}#${round}'): ${built.summary} → ${describeOutcome(outcome)}`);
      }
      expect(failures, failures.join("\n\n")).toEqual([]);
    }, 30_000 + LOADER_ROUNDS * 1000);
  });
});
