// The production server as `npm start` runs it: a production build (made here, into a directory of
// its own, with secret-looking values in the environment) served by server.js. Checks the security
// headers on every kind of response, the same-origin check end to end, that no secret reaches the
// browser's bundle, and that what the server prints carries no password, phone, session or secret.
// A second process of the same build runs as behind the documented proxy (TRUST_PROXY=1): client
// addresses for rate limits, and request bodies bounded on every POST route (memory measured).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMessagingFakes, type MessagingFakes } from "../fakes/messaging";
import { db } from "~/utils/db.server";
import { saveImage, mediaView } from "~/modules/media/media.server";
import { mediaUrl } from "~/modules/media/view";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { smallPng } from "../fakes/images";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET } from "../fakes/stripe";
import { routeModules } from "../routes";
import { LIMITS } from "~/modules/auth/rate-limit.server";

// Values no file sent to a browser, and no log line, may ever contain.
const SECRETS = {
  STRIPE_SECRET_KEY: "sk_test_CanaryStripeSecret7Q2",
  STRIPE_WEBHOOK_SECRET: "whsec_CanaryWebhookSecret9X4",
  BANK_WEBHOOK_SECRET: "canary-bank-webhook-secret-5d8c1e2f9a7b3c4d",
  S3_ACCESS_KEY_ID: "CANARYACCESSKEYID3K9",
  S3_SECRET_ACCESS_KEY: "canaryS3SecretAccessKey/8j2Lq",
};
const SECRET_NAMES = [
  "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "BANK_WEBHOOK_SECRET", "S3_SECRET_ACCESS_KEY", "S3_ACCESS_KEY_ID", "DATABASE_URL", "SMTP_URL",
  "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_ACCESS_TOKEN", "ZALO_REFRESH_TOKEN", "ESMS_API_KEY", "ESMS_SECRET_KEY", "VAPID_PRIVATE_KEY", "EKYC_API_SECRET",
];
/** The message providers' fakes (codes for sign-up) and their credentials, which must not leak either. */
let fakes: MessagingFakes | undefined;
const messagingSecrets = () => (fakes ? ["ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_ACCESS_TOKEN", "ZALO_REFRESH_TOKEN", "ESMS_API_KEY", "ESMS_SECRET_KEY"].map((k) => fakes!.env[k]) : []);
const PASSWORD = "Vuon-Xoai-Ba-Ria-2026";
const PHONE_TYPED = "0937 654 321";
const PHONE_E164 = "+84937654321";

const root = process.cwd();
const buildDir = path.join(root, ".vitest", `security-build-${process.pid}`);
let server: ChildProcess | undefined;
let output = "";
let base = "";
let mediaPath = "";
let farmSlug = "";

