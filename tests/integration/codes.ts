// Where the codes of an integration test arrive: the fakes of Zalo and eSMS (phones) and a local
// SMTP server (e-mail), with the app's real senders pointed at them. `codeFor` sends what is due
// and reads the newest code that reached an address, as its owner would on their phone.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { deliverDue } from "~/modules/notifications/deliver.server";
import { esmsPhone, startMessagingFakes, zaloPhone } from "../fakes/messaging";

export async function startCodeInbox() {
  const fakes = await startMessagingFakes();
  fakes.useInThisProcess();
  const mails: Array<{ to: string; data: string }> = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      let data = "";
      stream.on("data", (c) => (data += c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), data });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`;

  /** Everything a phone or e-mail address received, oldest first, as text. */
  const received = (target: string): string[] => {
    if (target.includes("@")) return mails.filter((m) => m.to === target).map((m) => decodeQuotedPrintable(m.data));
    return [
      ...fakes.zalo.messages.filter((m) => m.phone === zaloPhone(target)).map((m) => ({ at: m.at, text: JSON.stringify(m.templateData) })),
      ...fakes.sms.messages.filter((m) => m.phone === esmsPhone(target)).map((m) => ({ at: m.at, text: m.content })),
    ].sort((a, b) => a.at - b.at).map((m) => m.text);
  };

  return {
    fakes,
    mails,
    received,
    /** Sends what is due, then the newest 6-digit code that reached `target` (throws if none). */
    async codeFor(target: string): Promise<string> {
      for (let i = 0; i < 40; i++) {
        if (i) await new Promise((r) => setTimeout(r, 50)); // another caller may be sending it right now
        await deliverDue();
        const texts = received(target);
        for (const text of texts.reverse()) {
          const code = /"otp":"(\d{6})"/.exec(text)?.[1] ?? /\b(\d{6})\b/.exec(text)?.[1];
          if (code) return code;
        }
      }
      throw new Error(`no code reached ${target}`);
    },
    async close() {
      fakes.forgetInThisProcess();
      delete process.env.SMTP_URL;
      await fakes.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
export type CodeInbox = Awaited<ReturnType<typeof startCodeInbox>>;

function decodeQuotedPrintable(data: string): string {
  const body = data.replace(/=\r?\n/g, "");
  return Buffer.from(body.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
}
