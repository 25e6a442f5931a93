// Sessions the Lucia way (lucia-auth.com/sessions): a random token lives only in the cookie; the
// database keeps sha256(token) as the session id, so a leaked database cannot be replayed as
// cookies. Expiry slides: a session used in its second half is extended to the full length.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createCookie } from "@remix-run/node";
import { db, hotRead, type Tx } from "~/utils/db.server";
import { env, secureCookies } from "~/utils/env.server";

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LENGTH_MS = env.SESSION_DAYS * DAY;

export const sessionCookie = createCookie("cn_session", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: secureCookies,
  // As long as the session: a cookie outliving its session only carries a dead token. The sliding
  // renewal sends it again (renewedSessionCookie), so an active person stays signed in.
  maxAge: Math.round(SESSION_LENGTH_MS / 1000),
});

/** Sessions renewed by this process whose cookie the response has yet to extend (token → new expiry). */
const renewals = new Map<string, Date>();

/** The Set-Cookie value that extends this request's session cookie, if its session was just renewed. */
export async function renewedSessionCookie(request: Request): Promise<string | null> {
  if (!renewals.size) return null;
  const token = await readSessionToken(request);
  if (!token || !renewals.delete(token)) return null;
  return commitSessionCookie(token);
}

export type SessionUser = { id: string; name: string; role: string; email: string | null; phone: string | null; locale: string };
export type SessionWithUser = { id: string; expiresAt: Date; user: SessionUser };

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession({ userId, userAgent, now = new Date() }: { userId: string; userAgent?: string | null; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_LENGTH_MS);
  await db.session.create({
    data: { id: sessionIdFromToken(token), userId, expiresAt, userAgent: userAgent?.slice(0, 200) ?? null },
  });
  return { token, expiresAt };
}

export async function validateSessionToken(token: string, now = new Date()): Promise<SessionWithUser | null> {
  const id = sessionIdFromToken(token);
  // Every signed-in request runs this: one plain SQL statement, same text on both engines
  // (hotRead, ADR 013).
  const [found] = await hotRead<{ id: string; expiresAt: Date | string; userId: string; name: string; role: string; email: string | null; phone: string | null; locale: string }>`
    SELECT s."id", s."expiresAt", u."id" AS "userId", u."name", u."role", u."email", u."phone", u."locale"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${id}`;
  if (!found) return null;
  const row: SessionWithUser = {
    id: found.id,
    expiresAt: new Date(found.expiresAt),
    user: { id: found.userId, name: found.name, role: found.role, email: found.email, phone: found.phone, locale: found.locale },
  };
  if (now.getTime() >= row.expiresAt.getTime()) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() >= row.expiresAt.getTime() - SESSION_LENGTH_MS / 2) {
    row.expiresAt = new Date(now.getTime() + SESSION_LENGTH_MS);
    await db.session.updateMany({ where: { id }, data: { expiresAt: row.expiresAt } });
    renewals.set(token, row.expiresAt);
    if (renewals.size > 10_000) renewals.delete(renewals.keys().next().value!); // bounded: the oldest waits for its next renewal
  }
  return row;
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function invalidateAllSessions(userId: string): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}

/**
 * A user gained or lost privileges (a role change, a farm membership): every session they have is
 * ended, inside the transaction that changes them, so no session that predates the change (on a
 * shared phone, or one an attacker planted) carries the new powers. ADR 011.
 */
export async function endSessionsAfterPrivilegeChange(tx: Tx, userId: string): Promise<void> {
  await tx.session.deleteMany({ where: { userId } });
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[a-z2-7]{32}$/.test(value) ? value : null;
}

export function commitSessionCookie(token: string): Promise<string> {
  return sessionCookie.serialize(token);
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0 });
}
