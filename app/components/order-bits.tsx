import { useTranslation } from "react-i18next";
import { formatDate } from "~/modules/i18n/format";
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
