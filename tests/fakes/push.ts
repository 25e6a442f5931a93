// A local fake of a Web Push service (what FCM, Mozilla autopush or Apple run), for the real
// `web-push` library pointed at the endpoints it hands out. It plays both sides a real one does:
// - the browser's PushManager: subscribe() makes a subscription like a browser would (a P-256 ECDH
//   key pair and a 16-byte auth secret per subscription; the fake keeps the private key);
// - the push service: POST /push/<id> checks the request like RFC 8030 (push protocol), RFC 8292
//   (VAPID) and RFC 8291 (message encryption) say, decrypts the body with the subscription's private
//   key, and records the plaintext.
//
// TLS: web-push always sends with https.request, whatever the endpoint's scheme. The endpoints are
// http:// (as asked for, and so the tests and the browser can read /__fake/* with plain fetch), and
// the same port also answers TLS (first byte 0x16) with a self-signed certificate for 127.0.0.1
// made at start. The sender must trust it: pass `agent: fake.agent` (an https.Agent with the
// certificate as its CA) to sendNotification, or give a separate process the PEM (`fake.ca`,
// GET /__fake/ca.pem, or FAKE_PUSH_CA_FILE for push-server.ts).
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";

export type FakePushSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };
export type ReceivedPush = {
  id: string;
  subscriptionId: string;
  endpoint: string;
  /** The decrypted plaintext (UTF-8). */
  payload: string;
  topic?: string;
  urgency?: string;
  ttl: number;
  /** The JWT's `sub` claim (mailto: or https:). */
  vapidSub: string;
  /** The `k` the message was signed for (base64url, uncompressed P-256). */
  vapidKey: string;
  at: number;
};
export type PushCall = {
  method: string;
  path: string;
  subscriptionId?: string;
  headers: http.IncomingHttpHeaders;
  bodyBytes: number;
  /** The status answered; "refused" (socket destroyed) or "timeout" (never answered) when down. */
  status: number | "refused" | "timeout" | null;
  /** Why a request was refused, for assertions and debugging. */
  reason?: string;
  at: number;
};
export type DownMode = false | "refuse" | "500" | "timeout";
export type FailMode = "500" | "accept-then-500";

type Subscription = {
  id: string;
  endpoint: string;
  ecdh: crypto.ECDH;
  publicKey: Buffer;
  auth: Buffer;
  expired: boolean;
  applicationServerKey: Buffer | null;
  /**
   * Messages not yet handed to the device, keyed by Topic (RFC 8030 §5.4), or by message id when a
   * message has none. The device is modelled as offline until a test calls deliver(): a message
   * with the same Topic as one still waiting here REPLACES it (delete + set, so it also moves to
   * the end), so two sends with Topic "abc" end up as one notification on the device, while
   * `received` keeps both. After deliver() the inbox is empty and the same Topic is new again.
   * TTL expiry is not modelled here: a waiting message stays until deliver() or a replacement.
   */
  inbox: Map<string, ReceivedPush>;
};

const MAX_BODY = 4096; // RFC 8030 §7.2 / RFC 8291 §4: push services must accept at least 4096 octets
const MAX_JWT_LIFETIME = 24 * 60 * 60; // RFC 8292 §2: exp MUST NOT be more than 24 hours ahead
const URGENCIES = ["very-low", "low", "normal", "high"]; // RFC 8030 §5.3
const B64URL = /^[A-Za-z0-9_-]+$/;

const b64u = (b: Buffer) => b.toString("base64url");
const fromB64u = (s: string): Buffer | null => (B64URL.test(s) ? Buffer.from(s, "base64url") : null);
const hmac = (key: Buffer, ...data: Buffer[]) => {
  const h = crypto.createHmac("sha256", key);
  for (const d of data) h.update(d);
  return h.digest();
};

