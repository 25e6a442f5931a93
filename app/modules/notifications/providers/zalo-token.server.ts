// Zalo Official Account tokens. An access token lives 25 hours; it is renewed with the refresh
// token, which works ONCE and is replaced by a new one at every renewal (Zalo's OA authorisation
// docs). So the current pair is kept in the database (AppSecret "zalo.oauth"), shared by every
// process, and a renewal is claimed first (compare-and-set on `version`): two processes that find
// the token expired at once renew it once, and the other reads the new pair. The environment's
// ZALO_REFRESH_TOKEN seeds the pair, and seeds it again when the operator puts a new one there
// (after re-authorising the app).
import { db, Prisma } from "~/utils/db.server";
import { fetchWithTimeout } from "../sender.server";

/** `renewingUntil`: a process is asking Zalo for a new pair; the others wait for it until then. */
type Pair = { accessToken: string; refreshToken: string; seed: string; renewingUntil?: number };
export type ZaloAuthConfig = { appId: string; appSecret: string; oauthBase: string; accessToken?: string; refreshToken: string };

const KEY = "zalo.oauth";

async function readPair(config: ZaloAuthConfig): Promise<{ pair: Pair; version: number }> {
  const row = await db.appSecret.findUnique({ where: { key: KEY }, select: { value: true, version: true } });
  const stored = row ? (JSON.parse(row.value) as Pair) : null;
  if (stored && stored.seed === config.refreshToken) return { pair: stored, version: row!.version };
  const pair: Pair = { accessToken: config.accessToken ?? "", refreshToken: config.refreshToken, seed: config.refreshToken };
  try {
    if (row) {
      const { count } = await db.appSecret.updateMany({ where: { key: KEY, version: row.version }, data: { value: JSON.stringify(pair), version: row.version + 1 } });
      if (count !== 1) return readPair(config);
      return { pair, version: row.version + 1 };
    }
    await db.appSecret.create({ data: { key: KEY, value: JSON.stringify(pair), version: 0 } });
    return { pair, version: 0 };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return readPair(config);
    throw e;
  }
}

// The token this process last read or made, for a minute: every ZNS send needs it, and a token
// another process has since replaced is answered -124, which leads to renewAccessToken (the
// database's pair) anyway. Concurrent first sends share one read.
let known: { seed: string; at: number; token: Promise<string> } | null = null;

export function currentAccessToken(config: ZaloAuthConfig): Promise<string> {
  if (known && known.seed === config.refreshToken && Date.now() - known.at < 60_000) return known.token;
  const token = readPair(config).then((p) => p.pair.accessToken);
  known = { seed: config.refreshToken, at: Date.now(), token };
  token.catch(() => {
    if (known?.token === token) known = null;
  });
  return token;
}

/** Tests: forget the token this process knows. */
export function forgetZaloToken(): void {
  known = null;
}

let renewing: Promise<string> | null = null;

/**
 * A new access token, given the one Zalo just refused. If another process renewed it meanwhile,
 * its token; otherwise this process claims the renewal and asks Zalo. Throws when Zalo refuses
 * (the refresh token expired or was used elsewhere: the operator must authorise the app again).
 */
export function renewAccessToken(config: ZaloAuthConfig, refused: string): Promise<string> {
  return (renewing ??= renew(config, refused)
    .then((token) => {
      known = { seed: config.refreshToken, at: Date.now(), token: Promise.resolve(token) };
      return token;
    })
    .finally(() => {
      renewing = null;
    }));
}

async function renew(config: ZaloAuthConfig, refused: string, tries = 0): Promise<string> {
  const { pair, version } = await readPair(config);
  if (pair.accessToken && pair.accessToken !== refused) return pair.accessToken; // renewed elsewhere
  const wait = async () => {
    if (tries > 100) throw new Error("Zalo token renewal: another process is still renewing");
    await new Promise((r) => setTimeout(r, 100));
    return renew(config, refused, tries + 1);
  };
  if (pair.renewingUntil && pair.renewingUntil > Date.now()) return wait();
  // claim: whoever marks the pair first renews it; the others wait for the new pair
  const claimed: Pair = { ...pair, renewingUntil: Date.now() + 15_000 };
  const claim = await db.appSecret.updateMany({ where: { key: KEY, version }, data: { value: JSON.stringify(claimed), version: version + 1 } });
  if (claim.count !== 1) return wait();
  let body: { access_token?: string; refresh_token?: string; error?: number; error_description?: string } = {};
  let status = 0;
  try {
    const response = await fetchWithTimeout(`${config.oauthBase}/v4/oa/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", secret_key: config.appSecret },
      body: new URLSearchParams({ refresh_token: pair.refreshToken, app_id: config.appId, grant_type: "refresh_token" }).toString(),
    });
    status = response.status;
    body = (await response.json().catch(() => ({}))) as typeof body;
  } finally {
    if (!body.access_token || !body.refresh_token) {
      // nothing changed at Zalo (or we cannot know): give the claim back
      await db.appSecret.updateMany({ where: { key: KEY, version: version + 1 }, data: { value: JSON.stringify(pair), version: version + 2 } });
    }
  }
  if (!body.access_token || !body.refresh_token) {
    throw new Error(`Zalo token renewal refused: ${body.error ?? status} ${body.error_description ?? ""}`.trim());
  }
  const next: Pair = { accessToken: body.access_token, refreshToken: body.refresh_token, seed: pair.seed };
  await db.appSecret.updateMany({ where: { key: KEY, version: version + 1 }, data: { value: JSON.stringify(next), version: version + 2 } });
  return next.accessToken;
}
