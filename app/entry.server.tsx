import { PassThrough, Transform } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { i18next, i18nFor } from "~/modules/i18n/i18next.server";
import { newNonce, securityConfigFromEnv, securityHeaders } from "~/modules/security/headers.server";
import { isBodyTooLarge } from "~/modules/security/body-limit.server";
import { describeFailure } from "~/modules/security/log.server";
import { NonceProvider } from "~/modules/security/nonce";
import { env } from "~/utils/env.server";
import { renewedSessionCookie } from "~/modules/auth/session.server";
import { checkHandoff, renderCache } from "~/utils/render-cache.server";
import { noteRender } from "~/utils/cache-stats.server";

// server.js takes its middleware from the build (build.entry.module): headers and the
// same-origin check for every response, static files included (ADR 011); and it starts the
// periodic jobs and disconnects the database at shutdown through it (ADR 012).
export { errorMiddleware, securityMiddleware } from "~/modules/security/middleware.server";
export { bodyLimitMiddleware } from "~/modules/security/body-limit.server";
export { cacheTimingMiddleware } from "~/utils/cache-stats.server";
/** How many proxies server.js trusts for the client's address (`app.set("trust proxy", n)`, ADR 011). */
export const trustProxy: number = env.TRUST_PROXY;
export { redactForLog } from "~/modules/security/log.server";
export { startHousekeeping } from "~/modules/jobs/housekeeping.server";
export { disconnectDb } from "~/utils/db.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // server.js's middleware made this request's nonce and set every header. Under the Vite dev
  // server (no Express in front) the document gets them here, with HMR's relaxations.
  const renewed = await renewedSessionCookie(request);
  if (renewed) responseHeaders.append("Set-Cookie", renewed);
  let nonce = loadContext?.cspNonce;
  if (!nonce) {
    nonce = newNonce();
    for (const [name, value] of Object.entries(securityHeaders(securityConfigFromEnv(env, import.meta.env.DEV), nonce))) responseHeaders.set(name, value);
  }
  // The same URL with the same loader data was rendered a moment ago: the same HTML (ADR 013), and
  // the data is not even encoded for hydration (the HTML has it).
  const cacheKey = renderCache.key(request, responseStatusCode, remixContext.staticHandlerContext);
  let rendered = () => {};
  let keep = false;
  if (cacheKey) {
    let html = renderCache.get(cacheKey, nonce);
    if (html === null) {
      rendered = await renderCache.turn(cacheKey); // another request may be rendering it right now
      html = renderCache.get(cacheKey, nonce);
      if (html !== null) rendered();
    }
    responseHeaders.set("X-Render-Cache", html === null ? "miss" : "hit");
    noteRender(html !== null);
    if (html !== null) {
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      return new Response(html, { headers: responseHeaders, status: responseStatusCode });
    }
    // kept for others only if Remix encoded the data exactly and at once (no class instance, nothing deferred)
    if (remixContext.serverHandoffStream) {
      const checked = await checkHandoff(remixContext.serverHandoffStream);
      remixContext.serverHandoffStream = checked.handoff; // the page reads its own copy of the data
      keep = checked.exact;
    }
    if (!keep) {
      renderCache.refuse(cacheKey); // requests waiting for this rendering, and the next ones, render at once
      rendered();
    }
  }
  const instance = await i18nFor(await i18next.getLocale(request));

  // Crawlers and link previews (Zalo, Facebook) get the whole document at once.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = cacheKey && keep ? keepFor(cacheKey, nonce, () => responseStatusCode === 200, rendered) : new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          rendered();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(describeFailure(error, request));
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** Data requests (client-side navigation): a renewed session's cookie is extended here too. */
export async function handleDataRequest(response: Response, { request }: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> {
  const renewed = await renewedSessionCookie(request);
  if (renewed) response.headers.append("Set-Cookie", renewed);
  return response;
}

/** A pass-through that keeps what went through it for the render cache, if it ended well. */
function keepFor(key: string, nonce: string, succeeded: () => boolean, done: () => void): Transform {
  const chunks: Buffer[] = [];
  const stream = new Transform({
    transform(chunk: Buffer | string, _encoding, next) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      next(null, chunk);
    },
    flush(callback) {
      if (succeeded()) renderCache.set(key, Buffer.concat(chunks), nonce);
      done();
      callback();
    },
  });
  stream.once("close", done); // aborted or failed: whoever waits renders it
  return stream;
}

/** Errors of loaders, actions and rendering: logged without personal data or credentials. */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // "No route matches" and the like arrive wrapped in an error response
  const cause = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  // the visitor already has the 413 (bodyLimitMiddleware): the action only failed to read on (in
  // case an action wrapped that thrown 413 in an error of its own)
  if (isBodyTooLarge(cause ?? error)) return;
  console.error(describeFailure(cause ?? error, request));
}
