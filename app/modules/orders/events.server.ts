import type { Tx } from "~/utils/db.server";
import { announceOrderEvent } from "./announce.server";
import type { SystemNote } from "./notes.server";

/**
 * Records one farm order event and its notifications (same transaction; announce.server.ts says
 * who hears of what). `note` is what a person typed (a reason); `system` what the system has to
 * say, in keys and values that the timeline puts into the reader's language (notes.ts).
 */
export async function recordOrderEvent(
  tx: Tx,
  e: { farmOrderId: string; fromStatus: string | null; toStatus: string; actorRole: string; actorId?: string | null; note?: string; system?: SystemNote },
): Promise<string> {
  const { system, ...event } = e;
  const row = await tx.orderEvent.create({
    data: { ...event, actorId: e.actorId ?? null, note: e.note ?? "", systemNote: system ? JSON.stringify(system) : null },
    select: { id: true },
  });
  await announceOrderEvent(tx, { eventId: row.id, farmOrderId: e.farmOrderId, fromStatus: e.fromStatus, toStatus: e.toStatus, actorRole: e.actorRole, system });
  return row.id;
}
