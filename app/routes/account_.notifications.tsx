// Which channels each kind of message comes by, quiet hours, and Web Push on this device.
// The choices are a plain form (JavaScript off works); turning push on needs JavaScript.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/utils/flash.server";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { CHANNELS, isTopic, type Channel, type Topic } from "~/modules/notifications/channels";
import { getPreferences, savePreferences } from "~/modules/notifications/preferences.server";
import { invariantResponse, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Thông báo — Chợ Nông" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const prefs = await getPreferences({ userId: user.id });
  invariantResponse(prefs, "Not found", { status: 404 });
  return prefs;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const form = await readForm(request);
  const choices: Partial<Record<Topic, Channel[]>> = {};
  for (const [key, value] of form) {
    if (value !== "on" || key.length > 40) continue;
    const [topic, channel] = key.split(":");
    if (!isTopic(topic) || !(CHANNELS as readonly string[]).includes(channel)) continue;
    (choices[topic] ??= []).push(channel as Channel);
  }
  await savePreferences({ userId: user.id, choices, quietHours: form.get("quietHours") === "on" });
  return redirectWithFlash("/account", { key: "preferencesSaved" });
}

export default function NotificationPreferences() {
  const prefs = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const offered = CHANNELS.filter((c) => prefs.configured.includes(c));
  return (
    <div className="mx-auto max-w-md space-y-4">
      <Link to="/account" className="text-sm font-semibold text-leaf-700">{t("account.back")}</Link>
      <h1 className="text-2xl font-bold">{t("prefs.title")}</h1>
      <p className="text-sm text-stone-600">{t("prefs.intro", { channels: offered.map((c) => t(`prefs.channelLong.${c}`)).join(" → ") })}</p>
      <Form method="post" className="space-y-4">
        <fieldset className="overflow-x-auto rounded-xl bg-white p-3 shadow-sm ring-1 ring-stone-200">
          <legend className="sr-only">{t("prefs.title")}</legend>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-stone-500">
                <th className="py-1 pr-2 font-medium">{t("prefs.topic")}</th>
                {offered.map((c) => (
                  <th key={c} className="px-1 py-1 text-center font-medium">{t(`prefs.channel.${c}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {prefs.topics.map(({ topic, channels }) => (
                <tr key={topic} className="border-t border-stone-100">
                  <th scope="row" className="py-2 pr-2 text-left font-normal">
                    <input type="hidden" name="topic" value={topic} />
                    {t(`prefs.topics.${topic}`)}
                  </th>
                  {offered.map((c) => (
                    <td key={c} className="p-0 text-center">
                      <label className="flex h-12 min-w-11 cursor-pointer items-center justify-center">
                        <input
                          type="checkbox"
                          name={`${topic}:${c}`}
                          defaultChecked={channels.includes(c)}
                          aria-label={`${t(`prefs.topics.${topic}`)}: ${t(`prefs.channel.${c}`)}`}
                          className="h-6 w-6 accent-leaf-700"
                        />
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="mt-2 space-y-0.5 text-xs text-stone-500">
            {offered.filter((c) => !prefs.reachable[c]).map((c) => (
              <li key={c}>{t(`prefs.unreachable.${c}`)}</li>
            ))}
            <li>{t("prefs.order")}</li>
          </ul>
        </fieldset>
        <label className="flex items-start gap-3 rounded-xl bg-white p-3 text-sm shadow-sm ring-1 ring-stone-200">
          <input type="checkbox" name="quietHours" defaultChecked={prefs.quietHours} className="mt-0.5 h-6 w-6 shrink-0 accent-leaf-700" />
          <span>
            <span className="font-medium">{t("prefs.quietHours")}</span>
            <span className="block text-xs text-stone-500">{t("prefs.quietHoursHint")}</span>
          </span>
        </label>
        <SubmitButton disabled={navigation.state === "submitting"}>{t("prefs.save")}</SubmitButton>
      </Form>
      <PushOnThisDevice devices={prefs.devices} />
    </div>
  );
}

/** "Nhận thông báo trên điện thoại này": registers /sw.js and subscribes with the server's VAPID key. */
function PushOnThisDevice({ devices }: { devices: number }) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const [state, setState] = useState<"nojs" | "unsupported" | "denied" | "off" | "on" | "busy" | "failed">("nojs");
  useEffect(() => {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return setState("unsupported");
    if (Notification.permission === "denied") return setState("denied");
    void navigator.serviceWorker.register("/sw.js").then(async (reg) => setState((await reg.pushManager.getSubscription()) ? "on" : "off")).catch(() => setState("unsupported"));
  }, []);
  const turnOn = async () => {
    setState("busy");
    try {
      if ((await Notification.requestPermission()) !== "granted") return setState("denied");
      const reg = await navigator.serviceWorker.ready;
      const { publicKey } = (await (await fetch("/resources/push-subscriptions")).json()) as { publicKey: string };
      const subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlToBytes(publicKey) });
      const res = await fetch("/resources/push-subscriptions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action: "subscribe", subscription: subscription.toJSON() }) });
      setState(res.ok ? "on" : "failed");
      revalidator.revalidate();
    } catch {
      setState("failed");
    }
  };
  const turnOff = async () => {
    setState("busy");
    const reg = await navigator.serviceWorker.ready;
    const sub = await reg.pushManager.getSubscription();
    if (sub) {
      await fetch("/resources/push-subscriptions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action: "unsubscribe", endpoint: sub.endpoint }) });
      await sub.unsubscribe();
    }
    setState("off");
    revalidator.revalidate();
  };
  return (
    <section className="rounded-xl bg-white p-3 text-sm shadow-sm ring-1 ring-stone-200" aria-labelledby="push-title">
      <h2 id="push-title" className="font-semibold">{t("prefs.pushTitle")}</h2>
      <p className="mt-1 text-stone-600">{t("prefs.pushDevices", { count: devices })}</p>
      {state === "nojs" ? <p className="mt-2 text-stone-600">{t("prefs.pushNeedsJs")}</p> : null}
      {state === "unsupported" ? <p className="mt-2 text-stone-600">{t("prefs.pushUnsupported")}</p> : null}
      {state === "denied" ? <p className="mt-2 text-amber-800">{t("prefs.pushDenied")}</p> : null}
      {state === "failed" ? <p className="mt-2 text-red-700" role="alert">{t("prefs.pushFailed")}</p> : null}
      {state === "off" || state === "failed" ? (
        <button type="button" onClick={turnOn} className="mt-2 w-full rounded-lg border border-leaf-700 px-4 py-2.5 font-semibold text-leaf-800">{t("prefs.pushOn")}</button>
      ) : null}
      {state === "on" ? (
        <button type="button" onClick={turnOff} className="mt-2 w-full rounded-lg border border-stone-300 px-4 py-2.5 font-semibold">{t("prefs.pushOff")}</button>
      ) : null}
    </section>
  );
}

function base64urlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (value.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