export async function startFakePushService({ port: listenPort = 0 }: { port?: number } = {}) {
  const subscriptions = new Map<string, Subscription>();
  const messages = new Map<string, Subscription>(); // message id → its subscription (for DELETE)
  const received: ReceivedPush[] = [];
  const calls: PushCall[] = [];
  let vapidPublicKey: Buffer | null = null;
  let down: DownMode = false;
  let failRate = { p: 0, mode: "500" as FailMode };
  let rateLimited: { retryAfter: number } | null = null;
  let origin = "";

  const tls = selfSignedCertificate();
  const hanging = new Set<http.ServerResponse>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    const json = (status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json", ...cors }).end(JSON.stringify(body));
    if (url.pathname === "/health") return void res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    if (url.pathname.startsWith("/__fake/")) {
      const body = await readBody(req, 64 * 1024);
      if (method === "OPTIONS") return void res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type" }).end();
      const input = parseJson(body);
      if (method === "GET" && url.pathname === "/__fake/received") return void json(200, received);
      if (method === "GET" && url.pathname === "/__fake/calls") return void json(200, calls);
      if (method === "GET" && url.pathname === "/__fake/inbox") {
        const which = url.searchParams.get("endpoint");
        if (which) return void json(200, inbox(which));
        return void json(200, Object.fromEntries([...subscriptions.values()].map((s) => [s.endpoint, [...s.inbox.values()]])));
      }
      if (method === "GET" && url.pathname === "/__fake/ca.pem") return void res.writeHead(200, { "Content-Type": "application/x-pem-file", ...cors }).end(tls.cert);
      if (method === "POST" && url.pathname === "/__fake/subscribe") {
        const key = typeof input?.applicationServerKey === "string" ? input.applicationServerKey : undefined;
        return void json(200, subscribe({ applicationServerKey: key }));
      }
      if (method === "POST" && url.pathname === "/__fake/reset") return void (reset(), json(200, { ok: true }));
      if (method === "POST" && url.pathname === "/__fake/control") {
        // For a separate process (push-server.ts): the same switches as the in-process API.
        try {
          if (input && "down" in input) setDown(input.down);
          if (input?.failRate) setFailRate(Number(input.failRate.p), input.failRate.mode);
          if (input && "rateLimited" in input) setRateLimited(Boolean(input.rateLimited), input.retryAfter);
          if (input && "vapidPublicKey" in input) setVapidPublicKey(input.vapidPublicKey);
          if (typeof input?.expire === "string") expire(input.expire);
          return void json(200, { ok: true });
        } catch (e) {
          return void json(400, { error: (e as Error).message });
        }
      }
      return void json(404, { error: `no fake route ${method} ${url.pathname}` });
    }
    const msg = /^\/message\/([\w-]+)$/.exec(url.pathname);
    if (msg && method === "DELETE") {
      // RFC 8030 §7.3: the application server may delete a message it no longer wants delivered.
      const sub = messages.get(msg[1]);
      const key = sub && [...sub.inbox].find(([, m]) => m.id === msg[1])?.[0];
      if (!sub || key === undefined) return void res.writeHead(404).end();
      sub.inbox.delete(key);
      return void res.writeHead(204).end();
    }
    if (method !== "POST") return void res.writeHead(method === "GET" ? 404 : 405, { "Content-Type": "text/plain" }).end("not found");

    const call: PushCall = { method, path: url.pathname, headers: req.headers, bodyBytes: 0, status: null, at: Date.now() };
    calls.push(call);
    const m = /^\/push\/([\w-]+)$/.exec(url.pathname);
    if (m) call.subscriptionId = m[1];
    const body = await readBody(req, 1024 * 1024);
    if (body === null) return void (call.status = "refused", (call.reason = "body over 1 MiB"), req.socket.destroy());
    call.bodyBytes = body.length;
    const answer = (status: number, reason: string, headers: http.OutgoingHttpHeaders = {}) => {
      call.status = status;
      if (status >= 300) call.reason = reason;
      res.writeHead(status, { "Content-Type": "text/plain", ...headers }).end(status >= 300 ? reason : "");
    };

    // Failure injection first: an outage answers before any checks.
    if (down === "refuse") return void ((call.status = "refused"), req.socket.destroy());
    if (down === "timeout") return void ((call.status = "timeout"), hanging.add(res), res.on("close", () => hanging.delete(res)));
    if (down === "500") return answer(500, "fake outage");
    if (rateLimited) return answer(429, "too many requests", { "Retry-After": String(rateLimited.retryAfter) });
    const fail = failRate.p > 0 && Math.random() < failRate.p ? failRate.mode : null;
    if (fail === "500") return answer(500, "fake intermittent failure");

    // RFC 8030 §7.3: a push service answers 404 (or 410) for a subscription that is gone.
    const sub = m ? subscriptions.get(m[1]) : undefined;
    if (!sub || sub.expired) return answer(410, "push subscription has unsubscribed or expired");

    // RFC 8292: VAPID.
    const vapid = verifyVapid(req.headers.authorization, new URL(sub.endpoint).origin);
    if (!vapid.ok) return answer(401, vapid.reason, { "WWW-Authenticate": "vapid" });
    const restricted = sub.applicationServerKey ?? vapidPublicKey;
    if (restricted && !restricted.equals(vapid.key)) return answer(403, "VAPID key is not the subscription's application server key (RFC 8292 §4.2)");

    // RFC 8030 §5.2–5.4: TTL (required), Urgency, Topic.
    const ttlHeader = header(req, "ttl");
    if (ttlHeader === undefined) return answer(400, "missing TTL header (RFC 8030 §5.2)");
    if (!/^\d+$/.test(ttlHeader)) return answer(400, "TTL is not a non-negative integer (RFC 8030 §5.2)");
    const urgency = header(req, "urgency");
    if (urgency !== undefined && !URGENCIES.includes(urgency)) return answer(400, "Urgency is not very-low, low, normal or high (RFC 8030 §5.3)");
    const topic = header(req, "topic");
    if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return answer(400, "Topic is not at most 32 base64url characters (RFC 8030 §5.4)");

    // RFC 8291: aes128gcm (RFC 8188) body, at most 4096 octets. An empty body is a push with no data.
    if (body.length > MAX_BODY) return answer(413, `body is ${body.length} bytes, more than ${MAX_BODY}`);
    let plaintext: Buffer = Buffer.alloc(0);
    if (body.length > 0) {
      const encoding = header(req, "content-encoding");
      if (encoding?.toLowerCase() !== "aes128gcm") return answer(415, `Content-Encoding must be aes128gcm, not ${encoding ?? "absent"} (RFC 8291 §4)`);
      try {
        plaintext = decryptAes128gcm(body, sub);
      } catch (e) {
        return answer(400, `cannot decrypt: ${(e as Error).message}`);
      }
    }

    const id = b64u(crypto.randomBytes(12));
    const message: ReceivedPush = {
      id,
      subscriptionId: sub.id,
      endpoint: sub.endpoint,
      payload: plaintext.toString("utf8"),
      ...(topic !== undefined && { topic }),
      ...(urgency !== undefined && { urgency }),
      ttl: Number(ttlHeader),
      vapidSub: vapid.sub,
      vapidKey: b64u(vapid.key),
      at: Date.now(),
    };
    received.push(message);
    messages.set(id, sub);
    const key = topic ?? `#${id}`;
    sub.inbox.delete(key); // RFC 8030 §5.4: replaces the undelivered message with the same Topic
    sub.inbox.set(key, message);
    // "accept-then-500": the message got through, but the sender cannot know that.
    if (fail === "accept-then-500") return answer(500, "fake failure after accepting the message");
    answer(201, "", { Location: `${origin}/message/${id}`, TTL: ttlHeader });
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" }).end(String(e));
    });
  };
  const plain = http.createServer(onRequest);
  const secure = https.createServer({ key: tls.key, cert: tls.cert }, onRequest);
  // One port for both: TLS records start with 0x16 (handshake), HTTP with a method name.
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  /** What a browser's PushManager.subscribe() would give (PushSubscription.toJSON()). */
  function subscribe({ applicationServerKey }: { applicationServerKey?: string } = {}): FakePushSubscription {
    const ecdh = crypto.createECDH("prime256v1");
    const publicKey = ecdh.generateKeys(); // uncompressed, 65 bytes
    const auth = crypto.randomBytes(16);
    const id = b64u(crypto.randomBytes(16));
    const endpoint = `${origin}/push/${id}`;
    const asKey = applicationServerKey === undefined ? null : parseP256Key(applicationServerKey);
    if (applicationServerKey !== undefined && !asKey) throw new Error("applicationServerKey is not a base64url uncompressed P-256 key");
    subscriptions.set(id, { id, endpoint, ecdh, publicKey, auth, expired: false, applicationServerKey: asKey, inbox: new Map() });
    return { endpoint, keys: { p256dh: b64u(publicKey), auth: b64u(auth) } };
  }
  function find(endpointOrId: string) {
    const sub = subscriptions.get(endpointOrId.slice(endpointOrId.lastIndexOf("/") + 1));
    if (!sub) throw new Error(`no fake push subscription ${endpointOrId}`);
    return sub;
  }
  /** The subscription is gone (the user revoked permission, the browser dropped it): later sends get 410. */
  function expire(endpoint: string) {
    find(endpoint).expired = true;
  }
  /** The notifications waiting for the device, one per Topic (see Subscription.inbox). */
  function inbox(endpoint: string): ReceivedPush[] {
    return [...find(endpoint).inbox.values()];
  }
  /** The device comes online: returns and empties its inbox. */
  function deliver(endpoint: string): ReceivedPush[] {
    const sub = find(endpoint);
    const out = [...sub.inbox.values()];
    sub.inbox.clear();
    return out;
  }
  /** Restrict every subscription to this application server key (as if subscribed with it); null lifts it. */
  function setVapidPublicKey(key: string | null) {
    if (key === null) return void (vapidPublicKey = null);
    const parsed = parseP256Key(key);
    if (!parsed) throw new Error("VAPID public key is not a base64url uncompressed P-256 key");
    vapidPublicKey = parsed;
  }
  /** "refuse": sockets destroyed without an answer; "500": 500 to everything; "timeout": never answers. */
  function setDown(mode: DownMode) {
    if (![false, "refuse", "500", "timeout"].includes(mode)) throw new Error(`unknown down mode ${String(mode)}`);
    down = mode;
  }
  /** With probability p a push fails: "500" before anything is recorded, "accept-then-500" after. */
  function setFailRate(p: number, mode: FailMode = "500") {
    if (!(p >= 0 && p <= 1)) throw new Error("fail rate must be between 0 and 1");
    if (mode !== "500" && mode !== "accept-then-500") throw new Error(`unknown fail mode ${String(mode)}`);
    failRate = { p, mode };
  }
  /** 429 Too Many Requests with Retry-After (seconds) to every push while on. */
  function setRateLimited(on: boolean, retryAfter = 1) {
    rateLimited = on ? { retryAfter } : null;
  }
  /** Forget what was sent and lift every failure switch and key restriction; subscriptions stay. */
  function reset() {
    received.length = 0;
    calls.length = 0;
    messages.clear();
    for (const s of subscriptions.values()) s.inbox.clear();
    vapidPublicKey = null;
    down = false;
    failRate = { p: 0, mode: "500" };
    rateLimited = null;
  }
  async function close() {
    for (const res of hanging) res.destroy();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return {
    port,
    origin,
    /** The PEM of the self-signed certificate the TLS side presents (trust it in the sender). */
    ca: tls.cert,
    /** An https.Agent that trusts the fake: `sendNotification(sub, payload, { ..., agent: fake.agent })`. */
    agent: new https.Agent({ ca: tls.cert, keepAlive: false }),
    received,
    calls,
    subscribe,
    expire,
    inbox,
    deliver,
    setVapidPublicKey,
    setDown,
    setFailRate,
    setRateLimited,
    reset,
    close,
  };
}

