// A local fake of eSMS.vn's brand-name SMS API (the "SMS OTP/CSKH" send, SmsType 2), for tests.
// The app is pointed at it with ESMS_API_BASE (real: https://rest.esms.vn). Research notes with
// sources: /tmp/providers.md. Everything below is from eSMS's developer docs (GitBook sources in the
// public repo devesms/gitbook_esms_for_develop_v2: esms-api/ham-gui-tin/tin-nhan-sms-otp-cskh.md,
// esms-api/bang-ma-loi.md, esms-api/callback-url.md, esms-api/moi-truong-test-sandbox.md; published at
// developers.esms.vn):
// - POST /MainService.svc/json/SendMultipleMessage_V4_post_json/ with a JSON body {ApiKey, SecretKey,
//   Phone, Content, Brandname, SmsType: "2", IsUnicode: "0"|"1", Sandbox?, RequestId?, CallbackUrl?,
//   SendDate?, campaignid?}. Answers HTTP 200 with {CodeResult: "100", CountRegenerate: 0, SMSID}.
//   "100" only means eSMS took the request; the real outcome comes to CallbackUrl.
// - Errors, same shape with ErrorMessage: 101 "Authorize Failed" (ApiKey/SecretKey), 104 "Brand name
//   code is not exist", 124 "Request exist 1" (+ SendStatus "5"), 146 "Sai template Brandname CSKH"
//   (+ SMSID) — texts from the docs' samples; 103 (not enough balance), 108 (phone not in the right
//   format), 118 (unsupported message type), 300 (no message type) — codes from the error table, texts
//   the fake's (no sample is published). A request eSMS cannot read answers {"error": "Invalid request"}.
// - RequestId IS documented as a duplicate guard: "ID đối tác truyền sang để chặn trùng và đối soát
//   khi cần. Độ dài tối đa 50 ký tự. Mỗi RequestId truyền sang có hiệu lực chặn trong 24h." (used to
//   block duplicates and for reconciliation; at most 50 characters; each RequestId blocks for 24 h),
//   with error 124 "Trùng RequestId khi gửi tin". So a RequestId seen on an accepted request in the
//   last 24 hours gets 124 and no second message. (An over-long RequestId is accepted: the docs give
//   the limit, not the answer to breaking it.)
// - Sandbox "1": "không về tin nhắn, không trừ tiền", not stored by eSMS: answered 100, nothing recorded.
// - Delivery report: eSMS calls CallbackUrl with HTTP GET and the result in the query string (SMSID,
//   SendFailed, SendStatus, SendSuccess, TotalPrice, TotalReceiver, TotalSent, RequestId, TypeId,
//   telcoid, phonenumber, switchsmsid). The callback carries no signature. eSMS retries 5 times on
//   a timeout; the fake calls once. The request's CallbackUrl wins; opts.callbackUrl is the fallback.
// - Length: eSMS's API docs set no maximum length or segment count for SmsType 2 and no error for
//   one, so none is enforced; each message records its segment count (GSM-7: 160, or 153 per part;
//   Unicode: 70, or 67 per part) for tests to assert on. Content must match a CSKH template
//   registered with the carriers (146 otherwise): opts.contentTemplates switches that check on.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_SMS_API_KEY = "CHONONGFAKEESMSAPIKEY";
export const FAKE_SMS_SECRET_KEY = "CHONONGFAKEESMSSECRET";
/** The one brand name registered to the fake account. */
export const FAKE_SMS_BRANDNAME = "CHONONG";
export const ESMS_SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/";

export type SmsMessage = {
  smsId: string;
  /** As sent (eSMS's samples use 0xxxxxxxxx). */
  phone: string;
  content: string;
  requestId: string | undefined;
  brandname: string;
  /** IsUnicode was "1". */
  unicode: boolean;
  /** Parts the content takes as SMS (by its characters, whatever IsUnicode says). */
  segments: number;
  at: number;
};
export type SmsCallback = { smsId: string; url: string; status: number | "error"; at: number };
export type DownMode = false | "refuse" | "500" | "timeout";
export type FailMode = "500" | "accept-then-500";

