// What providers tell us after a send: Zalo's `user_received_message` (the phone got the ZNS) and
// eSMS's delivery report. A receipt for a delivery we had not marked sent — its answer was lost
// and a retry is waiting — marks it sent, so the retry (and the fallback after it) never happens.
import { createHash, timingSafeEqual } from "node:crypto";
import { db } from "~/utils/db.server";
import { scrubSecrets } from "./deliver.server";

/** Zalo: X-ZEvent-Signature is "mac=" + sha256hex(appId + rawBody + timestamp + OA secret key). */
export function verifyZaloSignature({ appId, oaSecret, rawBody, timestamp, header }: { appId: string; oaSecret: string; rawBody: string; timestamp: string; header: string | null }): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^mac\s*=\s*/i, "");
  if (!/^[a-f0-9]{64}$/i.test(given)) return false;
  const expected = createHash("sha256").update(appId + rawBody + timestamp + oaSecret).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/** A delivery receipt: by our id (tracking_id, RequestId) or, failing that, the provider's message id. */
export async function recordReceipt({ deliveryId, providerRef, delivered, at = new Date(), error }: { deliveryId?: string | null; providerRef?: string | null; delivered: boolean; at?: Date; error?: string }): Promise<boolean> {
  const where = deliveryId ? { id: deliveryId } : providerRef ? { providerRef } : null;
  if (!where) return false;
  const row = await db.notificationDelivery.findFirst({ where, select: { id: true, notificationId: true, status: true } });
  if (!row) return false;
  if (!delivered) {
    await db.notificationDelivery.updateMany({ where: { id: row.id }, data: { lastError: (error ?? "the provider reports it was not delivered").slice(0, 300) } });
    return true;
  }
  await db.$transaction(async (tx) => {
    await tx.notificationDelivery.updateMany({ where: { id: row.id, deliveredAt: null }, data: { deliveredAt: at } });
    if (row.status !== "SENT") {
      // the send went through although we never heard so: no retry, no next channel
      // PENDING (a retry waits), FAILED (moved on to the next channel) or SENDING (an attempt is
      // under way: its own bookkeeping, conditional on its claim, then changes nothing)
      await tx.notificationDelivery.updateMany({ where: { id: row.id, status: { in: ["PENDING", "FAILED", "SENDING"] } }, data: { status: "SENT", sentAt: at, claimToken: null, leaseUntil: null } });
      const { count } = await tx.notification.updateMany({ where: { id: row.notificationId, status: { in: ["PENDING", "DEAD"] } }, data: { status: "SENT", sentAt: at } });
      const n = count ? await tx.notification.findUnique({ where: { id: row.notificationId }, select: { id: true, kind: true, params: true } }) : null;
      if (n) await scrubSecrets(tx, n);
    }
  });
  return true;
}
