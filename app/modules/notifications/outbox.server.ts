// The previous release wrote e-mail messages into OutboxMessage. During a rolling deploy its
// processes still do, for a few minutes: housekeeping moves what they write into Notification
// (kind LEGACY, its subject and body as they were), where it is sent like everything else. The
// table goes in the release after this one (ADR 014).
import { db } from "~/utils/db.server";
import { notify } from "./notify.server";

export async function adoptLegacyOutbox({ limit = 100 }: { limit?: number } = {}): Promise<number> {
  const rows = await db.outboxMessage.findMany({ where: { sentAt: null }, orderBy: { createdAt: "asc" }, take: limit });
  let moved = 0;
  for (const m of rows) {
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.outboxMessage.updateMany({ where: { id: m.id, sentAt: null }, data: { sentAt: new Date(), lastError: "moved to Notification" } });
      if (count !== 1) return false;
      await notify(tx, { dedupeKey: `legacy:${m.dedupeKey}`, kind: "LEGACY", to: { address: m.recipient }, params: { subject: m.subject, body: m.body }, now: m.createdAt });
      return true;
    });
    if (done) moved++;
  }
  return moved;
}
