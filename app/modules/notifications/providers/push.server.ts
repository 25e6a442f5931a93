// Web Push (RFC 8030/8291/8292) with the `web-push` library: VAPID-signed, aes128gcm-encrypted,
// one request per subscription (device) of the recipient. The delivery id is the message's Topic,
// so a retried message replaces an undelivered copy at the push service, and its `tag` for the
// service worker (public/sw.js), so a device shows it once.
import fs from "node:fs";
import https from "node:https";
import webpush from "web-push";
import { db } from "~/utils/db.server";
import type { Sender } from "../sender.server";
import { transient } from "../sender.server";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/** What the service worker receives (public/sw.js reads exactly these fields). */
export type PushPayload = { title: string; body: string; url: string; tag: string };

export function createPushSender({ keys, caFile }: { keys: () => Promise<VapidKeys>; caFile?: string }): Sender {
  // tests only: trust the local fake push service's self-signed certificate (web-push always uses https)
  const agent = caFile ? new https.Agent({ ca: fs.readFileSync(caFile, "utf8"), keepAlive: true }) : undefined;
  return {
    channel: "PUSH",
    canCarry: ({ pushSubscriptions }) => pushSubscriptions > 0,
    async send(o) {
      if (!o.userId) return { ok: false, retry: false, error: "no account" };
      const subscriptions = await db.pushSubscription.findMany({ where: { userId: o.userId }, select: { id: true, endpoint: true, p256dh: true, auth: true, lastUsedAt: true } });
      if (subscriptions.length === 0) return { ok: false, retry: false, error: "no push subscription" };
      const vapid = await keys();
      const payload: PushPayload = { title: o.text.title, body: o.text.body, url: o.text.url, tag: o.deliveryId };
      const ttlSeconds = o.expiresAt ? Math.max(60, Math.floor((o.expiresAt.getTime() - Date.now()) / 1000)) : 24 * 60 * 60;
      let delivered = 0;
      const errors: string[] = [];
      let retry = false;
      for (const s of subscriptions) {
        try {
          await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload), {
            vapidDetails: vapid,
            TTL: ttlSeconds,
            topic: o.deliveryId,
            urgency: o.kind === "ORDER_NEW" || o.kind === "HOLD_EXPIRING" ? "high" : "normal",
            timeout: 10_000,
            ...(agent ? { agent } : {}),
          });
          delivered++;
          // when a device last took a message, to the day (not a write per message)
          if (!s.lastUsedAt || Date.now() - s.lastUsedAt.getTime() > 24 * 60 * 60 * 1000) {
            await db.pushSubscription.updateMany({ where: { id: s.id }, data: { lastUsedAt: new Date() } });
          }
        } catch (e) {
          const status = (e as { statusCode?: number }).statusCode;
          if (status === 404 || status === 410) {
            // the browser dropped it (uninstalled, permission withdrawn): never again
            await db.pushSubscription.deleteMany({ where: { id: s.id } });
            errors.push(`${status} subscription gone`);
          } else if (status && status >= 400 && status < 500 && status !== 429) {
            errors.push(`${status} refused`);
          } else {
            retry = true;
            const t = transient(e);
            errors.push(status ? `${status}` : t.ok ? "" : t.error);
          }
        }
      }
      if (delivered > 0) return { ok: true, providerRef: `${delivered}/${subscriptions.length} devices` };
      return { ok: false, retry, error: errors.join("; ").slice(0, 500) };
    },
  };
}
