// A local fake of Zalo Notification Service (ZNS, now "ZBS Template Message" sent by phone) and of
// the Zalo OA token endpoint, for tests. One server answers both hosts the app is configured with:
//   ZALO_API_BASE   (https://business.openapi.zalo.me)  POST /message/template
//   ZALO_OAUTH_BASE (https://oauth.zaloapp.com)         POST /v4/oa/access_token
// and, given a callbackUrl, plays Zalo's webhook: a signed `user_received_message` per accepted message.
// Research notes with sources: /tmp/providers.md (copied into the report). What it models:
// - Send (developers.zalo.me/docs/zbs-template-message/gui-tin-template-qua-sdt, zalo.cloud "Gửi ZNS
//   thông qua API"): header `access_token`, JSON {phone, template_id, template_data, tracking_id,
//   mode?, sending_mode?}; success {error: 0, message: "Success", data: {msg_id, sent_time,
//   sending_mode, quota: {dailyQuota, remainingQuota}}} (numbers as strings, as in the docs). Errors
//   come as HTTP 200 with a negative `error` (codes from the ZNS error table,
//   zalo.cloud/zns/guidelines/handle-error-code). Message texts are the documented ones where a
//   live sample was found ("Access token is invalid", "Phone number invalid", "Zalo account not
//   existed", the -114 text); the others are the table's meaning in English.
// - tracking_id is NOT deduplicated. Zalo documents it only as "Mã số đánh dấu lần gọi API của đối
//   tác, do đối tác định nghĩa. Đối tác có thể dùng tracking_id để đối soát mà không phụ thuộc vào
//   message_id của Zalo cung cấp" (a caller-chosen id for reconciliation), recommends ≤ 48 chars
//   without special characters, and says nothing about rejecting or collapsing repeats. So every
//   accepted call is a new message; `messages[].trackingId` lets tests count duplicates themselves.
// - Token refresh (docs.zaloplatforms.com/docs/OA/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new,
//   zaloplatform/zalo-php-sdk OAuth2Client): form-encoded refresh_token, app_id,
//   grant_type=refresh_token, header `secret_key` (the app secret); answers {access_token,
//   refresh_token, expires_in: "90000"} (a string: 25 h). Refresh tokens are single-use: the old one
//   dies when a new pair is issued. Zalo publishes no table of OAuth error codes; the numbers below
//   are the fake's own (only the {error, error_name, error_reason, ref_doc, error_description} shape
//   is observed), so a client should treat "no access_token in the answer" as the failure.
// - Webhook (same send page, "Sự kiện người dùng nhận tin qua SĐT"): POST JSON {sender: {id: OA id},
//   recipient: {id: phone}, event_name: "user_received_message", message: {delivery_time, msg_id,
//   tracking_id}, app_id, timestamp}, headers X-ZEvent-Server: ZNS and X-ZEvent-Signature:
//   "mac=" + sha256hex(appId + rawBody + timestamp + OAsecretKey) (plain SHA-256 of the
//   concatenation, not an HMAC; the "mac=" prefix is how live events arrive).
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_ZALO_APP_ID = "4316521987630457712";
/** The app's secret key: the `secret_key` header of a token refresh. */
export const FAKE_ZALO_APP_SECRET = "ChoNongFakeZaloAppSecret";
/** The OA secret key that signs webhook events (X-ZEvent-Signature). */
export const FAKE_ZALO_OA_SECRET = "ChoNongFakeZaloOASecret";
/** The Official Account: `sender.id` of delivery events. */
export const FAKE_ZALO_OA_ID = "1957311496853826410";
/** The pair the fake starts with (and returns to on reset()). */
export const FAKE_ZALO_ACCESS_TOKEN = "fakezalo-access-0000";
export const FAKE_ZALO_REFRESH_TOKEN = "fakezalo-refresh-0000";
/** The only recipient of `mode: "development"` sends (Zalo: "only to App or OA administrators"). */
export const FAKE_ZALO_ADMIN_PHONE = "84900000001";
/** Zalo's documented access-token lifetime, seconds, as the string it sends. */
export const ZALO_ACCESS_TOKEN_EXPIRES_IN = "90000";