export type FakePushService = Awaited<ReturnType<typeof startFakePushService>>;

const cors = { "Access-Control-Allow-Origin": "*" };

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(", ") : v?.trim();
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) return null;
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer | null): Record<string, any> | null {
  if (!body?.length) return null;
  try {
    const v: unknown = JSON.parse(body.toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, any>) : null;
  } catch {
    return null;
  }
}

function parseP256Key(s: string): Buffer | null {
  const b = fromB64u(s);
  return b && b.length === 65 && b[0] === 4 ? b : null;
}

/** RFC 8292 §3: `Authorization: vapid t=<JWT>, k=<key>`, an ES256 JWT for this push service's origin. */
function verifyVapid(authorization: string | undefined, audience: string): { ok: true; sub: string; key: Buffer } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (!authorization) return fail("no Authorization header (RFC 8292)");
  const scheme = /^vapid\s+(.*)$/is.exec(authorization.trim());
  if (!scheme) return fail("Authorization is not the vapid scheme (RFC 8292 §3)");
  const params = new Map<string, string>();
  for (const part of scheme[1].split(",")) {
    const kv = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
    if (!kv) return fail("malformed vapid auth-params");
    params.set(kv[1].toLowerCase(), kv[2]);
  }
  const t = params.get("t"), k = params.get("k");
  if (!t || !k) return fail("vapid needs both t= and k= (RFC 8292 §3)");
  const key = parseP256Key(k);
  if (!key) return fail("k is not a base64url uncompressed P-256 public key (RFC 8292 §3.2)");
  let publicKey: crypto.KeyObject;
  try {
    publicKey = crypto.createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64u(key.subarray(1, 33)), y: b64u(key.subarray(33)) }, format: "jwk" });
  } catch {
    return fail("k is not a point on P-256");
  }
  const parts = t.split(".");
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return fail("t is not a compact JWS");
  const [h, p, s] = parts;
  const head = parseJson(Buffer.from(h, "base64url"));
  if (!head || head.alg !== "ES256") return fail("JWT alg is not ES256 (RFC 8292 §2)");
  if (head.typ !== undefined && String(head.typ).toUpperCase() !== "JWT") return fail("JWT typ is not JWT");
  const signature = Buffer.from(s, "base64url");
  if (signature.length !== 64) return fail("ES256 signature is not 64 bytes (JWS r||s, RFC 7518 §3.4)");
  const valid = crypto.verify("sha256", Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, signature);
  if (!valid) return fail("JWT signature does not verify against k");
  const claims = parseJson(Buffer.from(p, "base64url"));
  if (!claims) return fail("JWT claims are not a JSON object");
  if (claims.aud !== audience) return fail(`JWT aud ${JSON.stringify(claims.aud)} is not the push service origin ${audience} (RFC 8292 §2)`);
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) return fail("JWT has no numeric exp (RFC 8292 §2)");
  if (claims.exp <= now) return fail("JWT has expired");
  if (claims.exp > now + MAX_JWT_LIFETIME) return fail("JWT exp is more than 24 hours ahead (RFC 8292 §2)");
  let subject: URL | null = null;
  try {
    subject = typeof claims.sub === "string" ? new URL(claims.sub) : null;
  } catch {
    subject = null;
  }
  if (!subject || (subject.protocol !== "mailto:" && subject.protocol !== "https:")) return fail("JWT sub is not a mailto: or https: URL (RFC 8292 §2.1)");
  return { ok: true, sub: claims.sub as string, key };
}

