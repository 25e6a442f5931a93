// Writing a notification: inside the transaction of the event it announces, one Notification row
// (once per dedupe key, however often the event is retried) and the delivery row of the first
// channel of its plan. The plan is the kind's fallback order narrowed to the channels the person
// chose for its topic, can be reached on (a verified phone, an e-mail, a push subscription) and
// the server can send on (ADR 014). Sending happens after the commit (deliver.server.ts).
import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Tx } from "~/utils/db.server";
import { fallbackOrder, isUrgent, parseChannels, topicOf, type Channel, type Kind } from "./channels";
import { sendableFrom } from "./quiet-hours";
import { senderFor } from "./registry.server";
import type { Params } from "./texts.server";

/** Ids sent to providers: 24 characters of [a-z2-7], fit for a Web Push Topic (≤ 32) and a ZNS tracking_id. */
export function newDeliveryId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(15));
}

export type Recipient =
  /** a person: their verified phone and e-mail, push subscriptions, language, choices and quiet hours */
  | { userId: string; audience: "FARM" | "BUYER" }
  /** an address as typed (a code to a number being verified), optionally on behalf of an account */
  | { address: string; userId?: string | null; locale?: string };

export type NotifyInput = {
  dedupeKey: string;
  kind: Kind;
  to: Recipient;
  params: Params;
  /** path of the page it is about */
  link?: string;
  expiresAt?: Date | null;
  now?: Date;
};

/** Who can be reached how: what the plan is narrowed by. */
export type Reach = { phone: string | null; email: string | null; pushSubscriptions: number };

/** The channels to try, in order: the kind's order ∩ the person's choice ∩ reachable ∩ configured. */
export async function planFor(kind: Kind, reach: Reach, chosen: readonly Channel[] | null): Promise<Channel[]> {
  const plan: Channel[] = [];
  for (const channel of fallbackOrder(kind)) {
    if (chosen && !chosen.includes(channel)) continue;
    const sender = senderFor(channel);
    if (sender && (await sender.canCarry({ kind, ...reach }))) plan.push(channel);
  }
  return plan;
}

/** Returns the notification's id (a new one, or the one this dedupe key already made). */
export async function notify(tx: Tx, input: NotifyInput): Promise<string> {
  const existing = await tx.notification.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
  if (existing) return existing.id;
  const now = input.now ?? new Date();
  const urgent = isUrgent(input.kind);

  let userId: string | null = null, locale = "vi", quietHours = true;
  let reach: Reach;
  let chosen: Channel[] | null = null;
  if ("audience" in input.to) {
    const user = await tx.user.findUnique({
      where: { id: input.to.userId },
      select: {
        id: true, locale: true, quietHours: true, phone: true, phoneVerifiedAt: true, email: true, emailVerifiedAt: true,
        _count: { select: { pushSubscriptions: true } },
      },
    });
    if (!user) return "";
    userId = user.id;
    locale = user.locale;
    quietHours = user.quietHours;
    // only addresses proven to be theirs (ADR 014): never a number someone merely typed
    reach = { phone: user.phoneVerifiedAt ? user.phone : null, email: user.emailVerifiedAt ? user.email : null, pushSubscriptions: user._count.pushSubscriptions };
    const topic = topicOf(input.kind, input.to.audience);
    if (topic) {
      const pref = await tx.notificationPreference.findUnique({ where: { userId_topic: { userId: user.id, topic } }, select: { channels: true } });
      if (pref) chosen = parseChannels(pref.channels);
    }
  } else {
    const address = input.to.address;
    userId = input.to.userId ?? null;
    locale = input.to.locale ?? "vi";
    reach = address.includes("@") ? { phone: null, email: address, pushSubscriptions: 0 } : { phone: address, email: null, pushSubscriptions: 0 };
  }

  const plan = await planFor(input.kind, reach, chosen);
  const notBefore = sendableFrom(now, { quietHours, urgent });
  const notification = await tx.notification.create({
    data: {
      dedupeKey: input.dedupeKey,
      userId,
      kind: input.kind,
      locale,
      params: JSON.stringify(input.params),
      link: input.link ?? "",
      phone: reach.phone,
      email: reach.email,
      plan: plan.join(","),
      status: plan.length ? "PENDING" : "NO_CHANNEL",
      notBefore,
      expiresAt: input.expiresAt ?? null,
      createdAt: now,
    },
    select: { id: true },
  });
  if (plan.length) {
    await tx.notificationDelivery.create({ data: { id: newDeliveryId(), notificationId: notification.id, channel: plan[0], nextAttemptAt: notBefore, createdAt: now } });
  }
  return notification.id;
}
