// E-mail by SMTP (nodemailer), as before ADR 014: SMTP_URL and SMTP_FROM. The delivery id becomes
// the Message-ID, so a retried send is recognisably the same message to the receiving servers.
import nodemailer from "nodemailer";
import type { Sender } from "../sender.server";
import { transient } from "../sender.server";

export function createEmailSender({ smtpUrl, from }: { smtpUrl: string; from: string }): Sender & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    channel: "EMAIL",
    canCarry: ({ email }) => Boolean(email),
    async send(o) {
      if (!o.email) return { ok: false, retry: false, error: "no e-mail address" };
      try {
        const info = await transport.sendMail({
          from,
          to: o.email,
          subject: o.text.title,
          text: o.text.body,
          messageId: `<${o.deliveryId}@chonong.vn>`,
        });
        return { ok: true, providerRef: info.messageId };
      } catch (e) {
        // SMTP 5xx (no such mailbox, refused): this address will not take it; 4xx and network: later
        const code = (e as { responseCode?: number }).responseCode;
        if (code && code >= 500) return { ok: false, retry: false, error: `SMTP ${code}: ${String((e as Error).message).slice(0, 200)}` };
        return transient(e);
      }
    },
    close: () => transport.close(),
  };
}