/**
 * RFC 8291 §3.4 on top of RFC 8188: the body is salt (16) | rs (uint32) | idlen (1) | keyid (the
 * application server's ephemeral ECDH public key, 65) | one record of AES-128-GCM ciphertext + tag.
 */
function decryptAes128gcm(body: Buffer, sub: Subscription): Buffer {
  if (body.length < 21) throw new Error("shorter than the aes128gcm header (RFC 8188 §2.1)");
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  if (rs < 18) throw new Error(`record size ${rs} is below 18 (RFC 8188 §2.1)`);
  if (idlen !== 65) throw new Error(`keyid is ${idlen} bytes, not a 65-byte P-256 key (RFC 8291 §4)`);
  if (body.length < 21 + idlen) throw new Error("truncated keyid");
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (record.length > rs) throw new Error("more than one record (RFC 8291 §4 requires a single record)");
  if (record.length < 17) throw new Error("record shorter than tag and delimiter");
  // ecdh_secret, then the auth-secret HKDF (RFC 8291 §3.3–3.4), then RFC 8188's CEK and nonce.
  const ecdhSecret = sub.ecdh.computeSecret(asPublic);
  const prkKey = hmac(sub.auth, ecdhSecret);
  const ikm = hmac(prkKey, Buffer.from("WebPush: info\0"), sub.publicKey, asPublic, Buffer.of(1));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0"), Buffer.of(1)).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0"), Buffer.of(1)).subarray(0, 12); // record 0: XOR 0
  const decipher = crypto.createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 2) throw new Error("last record lacks the 0x02 padding delimiter (RFC 8188 §2)");
  return padded.subarray(0, end);
}

