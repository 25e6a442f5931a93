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

export function Timeline({ events }: { events: Array<{ toStatus: string; actorRole: string; note: string; system: SystemNote | null; createdAt: string | Date }> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <ol className="space-y-1 border-l-2 border-leaf-100 pl-3 text-sm">
      {events.map((e, i) => (
        <li key={i}>
          <strong>{t(`orders.status.${e.toStatus}`)}</strong>{" "}
          <span className="text-stone-500">
            · {t(`orders.actor.${e.actorRole}`)} · {formatDate(e.createdAt, locale, { dateStyle: "short", timeStyle: "short" })}
          </span>
          {e.system ? <p className="text-stone-600">{describeSystemNote(e.system, t, locale)}</p> : null}
          {e.note ? <p className="text-stone-600">“{e.note}”</p> : null}
        </li>
      ))}
    </ol>
  );
}
