import type { Tx } from "~/utils/db.server";
import { notifyFarmOrder } from "~/modules/notifications/outbox.server";
import type { SystemNote } from "./notes.server";

/**
 * Records one farm order event and, for a real status change, its notifications (same transaction).
 * `note` is what a person typed (a reason); `system` what the system has to say, in keys and values
 * that the timeline puts into the reader's language (notes.ts).
 */
export async function recordOrderEvent(
  tx: Tx,
  e: { farmOrderId: string; fromStatus: string | null; toStatus: string; actorRole: string; actorId?: string | null; note?: string; system?: SystemNote },
): Promise<void> {
  const { system, ...event } = e;
  await tx.orderEvent.create({ data: { ...event, actorId: e.actorId ?? null, note: e.note ?? "", systemNote: system ? JSON.stringify(system) : null } });
  if (e.fromStatus !== e.toStatus) await notifyFarmOrder(tx, e.farmOrderId, e.toStatus);
}
