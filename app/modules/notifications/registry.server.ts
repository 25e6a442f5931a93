// Which sender carries each channel, from the environment (README, "Configuration"; ADR 014). Read
// at call time, so a test can point a channel at a local fake; each sender is built once per
// configuration. A channel without configuration has no sender (it is left out of every plan) —
// except under `npm run dev`, where it goes to the development page /dev/messages.
import { env } from "~/utils/env.server";
import type { Channel } from "./channels";
import { createDevSender } from "./providers/dev.server";
import { createEmailSender } from "./providers/email.server";
import { createEsmsSender } from "./providers/esms.server";
import { createPushSender } from "./providers/push.server";
import { createZnsSender } from "./providers/zns.server";
import type { Sender } from "./sender.server";
import type { ZnsTemplateKey } from "./texts.server";
import { vapidKeys } from "./vapid.server";

const built = new Map<Channel, { key: string; sender: Sender | null }>();

function once(channel: Channel, key: string, make: () => Sender | null): Sender | null {
  const hit = built.get(channel);
  if (hit?.key === key) return hit.sender;
  const sender = make();
  built.set(channel, { key, sender });
  return sender;
}

export function devMessagesEnabled(): boolean {
  return process.env.NODE_ENV === "development";
}

export function znsConfigured(e = process.env): boolean {
  return Boolean(e.ZALO_APP_ID && e.ZALO_APP_SECRET && e.ZALO_REFRESH_TOKEN && e.ZALO_ZNS_TEMPLATES);
}
export function smsConfigured(e = process.env): boolean {
  return Boolean(e.ESMS_API_KEY && e.ESMS_SECRET_KEY && e.ESMS_BRANDNAME);
}

export function senderFor(channel: Channel): Sender | null {
  const e = process.env;
  switch (channel) {
    case "PUSH":
      // always possible: the keys are made on first use when the environment has none
      return once(channel, `${e.VAPID_PUBLIC_KEY ?? ""}|${e.WEB_PUSH_CA_FILE ?? ""}`, () => createPushSender({ keys: vapidKeys, caFile: e.WEB_PUSH_CA_FILE || undefined }));
    case "ZNS":
      if (!znsConfigured(e)) return devMessagesEnabled() ? once(channel, "dev", () => createDevSender("ZNS")) : null;
      return once(channel, [e.ZALO_APP_ID, e.ZALO_APP_SECRET, e.ZALO_REFRESH_TOKEN, e.ZALO_ACCESS_TOKEN, e.ZALO_ZNS_TEMPLATES, e.ZALO_API_BASE, e.ZALO_OAUTH_BASE].join("|"), () =>
        createZnsSender({
          appId: e.ZALO_APP_ID!,
          appSecret: e.ZALO_APP_SECRET!,
          accessToken: e.ZALO_ACCESS_TOKEN || undefined,
          refreshToken: e.ZALO_REFRESH_TOKEN!,
          templates: JSON.parse(e.ZALO_ZNS_TEMPLATES!) as Partial<Record<ZnsTemplateKey, string>>,
          apiBase: (e.ZALO_API_BASE || "https://business.openapi.zalo.me").replace(/\/$/, ""),
          oauthBase: (e.ZALO_OAUTH_BASE || "https://oauth.zaloapp.com").replace(/\/$/, ""),
        }),
      );
    case "SMS":
      if (!smsConfigured(e)) return devMessagesEnabled() ? once(channel, "dev", () => createDevSender("SMS")) : null;
      return once(channel, [e.ESMS_API_KEY, e.ESMS_SECRET_KEY, e.ESMS_BRANDNAME, e.ESMS_API_BASE, e.ESMS_SANDBOX, e.PUBLIC_URL].join("|"), () =>
        createEsmsSender({
          apiKey: e.ESMS_API_KEY!,
          secretKey: e.ESMS_SECRET_KEY!,
          brandname: e.ESMS_BRANDNAME!,
          apiBase: (e.ESMS_API_BASE || "https://rest.esms.vn").replace(/\/$/, ""),
          sandbox: e.ESMS_SANDBOX === "1",
          callbackBase: (e.PUBLIC_URL || env.PUBLIC_URL).replace(/\/$/, ""),
        }),
      );
    case "EMAIL":
      if (!e.SMTP_URL) return devMessagesEnabled() ? once(channel, "dev", () => createDevSender("EMAIL")) : null;
      return once(channel, `${e.SMTP_URL}|${e.SMTP_FROM ?? ""}`, () => createEmailSender({ smtpUrl: e.SMTP_URL!, from: e.SMTP_FROM ?? "Chợ Nông <no-reply@chonong.vn>" }));
  }
}

/** What this server can send on (the admin page and the account page say so). */
export function configuredChannels(): Channel[] {
  return (["PUSH", "ZNS", "SMS", "EMAIL"] as const).filter((c) => senderFor(c) !== null);
}
