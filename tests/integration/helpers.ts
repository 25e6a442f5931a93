// Calls route loaders and actions the way Remix does: a real Request, a load context.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export const BASE = "http://localhost:3000";

export function formRequest(path: string, fields: Record<string, string>, cookie?: string): Request {
  return new Request(BASE + path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(BASE + path, { headers: cookie ? { Cookie: cookie } : {} });
}

export const context = (ip = "203.0.113.7") => ({ clientIp: ip });

type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => unknown;

/** Runs a loader/action; a thrown Response (redirect, 403…) is returned rather than thrown. */
export async function call(handler: Handler, request: Request, ip?: string, params: Record<string, string> = {}) {
  try {
    return await handler({ request, context: context(ip), params });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** `data(value, init)` from an action: its value and status. */
export function unwrap<T = any>(result: unknown): { status: number; value: T } {
  const r = result as { type?: string; data: T; init?: { status?: number } | null };
  if (r && r.type === "DataWithResponseInit") return { status: r.init?.status ?? 200, value: r.data };
  throw new Error(`not a data() result: ${result instanceof Response ? `Response ${result.status}` : JSON.stringify(result)}`);
}

/** "cn_session=abc; Path=/; …" -> "cn_session=abc" (what a browser sends back). */
export function cookieFrom(response: Response, name = "cn_session"): string {
  const all = response.headers.getSetCookie();
  const line = all.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${JSON.stringify(all)}`);
  return line.split(";")[0];
}

/** A logged-in browser's cookie for this user, made by the real session module (no log-in form). */
export async function sessionCookieFor(userId: string): Promise<string> {
  const { createSession, commitSessionCookie } = await import("~/modules/auth/session.server");
  const { token } = await createSession({ userId });
  return (await commitSessionCookie(token)).split(";")[0];
}