/** A self-signed P-256 certificate for 127.0.0.1 and localhost, DER built by hand (node:crypto has no X.509 writer). */
function selfSignedCertificate(): { key: string; cert: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const der = (tag: number, ...parts: Buffer[]) => {
    const body = Buffer.concat(parts);
    const n = body.length;
    const len = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
    return Buffer.concat([Buffer.of(tag), len, body]);
  };
  const seq = (...parts: Buffer[]) => der(0x30, ...parts);
  const hex = (s: string) => Buffer.from(s, "hex");
  const ecdsaSha256 = seq(hex("06082a8648ce3d040302"));
  const name = seq(der(0x31, seq(hex("0603550403"), der(0x0c, Buffer.from("Cho Nong fake push service")))));
  const utcTime = (d: Date) => der(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));
  const now = Date.now();
  const serial = crypto.randomBytes(8);
  serial[0] &= 0x7f;
  serial[0] |= 0x01;
  const san = seq(hex("0603551d11"), der(0x04, seq(der(0x87, Buffer.of(127, 0, 0, 1)), der(0x82, Buffer.from("localhost")))));
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.of(2))), // v3
    der(0x02, serial),
    ecdsaSha256,
    name,
    seq(utcTime(new Date(now - 24 * 3600e3)), utcTime(new Date(now + 365 * 24 * 3600e3))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    der(0xa3, seq(san)),
  );
  const certificate = seq(tbs, ecdsaSha256, der(0x03, Buffer.of(0), crypto.sign("sha256", tbs, privateKey)));
  const pem = `-----BEGIN CERTIFICATE-----\n${certificate.toString("base64").replace(/.{64}/g, "$&\n").trimEnd()}\n-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }) as string, cert: pem };
}
