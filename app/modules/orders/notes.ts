// What the system writes in an order's timeline (payments, expiry, weighing, refunds): a message key
// and its values, stored as JSON in OrderEvent.systemNote and put into words in the reader's
// language when the timeline is shown. A reason a person typed stays in OrderEvent.note as typed.
import type { TFunction } from "i18next";
import { formatQuantity, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import type { SystemNote } from "./notes.server";

export type { SystemNote };

/** The note in words, in the reader's language. */
export function describeSystemNote(note: SystemNote, t: TFunction, locale: Locale): string {
  const money = (v: number) => formatVnd(v, locale);
  const state = (s: string) => t(`orders.status.${s}`);
  switch (note.key) {
    case "cardPaidLate":
    case "transferLate":
      return t(`orders.note.${note.key}`, { ...note, status: state(note.status) });
    case "refundRequested":
    case "refundConfirmed":
    case "refundedByTransfer":
      return t(`orders.note.${note.key}`, { amount: money(note.amountVnd) });
    case "transferWrongAmount":
      return t("orders.note.transferWrongAmount", { ref: note.ref, amount: money(note.amountVnd), expected: money(note.expectedVnd) });
    case "weighed": {
      const lines = describeWeighedLines(note.lines, t, locale);
      return note.refundVnd > 0 ? t("orders.note.weighedRefund", { lines, amount: money(note.refundVnd) }) : t("orders.note.weighed", { lines });
    }
    default:
      return t(`orders.note.${note.key}`, note);
  }
}

/** "Tiêu đen: 1,5 → 1,4 kg; …": what was ordered and what was weighed, line by line (timeline and e-mail). */
export function describeWeighedLines(lines: Extract<SystemNote, { key: "weighed" }>["lines"], t: TFunction, locale: Locale): string {
  return lines.map((l) => `${l.product}: ${formatQuantity(l.fromMilli, locale)} → ${formatQuantity(l.toMilli, locale)} ${t(`units.${l.unit}`)}`).join("; ");
}
