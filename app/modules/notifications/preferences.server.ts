// A person's choices: which channels for each topic of message, and quiet hours (ADR 014).
import { db } from "~/utils/db.server";
import { BUYER_TOPICS, CHANNELS, FARM_TOPICS, parseChannels, type Channel, type Topic } from "./channels";
import { configuredChannels } from "./registry.server";

/** The topics this person gets messages about: a farm's only for its members. */
async function topicsFor(userId: string): Promise<Topic[]> {
  const member = await db.farmMember.count({ where: { userId } });
  return [...(member ? FARM_TOPICS : []), ...BUYER_TOPICS];
}

export async function getPreferences({ userId }: { userId: string }) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { quietHours: true, phone: true, phoneVerifiedAt: true, email: true, emailVerifiedAt: true, _count: { select: { pushSubscriptions: true } }, notificationPrefs: { select: { topic: true, channels: true } } },
  });
  if (!user) return null;
  const saved = new Map(user.notificationPrefs.map((p) => [p.topic, parseChannels(p.channels)]));
  const topics = await topicsFor(userId);
  return {
    quietHours: user.quietHours,
    topics: topics.map((topic) => ({ topic, channels: saved.get(topic) ?? [...CHANNELS] })),
    /** what this server can send on at all */
    configured: configuredChannels(),
    /** what can reach this person: a verified phone for Zalo and SMS, an e-mail, a device for push */
    reachable: {
      PUSH: user._count.pushSubscriptions > 0,
      ZNS: Boolean(user.phone && user.phoneVerifiedAt),
      SMS: Boolean(user.phone && user.phoneVerifiedAt),
      EMAIL: Boolean(user.email && user.emailVerifiedAt),
    } satisfies Record<Channel, boolean>,
    devices: user._count.pushSubscriptions,
  };
}

/** Saves the choices for the topics this person has (others are ignored). */
export async function savePreferences({ userId, choices, quietHours }: { userId: string; choices: Partial<Record<Topic, Channel[]>>; quietHours: boolean }) {
  const topics = await topicsFor(userId);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { quietHours } });
    for (const topic of topics) {
      const channels = CHANNELS.filter((c) => choices[topic]?.includes(c)).join(",");
      await tx.notificationPreference.upsert({ where: { userId_topic: { userId, topic } }, create: { userId, topic, channels }, update: { channels } });
    }
  });
}

// ——— Web Push subscriptions ————————————————————————————————————————————————————————

/**
 * Push services a browser may hand out (Chrome/Android: FCM; Firefox: Mozilla autopush; Safari:
 * Apple; Edge: Windows). In production only these, over https: the server POSTs to whatever a
 * subscription names, and must not be made to post into its own network.
 */
const PUSH_HOSTS = [/(^|\.)fcm\.googleapis\.com$/, /(^|\.)push\.services\.mozilla\.com$/, /(^|\.)push\.apple\.com$/, /(^|\.)notify\.windows\.com$/];

export function acceptablePushEndpoint(endpoint: string, production = process.env.NODE_ENV === "production"): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (!production) return url.protocol === "https:" || url.protocol === "http:";
  return url.protocol === "https:" && PUSH_HOSTS.some((h) => h.test(url.hostname));
}

export async function savePushSubscription({ userId, endpoint, p256dh, auth, userAgent }: { userId: string; endpoint: string; p256dh: string; auth: string; userAgent: string | null }) {
  // one row per endpoint: a device that changes hands belongs to whoever subscribed it last
  await db.pushSubscription.upsert({
    where: { endpoint },
    create: { userId, endpoint, p256dh, auth, userAgent: userAgent?.slice(0, 200) ?? null },
    update: { userId, p256dh, auth, userAgent: userAgent?.slice(0, 200) ?? null },
  });
}

export async function deletePushSubscription({ userId, endpoint }: { userId: string; endpoint: string }) {
  const { count } = await db.pushSubscription.deleteMany({ where: { userId, endpoint } });
  return count === 1;
}
