import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by server.js from the socket (or the proxy's X-Forwarded-For when TRUST_PROXY=1). */
    clientIp?: string;
  }
}

export function clientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? "unknown";
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
  if (/[\r\n\t]/.test(to)) return fallback;
  return to;
}
