import type { Tx } from "~/utils/db.server";
import { notifyFarmOrder } from "~/modules/notifications/outbox.server";

/** Records one farm order event and, for a real status change, its notifications (same transaction). */
export async function recordOrderEvent(
  tx: Tx,
  e: { farmOrderId: string; fromStatus: string | null; toStatus: string; actorRole: string; actorId?: string | null; note?: string },
): Promise<void> {
  await tx.orderEvent.create({ data: { ...e, actorId: e.actorId ?? null, note: e.note ?? "" } });
  if (e.fromStatus !== e.toStatus) await notifyFarmOrder(tx, e.farmOrderId, e.toStatus);
}
