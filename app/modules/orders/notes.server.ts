// The system notes of an order's timeline as stored (OrderEvent.systemNote, JSON): their schema,
// checked when they are read back. Put into words by notes.ts, in the browser too.
import { z } from "zod";
import { FARM_ORDER_STATUSES } from "./lifecycle";

const vnd = z.number().int().nonnegative();
const status = z.enum(FARM_ORDER_STATUSES);

export const SystemNoteSchema = z.discriminatedUnion("key", [
  z.object({ key: z.literal("reservationExpired") }),
  z.object({ key: z.literal("cardPaid") }),
  z.object({ key: z.literal("cardFailed") }),
  z.object({ key: z.literal("cardExpired") }),
  // the payment references are kept for whoever refunds one of them
  z.object({ key: z.literal("cardPaidTwice"), first: z.string(), second: z.string() }),
  z.object({ key: z.literal("cardPaidLate"), status }),
  z.object({ key: z.literal("refundRequested"), amountVnd: vnd }),
  z.object({ key: z.literal("refundConfirmed"), amountVnd: vnd }),
  z.object({ key: z.literal("refundedByTransfer"), amountVnd: vnd }),
  z.object({ key: z.literal("transferPaid"), ref: z.string() }),
  z.object({ key: z.literal("transferWrongAccount"), ref: z.string() }),
  z.object({ key: z.literal("transferWrongAmount"), ref: z.string(), amountVnd: vnd, expectedVnd: vnd }),
  z.object({ key: z.literal("transferLate"), ref: z.string(), status }),
  z.object({
    key: z.literal("weighed"),
    lines: z.array(z.object({ product: z.string(), unit: z.string(), fromMilli: z.number().int(), toMilli: z.number().int() })),
    refundVnd: vnd,
  }),
]);
export type SystemNote = z.infer<typeof SystemNoteSchema>;

/** The stored JSON back as a note; null for none, and for anything this code did not write. */
export function parseSystemNote(json: string | null): SystemNote | null {
  if (!json) return null;
  try {
    const r = SystemNoteSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** An event as the timeline shows it: the typed note, or the system's note ready to put into words. */
export function timelineEvent<E extends { systemNote: string | null }>({ systemNote, ...e }: E): Omit<E, "systemNote"> & { system: SystemNote | null } {
  return { ...e, system: parseSystemNote(systemNote) };
}