export type ZaloTemplateStatus = "ENABLE" | "PENDING_REVIEW" | "REJECT" | "DISABLE";
export type ZaloTemplate = {
  /** The approved text with <param> placeholders; rendered with template_data to measure it. */
  text: string;
  /** Each parameter and its maximum length (Zalo's parameter types: name 30, code 30, OTP 10, amount 20, address 200…). */
  params: Record<string, number>;
  status?: ZaloTemplateStatus;
};

/** Approved templates the fake knows unless `templates` is given (ids are the fake's). */
export const DEFAULT_ZALO_TEMPLATES: Record<string, ZaloTemplate> = {
  // one-time code (template type 2, "Xác thực")
  "420001": { text: "<otp> là mã xác thực Chợ Nông của bạn. Mã có hiệu lực trong <minutes> phút. Vui lòng không chia sẻ mã này cho bất kỳ ai.", params: { otp: 10, minutes: 20 } },
  // account security notice
  "420002": { text: "Tài khoản Chợ Nông của <customer_name> vừa <event> lúc <time>. Nếu không phải bạn thực hiện, hãy liên hệ Chợ Nông ngay.", params: { customer_name: 30, event: 30, time: 20 } },
  // to a buyer: the state of an order
  "420003": { text: "Chào <customer_name>, đơn hàng <order_code> tại <farm_name> có cập nhật mới: <status>. Tổng tiền: <amount> đ. Xem chi tiết trong ứng dụng Chợ Nông.", params: { customer_name: 30, order_code: 30, farm_name: 200, status: 30, amount: 20 } },
  // to a farm: something happened to one of its orders
  "420004": { text: "<farm_name>: đơn hàng <order_code> của <customer_name> — <status>. Tổng tiền: <amount> đ. Mở Chợ Nông để xử lý.", params: { farm_name: 200, order_code: 30, customer_name: 30, status: 30, amount: 20 } },
  // to a farm: a product is running out
  "420005": { text: "<farm_name>: sản phẩm <product_name> chỉ còn <quantity>. Cập nhật tồn kho trong Chợ Nông để tiếp tục bán.", params: { farm_name: 200, product_name: 200, quantity: 20 } },
};

/** ZALO_ZNS_TEMPLATES for the app, naming the templates above (app/modules/notifications/texts.server.ts). */
export const FAKE_ZNS_TEMPLATE_IDS = { CODE: "420001", SECURITY: "420002", BUYER_ORDER: "420003", FARM_ORDER: "420004", STOCK_LOW: "420005" };

/** The longest a rendered template may be: Zalo's paragraph limit (9–400 characters). */
export const ZNS_MAX_RENDERED = 400;

export type ZaloMessage = {
  msgId: string;
  /** 84xxxxxxxxx (a leading + is dropped). */
  phone: string;
  templateId: string;
  templateData: Record<string, string>;
  trackingId: string | undefined;
  /** "development" for dev-mode sends (no quota used). */
  mode: string | undefined;
  /** The template text with the data filled in. */
  rendered: string;
  at: number;
};
export type ZaloCallback = { msgId: string; url: string; status: number | "error"; at: number };
export type DownMode = false | "refuse" | "500" | "timeout";
export type FailMode = "500" | "accept-then-500";
type Scope = "all" | "send" | "oauth";

// The ZNS error table (zalo.cloud/zns/guidelines/handle-error-code). Texts quoted from live answers
// where one was found, otherwise the table's meaning.
export const ZNS_ERRORS = {
  INVALID_BODY: [-122, "Body request is not valid JSON"],
  EMPTY_BODY: [-121, "Body data empty"],
  PHONE_INVALID: [-108, "Phone number invalid"],
  TEMPLATE_INVALID: [-109, "Template ID invalid"],
  TEMPLATE_DATA_EMPTY: [-111, "Template data empty"],
  TEMPLATE_DATA_INVALID: [-112, "Template data invalid"],
  PARAM_MISSING: [-1122, "Missing template parameter"],
  USER_CANNOT_RECEIVE: [-114, "User is inactive, or reject the message, or using an outdated Zalo version, or other internal errors"],
  NOT_ZALO_USER: [-118, "Zalo account not existed"],
  ACCESS_TOKEN_INVALID: [-124, "Access token is invalid"],
  DEV_MODE_NOT_ADMIN: [-127, "Test template can only be sent to administrators"],
  TEMPLATE_NOT_APPROVED: [-131, "Template is not approved"],
  PARAMETER_INVALID: [-132, "Parameter invalid"],
  DAILY_QUOTA_EXCEEDED: [-144, "OA has exceeded the daily quota"],
  TEMPLATE_DISABLED: [-146, "Template has been disabled due to low quality"],
} as const satisfies Record<string, readonly [number, string]>;
/** -1121: a parameter longer than its type allows (the text Zalo sends names the parameter). */
export const ZNS_PARAM_TOO_LONG = -1121;

