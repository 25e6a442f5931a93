// The VAPID key pair Web Push messages are signed with: VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY from
// the environment, or, when they are not set, made once at first use and kept in the database
// (AppSecret "vapid"), so every process and every restart signs with the same key — a new key
// would orphan every browser's subscription.
import webpush from "web-push";
import { db, Prisma } from "~/utils/db.server";
import type { VapidKeys } from "./providers/push.server";

let cached: Promise<VapidKeys> | null = null;

function subject(): string {
  // RFC 8292: a mailto: or https: contact for the push service's operators
  return process.env.VAPID_SUBJECT || "mailto:no-reply@chonong.vn";
}

export function vapidKeys(): Promise<VapidKeys> {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = process.env;
  if (publicKey && privateKey) return Promise.resolve({ publicKey, privateKey, subject: subject() });
  return (cached ??= loadOrCreate().catch((e) => {
    cached = null;
    throw e;
  }));
}

async function loadOrCreate(): Promise<VapidKeys> {
  const stored = await db.appSecret.findUnique({ where: { key: "vapid" }, select: { value: true } });
  if (stored) return { ...(JSON.parse(stored.value) as { publicKey: string; privateKey: string }), subject: subject() };
  const fresh = webpush.generateVAPIDKeys();
  try {
    await db.appSecret.create({ data: { key: "vapid", value: JSON.stringify(fresh) } });
    return { ...fresh, subject: subject() };
  } catch (e) {
    // another process made them first: use theirs
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return loadOrCreate();
    throw e;
  }
}

/** Tests: forget the keys read from the database. */
export function resetVapidKeys(): void {
  cached = null;
}
