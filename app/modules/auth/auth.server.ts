// Log-in, log-out and the request guards every loader and action uses. Sign-up, password reset
// and phone changes need a code and span modules: app/flows/account.server.ts.
import { redirect } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { safeRedirect } from "~/utils/http.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { hasPermission, type Permission } from "./permissions";
import { loginGuard } from "./login-limits.server";
import type { Identifier, LoginInput } from "./schemas";
import {
  clearSessionCookie,
  commitSessionCookie,
  createSession,
  invalidateAllSessions,
  invalidateSession,
  readSessionToken,
  sessionIdFromToken,
  validateSessionToken,
  type SessionUser,
  type SessionWithUser,
} from "./session.server";

/**
 * `previousToken`: the session cookie this browser sent, ended when a new session replaces it.
 * `cookieHeader`: the request's cookies (the device cookie, which log-in limits read).
 */
export type Meta = { ip: string; userAgent?: string | null; previousToken?: string | null; cookieHeader?: string | null };

/** What log-in and sign-up need to know about the request. */
export async function requestMeta(request: Request, ip: string): Promise<Meta> {
  return { ip, userAgent: request.headers.get("User-Agent"), previousToken: await readSessionToken(request), cookieHeader: request.headers.get("Cookie") };
}

/**
 * Every log-in and sign-up starts a new session with a new token: a session id the browser (or
 * an attacker who planted it) had before is never reused, and its row is deleted.
 */
export async function replaceSession(userId: string, meta: Meta): Promise<string> {
  if (meta.previousToken) await invalidateSession(sessionIdFromToken(meta.previousToken));
  const { token } = await createSession({ userId, userAgent: meta.userAgent });
  return commitSessionCookie(token);
}

export const identifierWhere = (id: Identifier) => (id.kind === "phone" ? { phone: id.value } : { email: id.value });

export type LoginResult =
  /** `deviceCookie`: this browser becomes (or stays) a known device of the account (login-limits.server.ts) */
  | { ok: true; user: SessionUser; cookie: string; deviceCookie: string }
  | { ok: false; error: "invalidCredentials" }
  | { ok: false; error: "tooManyAttempts"; retryAfterMs: number };

export type CredentialsResult =
  | { ok: true; user: SessionUser & { phoneVerifiedAt: Date | null; emailVerifiedAt: Date | null }; deviceCookie: string }
  | Extract<LoginResult, { ok: false }>;

/**
 * The password check of a log-in, with its counters (ADR 003); no session yet. The log-in itself
 * — this, then invitations, then the session — is app/flows/account.server.ts `logIn`.
 */
export async function checkCredentials(input: Pick<LoginInput, "identifier" | "password">, meta: Meta): Promise<CredentialsResult> {
  const user = await db.user.findFirst({
    where: identifierWhere(input.identifier),
    select: { id: true, name: true, role: true, email: true, phone: true, locale: true, passwordHash: true, phoneVerifiedAt: true, emailVerifiedAt: true },
  });
  // which counters apply depends on who asks: a known device of this account, or any other (ADR 003)
  const guard = await loginGuard({ identifier: input.identifier.value, account: user, ip: meta.ip, cookieHeader: meta.cookieHeader });
  const wait = await guard.wait();
  if (wait > 0) return { ok: false, error: "tooManyAttempts", retryAfterMs: wait };

  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !valid) {
    await guard.failed();
    return { ok: false, error: "invalidCredentials" };
  }
  const deviceCookie = await guard.succeeded();
  const { passwordHash: _omit, ...checked } = user;
  return { ok: true, user: checked, deviceCookie };
}

// One session lookup per request, however many loaders ask.
const perRequest = new WeakMap<Request, Promise<SessionWithUser | null>>();

export function getSession(request: Request): Promise<SessionWithUser | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = readSessionToken(request).then((token) => (token ? validateSessionToken(token) : null));
    perRequest.set(request, pending);
  }
  return pending;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

/** Anonymous visitors are sent to log in, then back to where they were. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = safeRedirect(url.pathname + url.search, "/");
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** The guard every protected loader and every mutation calls: 403 when the role lacks it. */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasPermission(user, permission)) {
    throw new Response("Forbidden", { status: 403 });
  }
  return user;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect("/");
}

/** Ends this session; returns the Set-Cookie value that clears the cookie. */
export async function logout(request: Request): Promise<string> {
  const session = await getSession(request);
  if (session) await invalidateSession(session.id);
  return clearSessionCookie();
}

export async function logoutEverywhere(userId: string): Promise<string> {
  await invalidateAllSessions(userId);
  return clearSessionCookie();
}

export async function updateLocale(userId: string, locale: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } });
}