// The fake's own OAuth error numbers (Zalo publishes none for oauth.zaloapp.com; see the header).
export const ZALO_OAUTH_ERRORS = {
  INVALID_APP_ID: [-14002, "Invalid appId"],
  INVALID_SECRET_KEY: [-14010, "Invalid secret key"],
  INVALID_GRANT_TYPE: [-14011, "Invalid grant_type"],
  INVALID_REFRESH_TOKEN: [-14014, "Invalid refresh token"],
} as const satisfies Record<string, readonly [number, string]>;

const PHONE = /^\+?84[35789]\d{8}$/; // 84 + a 9-digit Vietnamese mobile number
const DAY_MS = 24 * 60 * 60 * 1000;

/** Zalo's webhook signature: "mac=" + sha256 hex of appId + raw body + timestamp + OA secret key. */
export function signZaloEvent(rawBody: string, timestamp: string, appId = FAKE_ZALO_APP_ID, oaSecret = FAKE_ZALO_OA_SECRET) {
  return `mac=${crypto.createHash("sha256").update(appId + rawBody + timestamp + oaSecret, "utf8").digest("hex")}`;
}

export async function startFakeZalo(
  opts: { port?: number; callbackUrl?: string; templates?: Record<string, ZaloTemplate>; dailyQuota?: number; callbackDelayMs?: number } = {},
) {
  const { port: listenPort = 0, callbackUrl, templates = DEFAULT_ZALO_TEMPLATES, dailyQuota = 500, callbackDelayMs = 30 } = opts;
  const messages: ZaloMessage[] = [];
  const callbacks: ZaloCallback[] = [];
  let calls = 0;
  let refreshes = 0;
  let refreshCalls = 0;
  let accessToken: string | null = FAKE_ZALO_ACCESS_TOKEN;
  let refreshToken = FAKE_ZALO_REFRESH_TOKEN;
  let tokenSerial = 0;
  let remainingQuota = dailyQuota;
  let quotaDay = Math.floor(Date.now() / DAY_MS);
  let quotaExceeded = false;
  const notZaloUsers = new Set<string>();
  const cannotReceive = new Set<string>();
  let down: { mode: DownMode; scope: Scope } = { mode: false, scope: "all" };
  let failRate = { p: 0, mode: "500" as FailMode };
  const hanging = new Set<http.ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    const json = (status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...cors }).end(JSON.stringify(body));
    if (url.pathname === "/health") return void res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    if (url.pathname.startsWith("/__fake/")) return fakeRoute(req, res, url, method, json);

    const isSend = url.pathname === "/message/template";
    const isOAuth = url.pathname === "/v4/oa/access_token";
    if (!(isSend || isOAuth) || method !== "POST") return void json(404, { error: 404, message: `no fake for ${method} ${url.pathname}` });
    if (isSend) calls++;
    else refreshCalls++;

    // Failure injection first: an outage answers before any checks.
    if (down.mode && (down.scope === "all" || down.scope === (isSend ? "send" : "oauth"))) {
      if (down.mode === "refuse") return void req.socket.destroy();
      if (down.mode === "timeout") return void (hanging.add(res), res.on("close", () => hanging.delete(res)));
      return void res.writeHead(500, { "Content-Type": "text/plain" }).end("fake outage");
    }
    const body = await readBody(req);
    return isSend ? send(req, res, body, json) : refresh(req, body, json);
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse, raw: string, json: (s: number, b: unknown) => void) {
    const fail = failRate.p > 0 && Math.random() < failRate.p ? failRate.mode : null;
    if (fail === "500") return void res.writeHead(500, { "Content-Type": "text/plain" }).end("fake intermittent failure");
    const error = ([code, message]: readonly [number, string]) => json(200, { error: code, message });

    if (!accessToken || header(req, "access_token") !== accessToken) return error(ZNS_ERRORS.ACCESS_TOKEN_INVALID);
    if (!raw.trim()) return error(ZNS_ERRORS.EMPTY_BODY);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return error(ZNS_ERRORS.INVALID_BODY);
    }
    if (!isRecord(body)) return error(ZNS_ERRORS.INVALID_BODY);
    const { phone, template_id: templateId, template_data: data, tracking_id: trackingId, mode } = body;
    if (typeof phone !== "string" || !PHONE.test(phone)) return error(ZNS_ERRORS.PHONE_INVALID);
    const to = phone.replace(/^\+/, "");
    if (typeof templateId !== "string" && typeof templateId !== "number") return error(ZNS_ERRORS.TEMPLATE_INVALID);
    const template = templates[String(templateId)];
    if (!template) return error(ZNS_ERRORS.TEMPLATE_INVALID);
    const status = template.status ?? "ENABLE";
    if (status === "DISABLE") return error(ZNS_ERRORS.TEMPLATE_DISABLED);
    if (status !== "ENABLE") return error(ZNS_ERRORS.TEMPLATE_NOT_APPROVED);
    if (!isRecord(data) || Object.keys(data).length === 0) return error(ZNS_ERRORS.TEMPLATE_DATA_EMPTY);
    if (Object.values(data).some((v) => typeof v !== "string")) return error(ZNS_ERRORS.TEMPLATE_DATA_INVALID);
    const values = data as Record<string, string>;
    for (const [name, max] of Object.entries(template.params)) {
      if (!(name in values)) return error(ZNS_ERRORS.PARAM_MISSING);
      if ([...values[name].normalize("NFC")].length > max) return json(200, { error: ZNS_PARAM_TOO_LONG, message: `${name} data breaks max length` });
    }
    const rendered = template.text.replace(/<(\w+)>/g, (whole, name: string) => values[name] ?? whole).normalize("NFC");
    if ([...rendered].length > ZNS_MAX_RENDERED) return json(200, { error: ZNS_PARAM_TOO_LONG, message: "template data breaks max length" });
    if (trackingId !== undefined && typeof trackingId !== "string") return error(ZNS_ERRORS.PARAMETER_INVALID);
    if (mode !== undefined && mode !== "development") return error(ZNS_ERRORS.PARAMETER_INVALID);
    const dev = mode === "development";
    if (dev && to !== FAKE_ZALO_ADMIN_PHONE) return error(ZNS_ERRORS.DEV_MODE_NOT_ADMIN);
    if (notZaloUsers.has(to)) return error(ZNS_ERRORS.NOT_ZALO_USER);
    if (cannotReceive.has(to)) return error(ZNS_ERRORS.USER_CANNOT_RECEIVE);
    rollQuotaDay();
    if (!dev && (quotaExceeded || remainingQuota <= 0)) return error(ZNS_ERRORS.DAILY_QUOTA_EXCEEDED);

    if (!dev) remainingQuota--;
    const message: ZaloMessage = {
      msgId: crypto.randomBytes(10).toString("hex"),
      phone: to,
      templateId: String(templateId),
      templateData: { ...values },
      trackingId,
      mode: dev ? "development" : undefined,
      rendered,
      at: Date.now(),
    };
    messages.push(message);
    if (callbackUrl) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void deliverEvent(message);
      }, callbackDelayMs);
      timers.add(timer);
    }
    // "accept-then-500": the message went out, but the sender cannot know that.
    if (fail === "accept-then-500") return void res.writeHead(500, { "Content-Type": "text/plain" }).end("fake failure after accepting the message");
    json(200, {
      error: 0,
      message: "Success",
      data: { msg_id: message.msgId, sent_time: String(message.at), sending_mode: "1", quota: { dailyQuota: String(dailyQuota), remainingQuota: String(remainingQuota) } },
    });
  }

  function refresh(req: http.IncomingMessage, raw: string, json: (s: number, b: unknown) => void) {
    const form = new URLSearchParams(raw);
    const error = ([code, description]: readonly [number, string]) =>
      json(200, { error: code, error_name: "Invalid parameter", error_reason: description, ref_doc: "https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new", error_description: description });
    if (form.get("app_id") !== FAKE_ZALO_APP_ID) return error(ZALO_OAUTH_ERRORS.INVALID_APP_ID);
    if (header(req, "secret_key") !== FAKE_ZALO_APP_SECRET) return error(ZALO_OAUTH_ERRORS.INVALID_SECRET_KEY);
    if (form.get("grant_type") !== "refresh_token") return error(ZALO_OAUTH_ERRORS.INVALID_GRANT_TYPE);
    if (form.get("refresh_token") !== refreshToken) return error(ZALO_OAUTH_ERRORS.INVALID_REFRESH_TOKEN);
    // Single use: the refresh token just spent is dead, and so is the previous access token.
    tokenSerial++;
    accessToken = `fakezalo-access-${tokenSerial}-${crypto.randomBytes(6).toString("hex")}`;
    refreshToken = `fakezalo-refresh-${tokenSerial}-${crypto.randomBytes(6).toString("hex")}`;
    refreshes++;
    json(200, { access_token: accessToken, refresh_token: refreshToken, expires_in: ZALO_ACCESS_TOKEN_EXPIRES_IN });
  }

  function fakeRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, method: string, json: (s: number, b: unknown) => void) {
    if (method === "OPTIONS") return void res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type" }).end();
    if (method === "GET" && url.pathname === "/__fake/messages") {
      const phone = url.searchParams.get("phone");
      return void json(200, phone ? messages.filter((m) => m.phone === to84(phone)) : messages);
    }
    if (method === "GET" && url.pathname === "/__fake/state") {
      return void json(200, { calls, refreshes, refreshCalls, accessToken, refreshToken, remainingQuota, callbacks });
    }
    if (method === "POST" && url.pathname === "/__fake/reset") return void (reset(), json(200, { ok: true }));
    if (method === "POST" && url.pathname === "/__fake/control") {
      // For a separate process (zns-server.ts): the same switches as the in-process API.
      return void readBody(req).then((raw) => {
        try {
          const input = JSON.parse(raw || "{}") as Record<string, any>;
          if ("down" in input) setDown(input.down, input.scope);
          if (input.failRate) setFailRate(Number(input.failRate.p), input.failRate.mode);
          if (input.notZaloUser) setNotZaloUser(String(input.notZaloUser.phone), input.notZaloUser.on !== false);
          if (input.cannotReceive) setCannotReceive(String(input.cannotReceive.phone), input.cannotReceive.on !== false);
          if ("quotaExceeded" in input) setQuotaExceeded(Boolean(input.quotaExceeded));
          if (input.expireAccessToken) expireAccessToken();
          json(200, { ok: true });
        } catch (e) {
          json(400, { error: (e as Error).message });
        }
      });
    }
    json(404, { error: `no fake route ${method} ${url.pathname}` });
  }

  /** The documented delivery event for a message: the exact raw body and its headers. */
  function deliveryEvent(message: ZaloMessage, deliveredAt = Date.now()) {
    const timestamp = String(Date.now());
    const payload = JSON.stringify({
      sender: { id: FAKE_ZALO_OA_ID },
      recipient: { id: message.phone },
      event_name: "user_received_message",
      message: { delivery_time: String(deliveredAt), msg_id: message.msgId, ...(message.trackingId !== undefined && { tracking_id: message.trackingId }) },
      app_id: FAKE_ZALO_APP_ID,
      timestamp,
    });
    return { payload, timestamp, headers: { "Content-Type": "application/json", "X-ZEvent-Signature": signZaloEvent(payload, timestamp), "X-ZEvent-Server": "ZNS" } };
  }

  async function deliverEvent(message: ZaloMessage) {
    if (!callbackUrl) return;
    const { payload, headers } = deliveryEvent(message);
    try {
      const r = await fetch(callbackUrl, { method: "POST", body: payload, headers, signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      callbacks.push({ msgId: message.msgId, url: callbackUrl, status: r.status, at: Date.now() });
    } catch {
      callbacks.push({ msgId: message.msgId, url: callbackUrl, status: "error", at: Date.now() }); // fire-and-forget
    }
  }

  function rollQuotaDay() {
    const day = Math.floor(Date.now() / DAY_MS);
    if (day !== quotaDay) [quotaDay, remainingQuota] = [day, dailyQuota];
  }
  /** This number has no Zalo account: sends to it get -118 "Zalo account not existed". */
  function setNotZaloUser(phone84: string, on = true) {
    if (on) notZaloUsers.add(to84(phone84));
    else notZaloUsers.delete(to84(phone84));
  }
  /** The user cannot receive ZNS (inactive, refused ZNS, old app): -114. */
  function setCannotReceive(phone84: string, on = true) {
    if (on) cannotReceive.add(to84(phone84));
    else cannotReceive.delete(to84(phone84));
  }
  /** The OA's daily quota is spent: -144 to every (non-development) send while on. */
  function setQuotaExceeded(on: boolean) {
    quotaExceeded = on;
  }
  /** The current access token stops working (as after its 25 hours); the refresh token still works. */
  function expireAccessToken() {
    accessToken = null;
  }
  /** "refuse": sockets destroyed without an answer; "500": HTTP 500; "timeout": never answers. Scope: both routes by default. */
  function setDown(mode: DownMode, scope: Scope = "all") {
    if (![false, "refuse", "500", "timeout"].includes(mode)) throw new Error(`unknown down mode ${String(mode)}`);
    if (!["all", "send", "oauth"].includes(scope)) throw new Error(`unknown scope ${String(scope)}`);
    down = { mode, scope };
  }
  /** With probability p a send fails: "500" before anything happens, "accept-then-500" after the message went out. */
  function setFailRate(p: number, mode: FailMode = "500") {
    if (!(p >= 0 && p <= 1)) throw new Error("fail rate must be between 0 and 1");
    if (mode !== "500" && mode !== "accept-then-500") throw new Error(`unknown fail mode ${String(mode)}`);
    failRate = { p, mode };
  }
  /** Back to a fresh fake: no messages, counters at 0, the initial token pair, every switch off. */
  function reset() {
    messages.length = 0;
    callbacks.length = 0;
    calls = refreshes = refreshCalls = tokenSerial = 0;
    accessToken = FAKE_ZALO_ACCESS_TOKEN;
    refreshToken = FAKE_ZALO_REFRESH_TOKEN;
    remainingQuota = dailyQuota;
    quotaExceeded = false;
    notZaloUsers.clear();
    cannotReceive.clear();
    down = { mode: false, scope: "all" };
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
    /** ZALO_API_BASE and ZALO_OAUTH_BASE: the same server answers both. */
    apiBase: origin,
    oauthBase: origin,
    /** Accepted messages, oldest first. */
    messages,
    /** Webhook deliveries attempted: the status the app answered, or "error". */
    callbacks,
    /** Every POST /message/template, answered or not. */
    get calls() {
      return calls;
    },
    /** Successful refreshes (each one rotated the pair). */
    get refreshes() {
      return refreshes;
    },
    /** Every POST /v4/oa/access_token, answered or not. */
    get refreshCalls() {
      return refreshCalls;
    },
    get accessToken() {
      return accessToken;
    },
    get refreshToken() {
      return refreshToken;
    },
    get remainingQuota() {
      return remainingQuota;
    },
    deliveryEvent,
    setNotZaloUser,
    setCannotReceive,
    setQuotaExceeded,
    expireAccessToken,
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

export type FakeZalo = Awaited<ReturnType<typeof startFakeZalo>>;

const cors = { "Access-Control-Allow-Origin": "*" };

/** 84xxxxxxxxx from 84…, +84… or 0… (for the fake's own lookups; the send API itself wants 84…). */
function to84(phone: string) {
  const p = phone.trim().replace(/^\+/, "");
  return p.startsWith("0") ? `84${p.slice(1)}` : p;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}
