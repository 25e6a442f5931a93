import { useTranslation } from "react-i18next";
import { formatDate, formatQuantity, formatVnd } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { describeSystemNote, type SystemNote } from "~/modules/orders/notes";

const tone: Record<string, string> = {
  AWAITING_PAYMENT: "bg-amber-100 text-amber-900",
  CANCELLED: "bg-stone-200 text-stone-600",
  EXPIRED: "bg-stone-200 text-stone-600",
  DELIVERED: "bg-leaf-100 text-leaf-800",
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${tone[status] ?? "bg-sky-100 text-sky-900"}`}>{t(`orders.status.${status}`)}</span>;
}

export function Timeline({ events }: { events: Array<{ fromStatus: string | null; toStatus: string; actorRole: string; note: string; system: SystemNote | null; createdAt: string | Date }> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <ol className="space-y-1 border-l-2 border-leaf-100 pl-3 text-sm">
      {events.map((e, i) => {
        const system = e.system ? describeSystemNote(e.system, t, locale) : null;
        // an event that did not change the status (a payment flagged, a weighing, a refund) is
        // headed by what happened, not by the status again
        const changed = e.fromStatus !== e.toStatus || !system;
        return (
          <li key={i}>
            <strong>{changed ? t(`orders.status.${e.toStatus}`) : system}</strong>{" "}
            <span className="text-stone-500">
              · {t(`orders.actor.${e.actorRole}`)} · {formatDate(e.createdAt, locale, { dateStyle: "short", timeStyle: "short" })}
            </span>
            {changed && system ? <p className="text-stone-600">{system}</p> : null}
            {e.note ? <p className="text-stone-600">“{e.note}”</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

type OrderLineView = { id: string; productName: string; unit: string; quantityMilli: number; orderedMilli: number | null; lineTotalVnd: number };

/** A part's lines and its subtotal (and what was paid, when it differs): the buyer's and the farm's order pages. */
export function OrderLines({ lines, subtotalVnd, paidVnd, className = "" }: { lines: OrderLineView[]; subtotalVnd: number; paidVnd: number | null; className?: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <>
      <ul className={`divide-y divide-stone-100 ${className}`}>
        {lines.map((l) => (
          <li key={l.id} className="flex justify-between gap-2 py-1">
            <span>
              {l.productName} × {formatQuantity(l.quantityMilli, locale)} {t(`units.${l.unit}`)}
              {l.orderedMilli !== null ? <span className="text-stone-500"> ({t("orders.ordered", { qty: formatQuantity(l.orderedMilli, locale) })})</span> : null}
            </span>
            <span>{formatVnd(l.lineTotalVnd, locale)}</span>
          </li>
        ))}
      </ul>
      <p className={`text-right ${className}`}>{t("cart.subtotal")}: <strong>{formatVnd(subtotalVnd, locale)}</strong></p>
      {paidVnd !== null && paidVnd !== subtotalVnd ? <p className={`text-right text-stone-600 ${className}`}>{t("orders.paid")}: {formatVnd(paidVnd, locale)}</p> : null}
    </>
  );
}