const ERRORS = {
  AUTH: ["101", "Authorize Failed"],
  BALANCE: ["103", "Not enough balance"],
  BRANDNAME: ["104", "Brand name code is not exist"],
  PHONE: ["108", "Phone number is not in correct format"],
  TYPE_UNSUPPORTED: ["118", "Unsupported message type"],
  TYPE_MISSING: ["300", "Missing message type"],
} as const;
const DAY_MS = 24 * 60 * 60 * 1000;
// A Vietnamese mobile number, 0xxxxxxxxx as in eSMS's samples, or 84xxxxxxxxx.
const PHONE = /^(?:0|84)[35789]\d{8}$/;
// GSM 03.38 basic set; the extension set (^{}\[~]|€) takes two septets.
const GSM = new Set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");
const GSM_EXT = new Set("^{}\\[~]|€\f");

/** How many SMS parts a text takes: GSM-7 160 (153 per part when split), else UCS-2 70 (67). */
export function smsSegments(text: string): number {
  const chars = [...text];
  if (chars.every((c) => GSM.has(c) || GSM_EXT.has(c))) {
    const septets = chars.reduce((n, c) => n + (GSM_EXT.has(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  const units = text.length; // UTF-16 code units = UCS-2 characters
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

/** eSMS's telcoid for a number: 1 Viettel, 2 MobiFone, 3 VinaPhone, 4 Vietnamobile, 5 Gmobile, 6 Itel, 7 Reddi. */
function telcoOf(phone: string): number {
  const p = `0${phone.replace(/^(84|0)/, "").slice(0, 2)}`;
  if (["086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039"].includes(p)) return 1;
  if (["089", "090", "093", "070", "076", "077", "078", "079"].includes(p)) return 2;
  if (["088", "091", "094", "081", "082", "083", "084", "085"].includes(p)) return 3;
  if (["092", "056", "058"].includes(p)) return 4;
  if (["099", "059"].includes(p)) return 5;
  if (p === "087") return 6;
  if (p === "055") return 7;
  return 0;
}

export async function startFakeSms(
  opts: { port?: number; callbackUrl?: string; brandnames?: string[]; contentTemplates?: Array<RegExp | string>; callbackDelayMs?: number } = {},
) {
  const { port: listenPort = 0, callbackUrl, brandnames = [FAKE_SMS_BRANDNAME], contentTemplates, callbackDelayMs = 30 } = opts;
  const messages: SmsMessage[] = [];
  /** Accepted (100) but the carrier could not deliver: reported as failed to CallbackUrl. */
  const undelivered: SmsMessage[] = [];
  const callbacks: SmsCallback[] = [];
  const requestIds = new Map<string, number>(); // RequestId → when it was accepted
  let calls = 0;
  let noBalance = false;
  const unreachable = new Set<string>();
  let down: DownMode = false;
  let failRate = { p: 0, mode: "500" as FailMode };
  const hanging = new Set<http.ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    const json = (status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...cors }).end(JSON.stringify(body));
    if (url.pathname === "/health") return void res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    if (url.pathname.startsWith("/__fake/")) return fakeRoute(req, res, url, method, json);
    // WCF paths are case-insensitive; the docs write the trailing slash.
    if (method !== "POST" || url.pathname.replace(/\/?$/, "/").toLowerCase() !== ESMS_SEND_PATH.toLowerCase()) return void json(404, { error: `no fake for ${method} ${url.pathname}` });
    calls++;

    // Failure injection first: an outage answers before any checks.
    if (down === "refuse") return void req.socket.destroy();
    if (down === "timeout") return void (hanging.add(res), res.on("close", () => hanging.delete(res)));
    if (down === "500") return void res.writeHead(500, { "Content-Type": "text/plain" }).end("fake outage");
    const fail = failRate.p > 0 && Math.random() < failRate.p ? failRate.mode : null;
    if (fail === "500") return void res.writeHead(500, { "Content-Type": "text/plain" }).end("fake intermittent failure");

    const error = ([code, message]: readonly [string, string], extra: Record<string, string> = {}) => json(200, { CodeResult: code, CountRegenerate: 0, ErrorMessage: message, ...extra });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return void json(400, { error: "Invalid request" });
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) return void json(400, { error: "Invalid request" });
    const b = body as Record<string, unknown>;
    const str = (k: string) => (b[k] === undefined || b[k] === null ? undefined : String(b[k]));
    if (str("ApiKey") !== FAKE_SMS_API_KEY || str("SecretKey") !== FAKE_SMS_SECRET_KEY) return error(ERRORS.AUTH);
    const smsType = str("SmsType");
    if (!smsType) return error(ERRORS.TYPE_MISSING);
    if (smsType !== "2") return error(ERRORS.TYPE_UNSUPPORTED);
    const brandname = str("Brandname") ?? "";
    if (!brandnames.includes(brandname)) return error(ERRORS.BRANDNAME);
    const phone = (str("Phone") ?? "").trim();
    if (!PHONE.test(phone)) return error(ERRORS.PHONE);
    const content = str("Content") ?? "";
    if (!content) return void json(400, { error: "Invalid request" });
    if (contentTemplates && !contentTemplates.some((t) => (typeof t === "string" ? t === content : t.test(content)))) {
      return error(["146", "Sai template Brandname CSKH"], { SMSID: newSmsId() });
    }
    const requestId = str("RequestId") || undefined;
    const sandbox = str("Sandbox") === "1";
    if (requestId && !sandbox) {
      const seen = requestIds.get(requestId);
      if (seen !== undefined && Date.now() - seen < DAY_MS) return error(["124", "Request exist 1"], { SendStatus: "5" });
    }
    if (noBalance) return error(ERRORS.BALANCE);
    const smsId = newSmsId();
    // Sandbox: answered like a real send, but nothing is stored, charged or delivered.
    if (sandbox) return void json(200, { CodeResult: "100", CountRegenerate: 0, SMSID: smsId });

    const message: SmsMessage = { smsId, phone, content, requestId, brandname, unicode: str("IsUnicode") === "1", segments: smsSegments(content), at: Date.now() };
    if (requestId) requestIds.set(requestId, message.at);
    const delivered = !unreachable.has(to84(phone));
    (delivered ? messages : undelivered).push(message);
    const reportTo = str("CallbackUrl") || callbackUrl;
    if (reportTo) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void report(reportTo, message, delivered);
      }, callbackDelayMs);
      timers.add(timer);
    }
    // "accept-then-500": the message went out, but the sender cannot know that.
    if (fail === "accept-then-500") return void res.writeHead(500, { "Content-Type": "text/plain" }).end("fake failure after accepting the message");
    json(200, { CodeResult: "100", CountRegenerate: 0, SMSID: smsId });
  }

  function fakeRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, method: string, json: (s: number, b: unknown) => void) {
    if (method === "OPTIONS") return void res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type" }).end();
    if (method === "GET" && url.pathname === "/__fake/messages") {
      const phone = url.searchParams.get("phone");
      return void json(200, phone ? messages.filter((m) => to84(m.phone) === to84(phone)) : messages);
    }
    if (method === "GET" && url.pathname === "/__fake/state") return void json(200, { calls, undelivered, callbacks });
    if (method === "POST" && url.pathname === "/__fake/reset") return void (reset(), json(200, { ok: true }));
    if (method === "POST" && url.pathname === "/__fake/control") {
      // For a separate process (sms-server.ts): the same switches as the in-process API.
      return void readBody(req).then((raw) => {
        try {
          const input = JSON.parse(raw || "{}") as Record<string, any>;
          if ("down" in input) setDown(input.down);
          if (input.failRate) setFailRate(Number(input.failRate.p), input.failRate.mode);
          if ("noBalance" in input) setNoBalance(Boolean(input.noBalance));
          if (input.undeliverable) setUndeliverable(String(input.undeliverable.phone), input.undeliverable.on !== false);
          json(200, { ok: true });
        } catch (e) {
          json(400, { error: (e as Error).message });
        }
      });
    }
    json(404, { error: `no fake route ${method} ${url.pathname}` });
  }

  /** The documented delivery report: GET CallbackUrl?SMSID=…&SendStatus=5&SendSuccess=…&… */
  function reportUrl(base: string, m: SmsMessage, delivered: boolean) {
    const u = new URL(base);
    const q: Record<string, string> = {
      SMSID: m.smsId,
      SendFailed: delivered ? "0" : "1",
      SendStatus: "5", // 5: đã gửi xong (finished: look at SendSuccess/SendFailed)
      SendSuccess: delivered ? "1" : "0",
      TotalPrice: delivered ? `${(m.segments * 800).toFixed(4)}` : "0.0000",
      TotalReceiver: "1",
      TotalSent: "1",
      RequestId: m.requestId ?? "",
      TypeId: "2",
      telcoid: String(telcoOf(m.phone)),
      phonenumber: m.phone,
      switchsmsid: "",
    };
    for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
    return u.toString();
  }
  async function report(base: string, m: SmsMessage, delivered: boolean) {
    try {
      const r = await fetch(reportUrl(base, m, delivered), { method: "GET", signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      callbacks.push({ smsId: m.smsId, url: base, status: r.status, at: Date.now() });
    } catch {
      callbacks.push({ smsId: m.smsId, url: base, status: "error", at: Date.now() }); // fire-and-forget
    }
  }

  /** The account has no money left: 103 to every send while on. */
  function setNoBalance(on: boolean) {
    noBalance = on;
  }
  /** eSMS accepts messages to this number (100) but the carrier cannot deliver: the report says failed. */
  function setUndeliverable(phone: string, on = true) {
    if (on) unreachable.add(to84(phone));
    else unreachable.delete(to84(phone));
  }
  /** "refuse": sockets destroyed without an answer; "500": HTTP 500; "timeout": never answers. */
  function setDown(mode: DownMode) {
    if (![false, "refuse", "500", "timeout"].includes(mode)) throw new Error(`unknown down mode ${String(mode)}`);
    down = mode;
  }
  /** With probability p a send fails: "500" before anything happens, "accept-then-500" after the message went out. */
  function setFailRate(p: number, mode: FailMode = "500") {
    if (!(p >= 0 && p <= 1)) throw new Error("fail rate must be between 0 and 1");
    if (mode !== "500" && mode !== "accept-then-500") throw new Error(`unknown fail mode ${String(mode)}`);
    failRate = { p, mode };
  }
  /** Back to a fresh fake: no messages, no remembered RequestIds, counters at 0, every switch off. */
  function reset() {
    messages.length = 0;
    undelivered.length = 0;
    callbacks.length = 0;
    requestIds.clear();
    calls = 0;
    noBalance = false;
    unreachable.clear();
    down = false;
    failRate = { p: 0, mode: "500" };
    for (const t of timers) clearTimeout(t);
    timers.clear();
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" }).end(String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    /** ESMS_API_BASE (real: https://rest.esms.vn). */
    apiBase: origin,
    /** The full send URL. */
    sendUrl: `${origin}${ESMS_SEND_PATH}`,
    /** Accepted and delivered messages, oldest first. */
    messages,
    undelivered,
    /** Delivery reports attempted: the status the app answered, or "error". */
    callbacks,
    /** Every POST to the send path, answered or not. */
    get calls() {
      return calls;
    },
    reportUrl,
    setNoBalance,
    setUndeliverable,
    setDown,
    setFailRate,
    reset,
    async close() {
      reset();
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeSms = Awaited<ReturnType<typeof startFakeSms>>;

const cors = { "Access-Control-Allow-Origin": "*" };

function newSmsId() {
  return crypto.randomBytes(16).toString("hex");
}

function to84(phone: string) {
  const p = phone.trim().replace(/^\+/, "");
  return p.startsWith("0") ? `84${p.slice(1)}` : p;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}
