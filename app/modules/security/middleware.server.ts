// The production server's first middleware (server.js takes it from the build, through
// entry.server.tsx): security headers on every response (documents, resource routes, static
// assets, media, errors) and the same-origin check on every request that may change something,
// before Remix or a static file sees it.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { env } from "~/utils/env.server";
import { isLocale, type Locale } from "~/modules/i18n/i18n";
import { localeCookie } from "~/modules/i18n/i18next.server";
import { en } from "~/modules/i18n/locales/en";
import { vi } from "~/modules/i18n/locales/vi";
import { checkRequestOrigin, isSafeMethod } from "./csrf.server";
import { newNonce, securityConfigFromEnv, securityHeaders, type SecurityConfig } from "./headers.server";
import { describeFailure } from "./log.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This request's CSP nonce, set by securityMiddleware; absent under the Vite dev server. */
    cspNonce?: string;
  }
}

/**
 * The URL exactly as @remix-run/express builds it for Remix (so the webhook exemption is decided
 * on the path Remix will route: `/resources/webhooks/../../account` is `/account`).
 */
export function remixUrl(req: Request): URL | null {
  const portOf = (h: string | undefined) => Number.parseInt(h?.split(":")[1] ?? "", 10);
  const forwarded = portOf(req.get("X-Forwarded-Host"));
  const direct = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwarded) ? forwarded : Number.isSafeInteger(direct) ? direct : "";
  try {
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  } catch {
    return null;
  }
}

async function localeOf(req: Request, url: URL | null): Promise<Locale> {
  const asked = url?.searchParams.get("lng");
  if (isLocale(asked)) return asked;
  const remembered = await localeCookie.parse(req.get("Cookie") ?? null).catch(() => null);
  return isLocale(remembered) ? remembered : "vi";
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The 403 page: in the visitor's language, no script, no inline style. */
export function crossSiteRefusal(locale: Locale, wantsHtml: boolean): { contentType: string; body: string } {
  const text = (locale === "en" ? en : vi).security;
  if (!wantsHtml) return { contentType: "text/plain; charset=utf-8", body: `${text.crossSiteTitle}. ${text.crossSiteText}\n` };
  const body = `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.crossSiteTitle)} — Chợ Nông</title></head>
<body><main><h1>${escapeHtml(text.crossSiteTitle)}</h1><p>${escapeHtml(text.crossSiteText)}</p>
<p><a href="/">${escapeHtml(text.backHome)}</a></p></main></body></html>
`;
  return { contentType: "text/html; charset=utf-8", body };
}

export function securityMiddleware(config: SecurityConfig = securityConfigFromEnv(env)): RequestHandler {
  return (req, res, next) => {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    const headers = securityHeaders(config, nonce);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Remix copies a response's headers with res.append: a route that sets one of these headers
    // itself (nosniff on media, or a page that may be framed) replaces ours instead of doubling it.
    const owned = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
    const append = res.append.bind(res);
    res.append = ((field: string, value?: string | string[]) =>
      owned.has(field.toLowerCase()) && value !== undefined ? res.setHeader(field, value) : append(field, value)) as Response["append"];

    // "%00" in the address: no page has one, and decoded into a route parameter or a query value it
    // would reach a database query, which PostgreSQL refuses (a 500). Refused here, whatever the method.
    if (/%00/i.test(req.originalUrl)) {
      res.status(400).setHeader("Content-Type", "text/plain; charset=utf-8");
      res.setHeader("Cache-Control", "no-store");
      return void res.end("Bad Request\n");
    }

    if (isSafeMethod(req.method)) return next();
    const url = remixUrl(req);
    const verdict = checkRequestOrigin({ method: req.method, url, origin: req.get("Origin"), referer: req.get("Referer") }, config.publicUrl);
    if (verdict.ok) return next();
    console.warn(`refused ${req.method} ${url?.pathname ?? "(bad url)"}: ${verdict.reason}${req.get("Origin") ? ` from ${req.get("Origin")}` : ""}`);
    void localeOf(req, url).then((locale) => {
      const page = crossSiteRefusal(locale, req.accepts(["text/html", "text/plain"]) === "text/html");
      res.status(403).setHeader("Content-Type", page.contentType);
      res.setHeader("Cache-Control", "no-store");
      res.end(page.body);
    }, next);
  };
}

/** Last in the chain: a failure that escaped Remix is logged without personal data, answered 500. */
export function errorMiddleware(): ErrorRequestHandler {
  return (error, req, res, _next) => {
    console.error(describeFailure(error, { method: req.method, url: req.originalUrl }));
    if (res.headersSent) return res.end();
    res.status(500).setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("Internal Server Error\n");
  };
}
