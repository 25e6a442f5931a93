// Log-in, log-out and the request guards every loader and action uses. Sign-up, password reset
// and phone changes need a code and span modules: app/flows/account.server.ts.
import { redirect } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { safeRedirect } from "~/utils/http.server";
import { acceptInvites } from "~/modules/farms/farms.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { hasPermission, type Permission } from "./permissions";
import { clearHits, LIMITS, recordHit, retryAfterMs } from "./rate-limit.server";
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

/** `previousToken`: the session cookie this browser sent, ended when a new session replaces it. */
export type Meta = { ip: string; userAgent?: string | null; previousToken?: string | null };

/** What log-in and sign-up need to know about the request. */
export async function requestMeta(request: Request, ip: string): Promise<Meta> {
  return { ip, userAgent: request.headers.get("User-Agent"), previousToken: await readSessionToken(request) };
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
  | { ok: true; user: SessionUser; cookie: string }
  | { ok: false; error: "invalidCredentials" }
  | { ok: false; error: "tooManyAttempts"; retryAfterMs: number };

export async function login(input: Pick<LoginInput, "identifier" | "password">, meta: Meta): Promise<LoginResult> {
  const ipKey = `login:ip:${meta.ip}`;
  const accountKey = `login:acct:${input.identifier.value}`;
  const wait = Math.max(
    await retryAfterMs(ipKey, LIMITS.loginPerIp),
    await retryAfterMs(accountKey, LIMITS.loginPerAccount),
  );
  if (wait > 0) return { ok: false, error: "tooManyAttempts", retryAfterMs: wait };

  const user = await db.user.findFirst({
    where: identifierWhere(input.identifier),
    select: { id: true, name: true, role: true, email: true, phone: true, locale: true, passwordHash: true, phoneVerifiedAt: true, emailVerifiedAt: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !valid) {
    await recordHit(ipKey, LIMITS.loginPerIp);
    await recordHit(accountKey, LIMITS.loginPerAccount);
    return { ok: false, error: "invalidCredentials" };
  }
  await clearHits(accountKey);
  // invitations to an address this account has proven (ADR 014)
  const invited = await acceptInvites({ userId: user.id, phone: user.phoneVerifiedAt ? user.phone : null, email: user.emailVerifiedAt ? user.email : null });
  if (invited && user.role === "BUYER") user.role = "FARMER";
  const { passwordHash: _omit, phoneVerifiedAt: _p, emailVerifiedAt: _e, ...sessionUser } = user;
  return { ok: true, user: sessionUser, cookie: await replaceSession(user.id, meta) };
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
