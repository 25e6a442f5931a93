// Request bodies are bounded by the app itself (ADR 011), before Remix or anything else reads one.
// server.js takes this middleware from the build (like securityMiddleware), and the Vite dev
// server loads it too (vite.config.ts). Nothing is buffered here:
//   - a declared Content-Length over the limit is answered 413 at once, without reading the body
//     (Node's parser never delivers more than the declared length, so one within it is left alone);
//   - a body without Content-Length (chunked) is counted as it arrives, on its way to Remix, and
//     refused the moment it passes the limit: the reader (Remix) gets a BodyTooLarge error, the
//     visitor a 413, and whatever Remix answers afterwards goes nowhere.
// After a 413 the rest of the body is read and dropped for a few seconds (so that a browser or a
// proxy still sending gets the answer instead of a reset), then the connection is closed.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isLocale, type Locale } from "~/modules/i18n/i18n";
import { localeCookie } from "~/modules/i18n/i18next.server";
import { en } from "~/modules/i18n/locales/en";
import { vi } from "~/modules/i18n/locales/vi";
import { env, type Env } from "~/utils/env.server";

const KB = 1024;
const MB = 1024 * 1024;
/** How long the rest of a refused body is read (and dropped) before the connection is closed. */
const LINGER_MS = 5_000;

/**
 * form: every form post, JSON and single-fetch action (the longest text field, a farm's story of
 * 3,000 characters, is under 30 KB even percent-encoded); upload: a multipart post to a route that
 * takes photos (8 photos of 15 MB, media/validate.server.ts) or a household list; webhook: the payment and message
 * providers' notifications (a few KB each).
 */
export type BodyClass = "form" | "upload" | "webhook";
export type BodyLimits = Record<BodyClass, number>;

export function bodyLimitsFromEnv(e: Pick<Env, "BODY_LIMIT_FORM_KB" | "BODY_LIMIT_WEBHOOK_KB" | "BODY_LIMIT_UPLOAD_MB">): BodyLimits {
  return { form: e.BODY_LIMIT_FORM_KB * KB, upload: e.BODY_LIMIT_UPLOAD_MB * MB, webhook: e.BODY_LIMIT_WEBHOOK_KB * KB };
}

/**
 * The routes whose action reads files with parseUpload: photos, and a household list (ADR 017)
 * (body-limit.test.ts keeps this in step with app/routes).
 */
const UPLOAD_ROUTES = /^\/(?:seller\/(?:farms\/[^/]+\/(?:photos|certifications)|products\/[^/]+)|onboarding\/import)(?:\.data)?\/?$/i;
const WEBHOOKS = /^\/resources\/webhooks\//i;

/** `pathname` as Remix routes it (dot segments resolved, each segment decoded). */
export function bodyClassOf(pathname: string, contentType: string | undefined): BodyClass {
  if (WEBHOOKS.test(pathname)) return "webhook";
  if (UPLOAD_ROUTES.test(pathname) && /^\s*multipart\/form-data\b/i.test(contentType ?? "")) return "upload";
  return "form";
}

/** The path Remix will route for this request line: built as @remix-run/express builds its URL, then decoded per segment as React Router does. */
export function routedPath(rawUrl: string): string {
  let pathname: string;
  try {
    pathname = new URL(`http://localhost${rawUrl.startsWith("/") ? "" : "/"}${rawUrl}`).pathname;
  } catch {
    return "/";
  }
  return pathname
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment).replaceAll("/", "%2F");
      } catch {
        return segment;
      }
    })
    .join("/");
}

export function formatSize(bytes: number): string {
  return bytes >= MB && bytes % MB === 0 ? `${bytes / MB} MB` : `${Math.round(bytes / KB)} KB`;
}

/**
 * What a reader of a refused body gets (request.formData(), parseUpload, request.text()…): a thrown
 * 413 response, which Remix handles like any thrown response (no error logged, no error page to
 * log either); the visitor has had the real 413 by then, and nothing Remix answers goes out.
 */
