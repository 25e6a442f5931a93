// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
// logged in to an account keeps a signed token for that account, and later log-ins to that account
// from it are limited per device instead of by the counter that unknown devices share. Strangers
// guessing a farmer's (public) phone number can slow down unknown devices, never the owner's own
// phone. ADR 003.
//
// `cn_device` holds up to five entries (a family shares one phone), one per account:
// `<nonce>.<day>.<signature>`, where the signature is HMAC-SHA256 over the account's id, its
// current password hash, the nonce and the day it was issued, under a key made once and kept in the
// database (AppSecret "device-cookie"). Nothing in it names the account; an entry is only checked
// against the account being logged in to, so another account's entry, an edited one, one older
// than 180 days or one issued before the password last changed is just an unknown device.
import { randomBytes } from "node:crypto";
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256, sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createCookie } from "@remix-run/node";
import { db, Prisma } from "~/utils/db.server";
import { secureCookies } from "~/utils/env.server";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a device stays known after its last log-in (the cookie's Max-Age, and checked on the server). */
export const DEVICE_DAYS = 180;
/** Accounts remembered per browser: a shared family phone; the oldest entry goes first. */
export const DEVICE_ACCOUNTS = 5;

export const deviceCookie = createCookie("cn_device", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: secureCookies,
  maxAge: DEVICE_DAYS * 24 * 60 * 60,
});

type Entry = { nonce: string; day: number; sig: string };
/** The account an entry is checked against: its signature covers both. */
export type DeviceAccount = { id: string; passwordHash: string };

const ENTRY = /^([a-z2-7]{26})\.(\d{1,7})\.([a-z2-7]{52})$/;

const today = (now: Date) => Math.floor(now.getTime() / DAY_MS);

let cachedKey: Promise<Uint8Array> | null = null;

function deviceKey(): Promise<Uint8Array> {
  return (cachedKey ??= loadOrCreateKey().catch((e: unknown) => {
    cachedKey = null;
    throw e;
  }));
}

async function loadOrCreateKey(): Promise<Uint8Array> {
  const stored = await db.appSecret.findUnique({ where: { key: "device-cookie" }, select: { value: true } });
  if (stored) return decodeHex(stored.value);
  const fresh = randomBytes(32);
  try {
    await db.appSecret.create({ data: { key: "device-cookie", value: encodeHexLowerCase(fresh) } });
    return new Uint8Array(fresh);
  } catch (e) {
    // another process made it first: use theirs
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return loadOrCreateKey();
    throw e;
  }
}

/** Tests: forget the key read from the database. */
export function resetDeviceKey(): void {
  cachedKey = null;
}

async function sign(account: DeviceAccount, nonce: string, day: number): Promise<string> {
  const message = new TextEncoder().encode(`cn_device:v1\n${account.id}\n${account.passwordHash}\n${nonce}\n${day}`);
  return encodeBase32LowerCaseNoPadding(hmac(SHA256, await deviceKey(), message));
}

/** A keyed hash of `text`: a database key that cannot be turned back into what it was made from. */
export async function keyedTag(text: string): Promise<string> {
  return encodeHexLowerCase(hmac(SHA256, await deviceKey(), new TextEncoder().encode(`tag\n${text}`)));
}

/** The entries of the browser's `cn_device` cookie (malformed ones dropped). */
export async function readDeviceEntries(cookieHeader: string | null | undefined): Promise<Entry[]> {
  const value: unknown = await deviceCookie.parse(cookieHeader ?? null).catch(() => null);
  if (typeof value !== "string") return [];
  return value
    .split("~")
    .slice(0, DEVICE_ACCOUNTS)
    .flatMap((raw) => {
      const m = ENTRY.exec(raw);
      return m ? [{ nonce: m[1], day: Number(m[2]), sig: m[3] }] : [];
    });
}

const current = (e: Entry, now: Date) => e.day <= today(now) + 1 && today(now) - e.day < DEVICE_DAYS;

async function isFor(e: Entry, account: DeviceAccount): Promise<boolean> {
  const expected = new TextEncoder().encode(await sign(account, e.nonce, e.day));
  return constantTimeEqual(expected, new TextEncoder().encode(e.sig));
}

/**
 * The id of this browser as a known device of `account` (a hash of its nonce: what its counter is
 * kept under), or null when it is an unknown device for that account.
 */
export async function knownDeviceId(entries: Entry[], account: DeviceAccount | null, now = new Date()): Promise<string | null> {
  if (!account) return null;
  for (const e of entries) {
    if (current(e, now) && (await isFor(e, account))) return encodeHexLowerCase(sha256(new TextEncoder().encode(e.nonce)));
  }
  return null;
}

/**
 * Set-Cookie after a successful log-in: this account's entry first, re-signed today (the same
 * nonce when the browser already had one), then the browser's other accounts, at most five.
 */
export async function deviceCookieAfterLogin(entries: Entry[], account: DeviceAccount, now = new Date()): Promise<string> {
  const mine: Entry[] = [];
  const others: Entry[] = [];
  for (const e of entries) {
    if (!current(e, now)) continue;
    if (await isFor(e, account)) mine.push(e);
    else others.push(e);
  }
  const nonce = mine[0]?.nonce ?? encodeBase32LowerCaseNoPadding(randomBytes(16));
  const day = today(now);
  const entry = `${nonce}.${day}.${await sign(account, nonce, day)}`;
  const kept = others.slice(0, DEVICE_ACCOUNTS - 1).map((e) => `${e.nonce}.${e.day}.${e.sig}`);
  return deviceCookie.serialize([entry, ...kept].join("~"));
}
