import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by server.js: the socket's address, or behind TRUST_PROXY=n proxies the one the nearest proxy saw (ADR 011). */
    clientIp?: string;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function clientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? "unknown";
}

/**
 * The posted form. A body that is not one (JSON, plain text, a multipart body cut short or without
 * its boundary) is the sender's mistake: a 415 or 400 Response, where request.formData()'s
 * TypeError would have been a 500. NUL characters are dropped from the values: no field means one,
 * and PostgreSQL refuses them in any query (a NUL in an id was a 500). Every action reads its form
 * through this.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (request.bodyUsed) return request.formData(); // a bug of ours, not the sender's: let it fail as such
  let form: FormData;
  try {
    form = await request.formData();
  } catch (e) {
    const answered = responseIn(e); // a body refused on its way in (body-limit.server.ts: 413)
    if (answered) throw answered;
    if (!(e instanceof TypeError)) throw e;
    const isForm = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(request.headers.get("Content-Type") ?? "");
    throw new Response(isForm ? "Bad Request: the form could not be read" : "Unsupported Media Type: send a form", { status: isForm ? 400 : 415 });
  }
  return withoutNul(form);
}

/** A Response thrown while a body was read (itself, or the cause of the reader's error), if any. */
export function responseIn(error: unknown): Response | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (e instanceof Response) return e;
  return null;
}

/** The form with NUL characters dropped from its names and text values (files untouched). */
export function withoutNul(form: FormData): FormData {
  const entries = [...form];
  if (!entries.some(([name, value]) => name.includes("\0") || (typeof value === "string" && value.includes("\0")))) return form;
  const clean = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === "string") clean.append(name.replaceAll("\0", ""), value.replaceAll("\0", ""));
    else clean.append(name.replaceAll("\0", ""), value);
  }
  return clean;
}

/**
 * A JSON request body as data the database can hold: NUL dropped and lone surrogate halves (which
 * "\ud800" escapes produce) made U+FFFD in every string. Throws SyntaxError like JSON.parse.
 */
export function parseJsonBody(raw: string): unknown {
  return JSON.parse(raw, (_key, value: unknown) => (typeof value === "string" ? value.replaceAll("\0", "").replace(LONE_SURROGATE, "\uFFFD") : value));
}

/** Throws a Response (caught by the nearest ErrorBoundary) when `condition` is falsy. */
export function invariantResponse(condition: unknown, message: string, init?: ResponseInit): asserts condition {
  if (!condition) throw new Response(message, { status: 400, ...init });
}

/**
 * Only same-site paths: "/farms/x" yes; "//evil.example", "https://evil.example", "/\\evil" no.
 * Used for every redirect that takes its target from the request.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/\p{Cc}/u.test(to)) return fallback; // control characters, tabs and line breaks among them
  // a Location header carries bytes: beyond ASCII goes percent-encoded, as a browser would send it
  return to.replace(/[^\u0020-\u007e]+/g, (s) => encodeURIComponent(s.replace(LONE_SURROGATE, "\uFFFD")));
}
