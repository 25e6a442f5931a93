// The environment that points the app's real Zalo and eSMS senders at the local fakes, wherever
// those listen (tests/fakes/messaging.ts for tests in this process, tests/e2e/env.ts for the
// browser tests' server).
import { FAKE_SMS_API_KEY, FAKE_SMS_BRANDNAME, FAKE_SMS_SECRET_KEY } from "./sms";
import { FAKE_ZALO_ACCESS_TOKEN, FAKE_ZALO_APP_ID, FAKE_ZALO_APP_SECRET, FAKE_ZALO_OA_SECRET, FAKE_ZALO_REFRESH_TOKEN, FAKE_ZNS_TEMPLATE_IDS } from "./zns";

export function fakeMessagingEnv({ zaloApiBase, zaloOauthBase, smsApiBase }: { zaloApiBase: string; zaloOauthBase: string; smsApiBase: string }): Record<string, string> {
  return {
    ZALO_APP_ID: FAKE_ZALO_APP_ID,
    ZALO_APP_SECRET: FAKE_ZALO_APP_SECRET,
    ZALO_OA_SECRET_KEY: FAKE_ZALO_OA_SECRET,
    ZALO_ACCESS_TOKEN: FAKE_ZALO_ACCESS_TOKEN,
    ZALO_REFRESH_TOKEN: FAKE_ZALO_REFRESH_TOKEN,
    ZALO_ZNS_TEMPLATES: JSON.stringify(FAKE_ZNS_TEMPLATE_IDS),
    ZALO_API_BASE: zaloApiBase,
    ZALO_OAUTH_BASE: zaloOauthBase,
    ESMS_API_KEY: FAKE_SMS_API_KEY,
    ESMS_SECRET_KEY: FAKE_SMS_SECRET_KEY,
    ESMS_BRANDNAME: FAKE_SMS_BRANDNAME,
    ESMS_API_BASE: smsApiBase,
  };
}
