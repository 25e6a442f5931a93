// What the browser tests' servers share (playwright.config.ts, and card-redirect.spec.ts's second
// server): one-time codes and notifications go through the real Zalo ZNS and eSMS senders to local
// fakes (tests/fakes/zns.ts, sms.ts; the same environment as tests/fakes/messaging.ts), and tests
// read the codes back from GET /__fake/messages?phone=84… on the fake Zalo.
import { fakeMessagingEnv } from "../fakes/messaging-env";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const ZALO_PORT = E2E_PORT + 98;
export const SMS_PORT = E2E_PORT + 97;

export const messagingEnv: Record<string, string> = {
  ...fakeMessagingEnv({ zaloApiBase: `http://127.0.0.1:${ZALO_PORT}`, zaloOauthBase: `http://127.0.0.1:${ZALO_PORT}`, smsApiBase: `http://127.0.0.1:${SMS_PORT}` }),
  // every browser test comes from 127.0.0.1: one address asking for every project's codes
  CODES_PER_IP_HOUR: "200",
  // the demo buyer places orders in every project (phone and desktop, JavaScript on and off) and
  // leaves them unpaid: more unpaid parts than one real buyer may hold (ADR 015, tested in
  // tests/integration/integrity.test.ts)
  HOLD_MAX_UNPAID_PARTS: "100",
  HOLD_MAX_SHARE_OF_STOCK: "1",
};
