// Development only (`npm run dev`): what the app would have sent by Zalo, SMS or e-mail with no
// provider configured — sign-up and reset codes included. 404 in any other build (ADR 014).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatVnPhone } from "~/modules/auth/phone";
import { formatDate } from "~/modules/i18n/format";
import type { Locale } from "~/modules/i18n/i18n";
import { listDevMessages } from "~/modules/notifications/dev-messages.server";

export const meta: MetaFunction = () => [{ title: "Tin nhắn thử — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader(_: LoaderFunctionArgs) {
  const messages = await listDevMessages({ take: 50 });
  if (!messages) throw new Response("Not found", { status: 404 });
  return { messages };
}

export default function DevMessages() {
  const { messages } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">{t("devMessages.title")}</h1>
      <p className="rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200">{t("devMessages.hint")}</p>
      {messages.length === 0 ? <p className="text-sm text-stone-500">{t("devMessages.empty")}</p> : null}
      <ul className="space-y-2">
        {messages.map((m) => (
          <li key={m.id} className="rounded-xl bg-white p-3 text-sm shadow-sm ring-1 ring-stone-200">
            <p className="text-xs text-stone-500">
              {t(`prefs.channel.${m.channel}`, { defaultValue: m.channel })} → {m.to?.startsWith("+84") ? formatVnPhone(m.to) : m.to} · {formatDate(m.createdAt, locale, { dateStyle: "short", timeStyle: "short" })} · {m.status}
            </p>
            <p className="mt-1 font-semibold">{m.title}</p>
            <p className="mt-0.5 whitespace-pre-line break-words">{m.body}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