const sqliteOnly = process.env.TEST_DB_ENGINE === "sqlite"; // one engine is enough for the HTTP layer

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Children must not think they run under Vitest (vite.config.ts turns the Remix plugin off then). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")));
  return { ...env, NODE_ENV: "production", ...extra };
}

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };
function send(method: string, rawPath: string, headers: Record<string, string> = {}, body = ""): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + "/", { method, path: rawPath, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const cookieOf = (r: Reply, name: string) => (r.headers["set-cookie"] ?? []).find((c) => c.startsWith(`${name}=`))?.split(";")[0] ?? "";

beforeAll(async () => {
  if (!sqliteOnly) return;
  await ensureProvince(db, { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  const owner = await createUser(db, { role: "FARMER" });
  const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
  farmSlug = farm.slug;
  const { id } = await saveImage(await smallPng());
  mediaPath = mediaUrl(mediaView(await db.media.findUniqueOrThrow({ where: { id } }))!);
  await createProduct(db, { farmId: farm.id, categoryId: (await createCategory(db)).id, coverMediaId: id });

  const built = spawnSync(path.join(root, "node_modules/.bin/remix"), ["vite:build"], {
    env: childEnv({ ...SECRETS, REMIX_BUILD_DIRECTORY: buildDir }),
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fakes = await startMessagingFakes();
  const child = spawn(process.execPath, ["server.js"], {
    env: childEnv({
      ...SECRETS,
      ...fakes.env,
      STRIPE_API_BASE: "http://127.0.0.1:9", // nothing listens there: no call leaves this machine
      REMIX_BUILD_DIRECTORY: buildDir, HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: base,
    }),
  });
  server = child;
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const started = Date.now();
  while (!output.includes("listening")) {
    if (child.exitCode !== null || Date.now() - started > 30_000) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await fakes?.close();
  fs.rmSync(buildDir, { recursive: true, force: true });
});

describe.runIf(sqliteOnly)("the production server (server.js + build)", () => {
  it("sends the security headers on documents, data, resource routes, static files, media and errors", async () => {
    const asset = fs.readdirSync(path.join(buildDir, "client/assets")).find((f) => f.endsWith(".js"))!;
    const responses: Array<[string, Reply]> = [
      ["document", await send("GET", "/")],
      ["404 document", await send("GET", "/khong-co-trang-nay")],
      ["single-fetch data", await send("GET", "/farms.data")],
      ["resource route", await send("GET", "/resources/healthcheck")],
      ["QR image", await send("GET", `/resources/qr/farm/${farmSlug}.svg`)],
      ["fingerprinted asset", await send("GET", `/assets/${asset}`)],
      ["public file", await send("GET", "/favicon.svg")],
      ["media", await send("GET", mediaPath)],
      ["refused post", await send("POST", "/cart", { ...FORM, Origin: "https://evil.example" }, "intent=add")],
    ];
    for (const [what, res] of responses) {
      expect([what, res.status < 500]).toEqual([what, true]);
      expect([what, res.headers["content-security-policy"]]).toEqual([what, expect.stringMatching(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='; /)]);
      expect([what, res.headers["x-content-type-options"]]).toEqual([what, "nosniff"]); // once, not "nosniff, nosniff"
      expect([what, res.headers["referrer-policy"]]).toEqual([what, "strict-origin-when-cross-origin"]);
      expect([what, res.headers["permissions-policy"]]).toEqual([what, "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"]);
      expect([what, res.headers["x-frame-options"]]).toEqual([what, "DENY"]);
      expect([what, res.headers["strict-transport-security"]]).toEqual([what, undefined]); // http://127.0.0.1: no HSTS
      expect([what, res.headers["x-powered-by"]]).toEqual([what, undefined]);
    }
    expect(responses[0][1].headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("gives every inline script of a page this response's nonce, and nothing else inline", async () => {
    const a = await send("GET", "/");
    const b = await send("GET", "/");
    const nonce = /'nonce-([^']+)'/.exec(String(a.headers["content-security-policy"]))![1];
    expect(/'nonce-([^']+)'/.exec(String(b.headers["content-security-policy"]))![1]).not.toBe(nonce);
    const scripts = [...a.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(2);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(a.body).not.toMatch(/\son[a-z]+=["']/i); // no inline event handlers
  });

  it("renders a signed-in page once for all who would see the same page, and never shows anyone another's", async () => {
    const { sessionCookieFor } = await import("./helpers");
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const product = await createProduct(db, { farmId: farm.id, categoryId: (await createCategory(db)).id });
    const [ann, binh] = await Promise.all([createUser(db, { role: "BUYER", name: "Chị An" }), createUser(db, { role: "BUYER", name: "Anh Bình" })]);
    const [annCookie, binhCookie, ownerCookie, strangerCookie] = await Promise.all([
      sessionCookieFor(ann.id), sessionCookieFor(binh.id), sessionCookieFor(owner.id), createUser(db, { role: "FARMER" }).then((u) => sessionCookieFor(u.id)),
    ]);
    const nonceOf = (r: Reply) => /'nonce-([^']+)'/.exec(String(r.headers["content-security-policy"]))![1];
    const page = `/farms/${farm.slug}`;

    const first = await send("GET", page, { Cookie: annCookie });
    const second = await send("GET", page, { Cookie: binhCookie });
    expect([first.status, first.headers["x-render-cache"], second.status, second.headers["x-render-cache"]]).toEqual([200, "miss", 200, "hit"]);
    // each response says what the caches did for it (Server-Timing, app/utils/cache-stats.server.ts)
    expect(first.headers["server-timing"]).toMatch(/render-cache;desc="miss"/);
    expect(second.headers["server-timing"]).toMatch(/render-cache;desc="hit"/);
    // the same page, each with the nonce of its own response (and so of its own CSP header)
    expect(second.body).toBe(first.body.replaceAll(nonceOf(first), nonceOf(second)));
    expect(second.body).toContain(`nonce="${nonceOf(second)}"`);
    expect(second.body).not.toContain(nonceOf(first));
    expect(first.body).not.toContain("Chị An"); // the header needs a role, never a name
    expect(first.body).toContain("Giỏ hàng (0)");

    // Bình's header now differs (one item in his cart): his own rendering, and Ann still sees hers
    const added = await send("POST", "/cart", { ...FORM, Origin: base, Cookie: binhCookie }, form({ intent: "add", productId: product.id, quantity: "1", redirectTo: page }));
    expect(added.status).toBe(302);
    const binhAgain = await send("GET", page, { Cookie: binhCookie });
    expect([binhAgain.headers["x-render-cache"], binhAgain.body.includes("Giỏ hàng (1)")]).toEqual(["miss", true]);
    const annAgain = await send("GET", page, { Cookie: annCookie });
    expect([annAgain.headers["x-render-cache"], annAgain.body.includes("Giỏ hàng (0)"), annAgain.body.includes("Giỏ hàng (1)")]).toEqual(["hit", true, false]);

    // a farm's dashboard: permissions are checked by the loader for every request, before any reuse
    const sales = `/seller/farms/${farm.id}/sales`;
    expect((await send("GET", sales, { Cookie: ownerCookie })).headers["x-render-cache"]).toBe("miss");
    expect((await send("GET", sales, { Cookie: ownerCookie })).headers["x-render-cache"]).toBe("hit");
    const stranger = await send("GET", sales, { Cookie: strangerCookie });
    expect(stranger.status).toBe(404); // another farm's dashboard does not exist for them
    expect(stranger.headers["x-render-cache"]).toBeUndefined();
    expect((await send("GET", sales)).status).toBe(302); // anonymous: to the log-in page
  });

  it("refuses cross-site posts end to end, in Vietnamese, and lets our own pages post", async () => {
    const refused = await send("POST", "/resources/locale", { ...FORM, Origin: "https://evil.example", Accept: "text/html" }, form({ lng: "en", redirectTo: "/" }));
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Yêu cầu bị từ chối");
    expect(refused.headers["set-cookie"]).toBeUndefined();
    const noOrigin = await send("POST", "/resources/locale", FORM, form({ lng: "en" }));
    expect(noOrigin.status).toBe(403);
    const ok = await send("POST", "/resources/locale", { ...FORM, Origin: base }, form({ lng: "en", redirectTo: "/farms" }));
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe("/farms");
    const viaReferer = await send("POST", "/resources/locale", { ...FORM, Referer: `${base}/farms` }, form({ lng: "vi" }));
    expect(viaReferer.status).toBe(302);
    // signed webhooks are not held to it (their signature is checked instead)
    const webhook = await send("POST", "/resources/webhooks/bank", { "Content-Type": "application/json", Origin: "https://evil.example", "X-Signature": "00" }, "{}");
    expect(webhook.status).toBe(400);
    const sneaky = await send("POST", "/resources/webhooks/%2e%2e/locale", { ...FORM, Origin: "https://evil.example" }, form({ lng: "en" }));
    expect(sneaky.status).toBe(403);
  });

  it("keeps a logged-in user's session safe from a cross-site 'log out everywhere', with Lax, httpOnly cookies", async () => {
    const started = await send("POST", "/signup", { ...FORM, Origin: base }, form({ name: "Chị Hai", identifier: PHONE_TYPED, password: PASSWORD, role: "BUYER" }));
    expect(started.status).toBe(302);
    const verifyPath = started.headers.location!;
    // the code reaches the phone (the fake Zalo) from the server's background delivery
    let code: string | undefined;
    for (let i = 0; i < 100 && !code; i++) {
      code = fakes!.zalo.messages.find((m) => m.phone === PHONE_E164.slice(1))?.templateData.otp;
      if (!code) await new Promise((r) => setTimeout(r, 50));
    }
    const signup = await send("POST", verifyPath, { ...FORM, Origin: base }, form({ id: new URL(verifyPath, base).searchParams.get("id")!, code: code! }));
    expect(signup.status).toBe(302);
    const session = cookieOf(signup, "cn_session");
    const line = signup.headers["set-cookie"]!.find((c) => c.startsWith("cn_session="))!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(/Path=\//i);

    const forged = await send("POST", "/account", { ...FORM, Origin: "https://evil.example", Cookie: session }, form({ intent: "logout-everywhere" }));
    expect(forged.status).toBe(403);
    expect((await send("GET", "/account", { Cookie: session })).status).toBe(200); // still logged in

    const login = await send("POST", "/login", { ...FORM, Origin: base, Cookie: session, Authorization: `Bearer ${SECRETS.STRIPE_SECRET_KEY}` }, form({ identifier: PHONE_TYPED, password: PASSWORD, redirectTo: "/orders" }));
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe("/orders");
    const fresh = cookieOf(login, "cn_session");
    expect(fresh).not.toBe(session);
    expect((await send("GET", "/account", { Cookie: session })).status).toBe(302); // the old one ended
    expect((await send("GET", "/account", { Cookie: fresh })).status).toBe(200);
    const lng = await send("POST", "/resources/locale", { ...FORM, Origin: base }, form({ lng: "en" }));
    expect(lng.headers["set-cookie"]![0]).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/i);
  });

  it("logs failures without personal data, credentials or secrets", async () => {
    // a failed log-in, and a request that makes an action throw (a body that is not the form it claims)
    await send("POST", "/login", { ...FORM, Origin: base }, form({ identifier: PHONE_TYPED, password: "wrong-Password-1" }));
    const broken = await send("POST", `/resources/locale?phone=${encodeURIComponent(PHONE_TYPED)}`, { "Content-Type": "multipart/form-data; boundary=x", Origin: base, Cookie: "cn_session=abcdefghijklmnopqrstuvwxyz234567" }, "not multipart");
    expect(broken.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 200));

    expect(output).toContain("listening");
    expect(output).toContain("refused POST /resources/locale: crossOrigin from https://evil.example");
    const forbidden = [PASSWORD, "wrong-Password-1", PHONE_TYPED, PHONE_TYPED.replace(/ /g, ""), PHONE_E164, "abcdefghijklmnopqrstuvwxyz234567", ...Object.values(SECRETS), ...messagingSecrets(), process.env.DATABASE_URL!];
    const sessions = await db.session.findMany({ select: { id: true } });
    for (const value of [...forbidden, ...sessions.map((s) => s.id)]) expect(output, `the server printed ${value}`).not.toContain(value);
  });

  it("puts no secret, secret name or server-only code in what browsers download", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(path.join(buildDir, "client"));
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    const needles = [...Object.values(SECRETS), ...messagingSecrets(), ...SECRET_NAMES, FAKE_KEY, FAKE_WEBHOOK_SECRET, "passwordHash", "PrismaClient", "argon2", "better-sqlite3", "process.env", "web-push"];
    const found: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, "latin1");
      for (const needle of needles) if (text.includes(needle)) found.push(`${path.relative(buildDir, file)}: ${needle}`);
    }
    expect(found).toEqual([]);
  });

  it("sends the browser only an allowlist about the visitor (root loader)", async () => {
    const login = await send("POST", "/login", { ...FORM, Origin: base }, form({ identifier: PHONE_TYPED, password: PASSWORD, redirectTo: "/" }));
    const page = await send("GET", "/", { Cookie: cookieOf(login, "cn_session") });
    expect(page.body).toContain('\\"role\\",\\"BUYER\\"'); // the role, for the header's links; nothing that names or reaches the visitor:
    for (const value of ["Chị Hai", PHONE_E164, PHONE_TYPED, "passwordHash", "$argon2id", cookieOf(login, "cn_session").split("=")[1]]) expect(page.body).not.toContain(value);
  });
});

// ─── Behind one proxy (TRUST_PROXY=1), as README's "Running it for a whole province" runs it ─────────
describe.runIf(sqliteOnly)("the production server behind one proxy (TRUST_PROXY=1)", () => {
  let proxied: ChildProcess | undefined;
  let target = "";
  let proxiedOutput = "";
  const MB = 1024 * 1024;
  const EN = `lng=${Buffer.from(JSON.stringify("en")).toString("base64")}`; // the language cookie, as the app writes it

  beforeAll(async () => {
    const port = await freePort();
    target = `http://127.0.0.1:${port}`;
    proxied = spawn(process.execPath, ["server.js"], {
      env: childEnv({ ...SECRETS, ...fakes!.env, STRIPE_API_BASE: "http://127.0.0.1:9", REMIX_BUILD_DIRECTORY: buildDir, HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: target, TRUST_PROXY: "1" }),
    });
    proxied.stdout!.on("data", (c) => (proxiedOutput += c));
    proxied.stderr!.on("data", (c) => (proxiedOutput += c));
    const started = Date.now();
    while (!proxiedOutput.includes("listening")) {
      if (proxied.exitCode !== null || Date.now() - started > 30_000) throw new Error(`server did not start:\n${proxiedOutput}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    if (proxied && proxied.exitCode === null) {
      const exited = new Promise((r) => proxied!.once("exit", r));
      proxied.kill("SIGTERM");
      await exited;
    }
  });

  /** A POST whose body a generator makes as it is sent (never a whole body in memory); sending stops once answered. */
  function stream(pathname: string, body: Iterable<Buffer>, headers: Record<string, string>): Promise<Reply> {
    return new Promise((resolve, reject) => {
      // A connection of its own, kept open as a browser's is (a client that says "Connection: close"
      // has its connection closed after an early answer, and may then fail its next write instead)
      const req = http.request(target + pathname, { method: "POST", headers: { Origin: target, Connection: "keep-alive", ...headers }, agent: false });
      const source = Readable.from(body);
      let answered = false;
      req.on("response", (res) => {
        answered = true;
        source.unpipe(req);
        source.destroy();
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => {
          resolve({ status: res.statusCode!, headers: res.headers, body: text });
          req.destroy();
        });
      });
      req.on("error", (e) => {
        if (!answered) reject(e); // a reset after the answer is the server closing a refused upload
      });
      source.pipe(req);
    });
  }
  function* filler(size: number, before = "", after = ""): Generator<Buffer> {
    const chunk = Buffer.alloc(64 * 1024, "a");
    yield Buffer.from(before);
    for (let left = size - Buffer.byteLength(before) - Buffer.byteLength(after); left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    yield Buffer.from(after);
  }
  const urlencoded = (size: number) => filler(size, "intent=");
  const PART = '--x\r\nContent-Disposition: form-data; name="photos"; filename="vuon.jpg"\r\nContent-Type: image/jpeg\r\n\r\n';
  const multipart = (size: number) => filler(size, PART, "\r\n--x--\r\n");
  const MULTIPART = { "Content-Type": "multipart/form-data; boundary=x" };
  const FORM_TYPE = { "Content-Type": "application/x-www-form-urlencoded" };

  /** This server's resident memory now and at its peak so far (Linux /proc). */
  const memory = () => {
    const status = fs.readFileSync(`/proc/${proxied!.pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)![1]) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  };
  /** Runs `work`, and says by how much the server's memory grew over what it held before, at worst. */
  async function growthDuring(work: () => Promise<void>): Promise<number> {
    const before = memory();
    let highest = before.rss;
    const sampler = setInterval(() => (highest = Math.max(highest, memory().rss)), 10);
    try {
      await work();
    } finally {
      clearInterval(sampler);
    }
    const after = memory();
    // VmHWM also catches a peak between two samples, when it is above the peak before the work
    return Math.max(highest, after.rss, after.peak > before.peak ? after.peak : 0) - before.rss;
  }

  // Every route module with an action, with made-up ids: the limit applies before Remix routes.
  const actionRoutes = () => routeModules((name) => `${name}-0123456789`).filter((r) => r.hasAction).map((r) => ({ ...r, url: r.index ? `${r.url}?index` : r.url }));
  const takesPhotos = (r: { source: string }) => /\bparseUpload\(|\breadProductSubmission\(/.test(r.source);

  it("counts a client by the address the proxy saw, whatever it wrote further left in X-Forwarded-For", async () => {
    const attempt = async (i: number, forwardedFor: string) => {
      const body = form({ identifier: `khong-co-${i}@example.vn`, password: "sai-Mat-Khau-1" });
      return (await stream("/login", [Buffer.from(body)], { ...FORM_TYPE, "Content-Length": String(body.length), "X-Forwarded-For": forwardedFor })).status;
    };
    // nginx's $proxy_add_x_forwarded_for: what the client sent, then the address nginx saw (9.9.9.9)
    for (let i = 0; i < LIMITS.loginPerIp.max; i++) expect(await attempt(i, `198.51.100.${i}, 9.9.9.9`)).toBe(400);
    expect(await attempt(100, "203.0.113.1, 9.9.9.9")).toBe(429); // another made-up address changes nothing
    expect(await attempt(101, "9.9.9.9")).toBe(429);
    expect(await attempt(102, "9.9.9.9, 203.0.113.2")).toBe(400); // another client, who wrote 9.9.9.9 himself
  });

  it("refuses a 100 MB body to every POST route with 413 in the visitor's language, before reading it, memory bounded", async () => {
    const routes = actionRoutes();
    expect(routes.length).toBeGreaterThan(20);
    // each route's code loaded once, by an ordinary small post (under every limit: never a 413)
    for (const r of routes) expect([r.file, (await stream(r.url, urlencoded(100), FORM_TYPE)).status]).not.toEqual([r.file, 413]);

    const answers: Array<[string, number, boolean]> = [];
    const grew = await growthDuring(async () => {
      for (const [i, r] of routes.entries()) {
        const english = i % 2 === 1;
        const res = await stream(r.url, urlencoded(100 * MB), { ...FORM_TYPE, "Content-Length": String(100 * MB), ...(english ? { Cookie: EN } : {}) });
        answers.push([r.file, res.status, res.body.includes(english ? "<h1>Too much data sent</h1>" : "<h1>Dữ liệu gửi lên quá lớn</h1>")]);
        // a photo form may carry 8 photos of 15 MB (a household list's form the same): over that, refused too
        if (takesPhotos(r)) {
          const photos = await stream(r.url, multipart(122 * MB), { ...MULTIPART, "Content-Length": String(122 * MB) });
          answers.push([`${r.file} (photos)`, photos.status, photos.body.includes("lớn hơn 121 MB")]);
        }
      }
    });
    expect(answers.filter(([, status, localised]) => status !== 413 || !localised)).toEqual([]);
    expect(answers.length).toBe(routes.length + 5);
    console.info(`100 MB to ${routes.length} routes (+5 upload forms of 122 MB), declared length: the server grew by ${(grew / MB).toFixed(1)} MB at most`);
    expect(grew).toBeLessThan(100 * MB);
  });

  it("counts chunked bodies (no Content-Length) as they arrive and refuses them past the limit, memory bounded", async () => {
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const { sessionCookieFor } = await import("./helpers");
    const cookie = await sessionCookieFor(owner.id);
    const routes = actionRoutes();
    const answers: Array<[string, number]> = [];
    let photos: Reply | undefined;
    const grew = await growthDuring(async () => {
      for (const r of routes) answers.push([r.file, (await stream(r.url, urlencoded(100 * MB), FORM_TYPE)).status]);
      // the farm's own photo form: its action reads the upload, which passes 121 MB
      photos = await stream(`/seller/farms/${farm.id}/photos?lng=en`, multipart(130 * MB), { ...MULTIPART, Cookie: cookie });
    });
    // Routes that read the body are refused once it passes the limit; the others answered (log-in
    // redirect, 404 for a made-up id) without reading it. None is allowed to take it all in.
    const refused = answers.filter(([, status]) => status === 413).map(([file]) => file);
    expect(refused).toEqual(expect.arrayContaining(["_auth+/login.tsx", "_auth+/signup.tsx", "_store+/cart.tsx", "resources+/locale.ts", "resources+/webhooks.bank.ts", "resources+/webhooks.stripe.ts"]));
    expect(answers.filter(([, status]) => status !== 413 && ![302, 303, 400, 401, 403, 404].includes(status))).toEqual([]);
    expect(photos!.status).toBe(413);
    expect(photos!.body).toContain("What you sent is larger than 121 MB");
    const unread = answers.filter(([, status]) => status !== 413).map(([file, status]) => `${file} ${status}`);
    console.info(`100 MB chunked to ${routes.length} routes (${refused.length} read it: 413; not read: ${unread.join(", ")}) and 130 MB of photos: the server grew by ${(grew / MB).toFixed(1)} MB at most`);
    expect(grew).toBeLessThan(100 * MB);
    // the actions that failed to read on were not logged as errors; the server still answers
    expect(proxiedOutput).not.toMatch(/BodyTooLarge|ERR_|Error:/);
    expect(proxiedOutput).toContain("refused POST /login: body over 256 KB (form)");
    expect((await stream("/resources/locale", urlencoded(10), FORM_TYPE)).status).toBe(302);
  });
});
