// Development only (`npm run dev` with a channel not configured): the message is recorded as sent
// and shown on /dev/messages instead of going anywhere, so the demo works without Zalo, SMS or
// SMTP accounts. There is no variable that turns it on: registry.server.ts uses it only when
// NODE_ENV is exactly "development", which a production build never is.
import type { Channel } from "../channels";
import type { Sender } from "../sender.server";

export function createDevSender(channel: Exclude<Channel, "PUSH">): Sender {
  return {
    channel,
    canCarry: ({ phone, email }) => (channel === "EMAIL" ? Boolean(email) : Boolean(phone)),
    async send() {
      return { ok: true, providerRef: "dev" };
    },
  };
}