export class BodyTooLarge extends Response {
  constructor(readonly limit: number) {
    super(`request body over ${formatSize(limit)}`, { status: 413, statusText: "Payload Too Large", headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export function isBodyTooLarge(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (e instanceof BodyTooLarge) return true;
  return false;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The 413 answer: in the visitor's language, no script, no inline style. */
export function tooLargeRefusal(locale: Locale, wantsHtml: boolean, limit: number): { contentType: string; body: string } {
  const text = (locale === "en" ? en : vi).security;
  const message = text.tooLargeText.replace("{{limit}}", formatSize(limit));
  if (!wantsHtml) return { contentType: "text/plain; charset=utf-8", body: `${text.tooLargeTitle}. ${message}\n` };
  const body = `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.tooLargeTitle)} — Chợ Nông</title></head>
<body><main><h1>${escapeHtml(text.tooLargeTitle)}</h1><p>${escapeHtml(message)}</p>
<p><a href="/">${escapeHtml(text.backHome)}</a></p></main></body></html>
`;
  return { contentType: "text/html; charset=utf-8", body };
}

type NodeRequest = IncomingMessage & { originalUrl?: string };
type Next = (error?: unknown) => void;

/** As securityMiddleware decides it: `?lng=`, then the `lng` cookie, else Vietnamese. */
async function localeOf(req: NodeRequest, rawUrl: string): Promise<Locale> {
  const asked = new URL(`http://localhost${rawUrl.startsWith("/") ? "" : "/"}${rawUrl}`).searchParams.get("lng");
  if (isLocale(asked)) return asked;
  const remembered: unknown = await localeCookie.parse(req.headers.cookie ?? null).catch(() => null);
  return isLocale(remembered) ? remembered : "vi";
}

/** HTML unless the client asked only for other types (the 403 of securityMiddleware does the same with req.accepts). */
function wantsHtml(accept: string | undefined): boolean {
  return !accept || /text\/html|text\/\*|\*\/\*/i.test(accept);
}

/** Middleware for server.js (Express) and the Vite dev server (Connect): plain Node request and response. */
export function bodyLimitMiddleware(limits: BodyLimits = bodyLimitsFromEnv(env)) {
  return (req: NodeRequest, res: ServerResponse, next: Next): void => {
    if (req.method === "GET" || req.method === "HEAD") return next(); // Remix never reads their bodies
    const rawUrl = req.originalUrl ?? req.url ?? "/";
    const pathname = routedPath(rawUrl);
    const kind = bodyClassOf(pathname, req.headers["content-type"]);
    const limit = limits[kind];
    const log = () => console.warn(`refused ${req.method} ${pathname}: body over ${formatSize(limit)} (${kind})`);

    const declared = req.headers["content-length"];
    if (declared !== undefined) {
      if (Number(declared) <= limit) return next();
      log();
      void localeOf(req, rawUrl).then((locale) => refuse(req, res, locale, limit), next);
      return;
    }

    // Chunked: counted on its way to Remix. The language is known long before a limit is reached.
    let locale: Locale = "vi";
    void localeOf(req, rawUrl).then(
      (l) => (locale = l),
      () => {},
    );
    countBody(req, limit, () => {
      log();
      if (res.headersSent) {
        req.socket.destroy(); // already answering (Remix did not wait for the body): cut it short
        return;
      }
      refuse(req, res, locale, limit);
      silence(res);
    });
    next();
  };
}

/** Answers 413 now, synchronously; then reads and drops what is still coming, for a while. */
function refuse(req: NodeRequest, res: ServerResponse, locale: Locale, limit: number): void {
  const page = tooLargeRefusal(locale, wantsHtml(req.headers.accept), limit);
  res.statusCode = 413;
  res.setHeader("Content-Type", page.contentType);
  res.setHeader("Content-Length", Buffer.byteLength(page.body));
  res.setHeader("Cache-Control", "no-store");
  linger(req);
  res.end(page.body);
}

/**
 * A lingering close. Node would close a connection that is not kept alive ("Connection: close", as
 * nginx talks to its upstreams by default) the moment the answer is out, with body bytes still
 * arriving: the peer gets a reset and may lose the answer (nginx turns it into a 502). Instead the
 * answer goes out with a FIN and the rest of the body is read and dropped (Node drops an unread
 * body; countBody drops the rest of a read one) until it ends or LINGER_MS passes.
 */
function linger(req: NodeRequest): void {
  if (req.complete) return;
  const socket = req.socket;
  const destroySoon = socket.destroySoon.bind(socket);
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
  };
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  req.once("end", () => {
    clearTimeout(timer);
    socket.destroySoon = destroySoon;
    if (socket.writableEnded) socket.destroy(); // all read: nothing left to reset the connection
  });
}

/**
 * Counts the bytes Node's HTTP parser hands to the request (IncomingMessage#push, where a body
 * enters the stream Remix reads); past `limit`, drops them instead, fails the reader, calls `over`.
 */
function countBody(req: NodeRequest, limit: number, over: () => void): void {
  let received = 0;
  let refused = false;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk === null || chunk === undefined) return push(chunk, encoding);
    if (refused) return true; // keep reading, keep nothing
    received += (chunk as Buffer).length;
    if (received <= limit) return push(chunk, encoding);
    refused = true;
    over();
    fail(req, new BodyTooLarge(limit));
    req.resume(); // what Remix had not taken yet goes too (its reader has failed), and "end" can come
    return true;
  };
}

/** The reader of the body (Remix's stream listens for "error") fails now, or as soon as it starts listening. */
function fail(req: NodeRequest, error: BodyTooLarge): void {
  if (req.listenerCount("error") > 0) {
    req.emit("error", error);
    return;
  }
  const whenListened = (event: string | symbol) => {
    if (event !== "error") return;
    req.off("newListener", whenListened);
    process.nextTick(() => req.emit("error", error));
  };
  req.on("newListener", whenListened);
}

/** From now on this response ignores its writers (Remix answering after its body read failed): the 413 has gone. */
function silence(res: ServerResponse): void {
  const done = (args: unknown[]) => {
    const callback = args.find((a) => typeof a === "function") as (() => void) | undefined;
    if (callback) process.nextTick(callback);
  };
  const quiet: Record<string, unknown> = {
    // Node's, and Express's own (whose append throws on a header already sent)
    append: () => res,
    set: () => res,
    header: () => res,
    setHeader: () => res,
    appendHeader: () => res,
    removeHeader: () => {},
    writeHead: () => res,
    flushHeaders: () => {},
    write: (...args: unknown[]) => (done(args), true),
    end: (...args: unknown[]) => (done(args), res),
  };
  Object.assign(res, quiet);
}
