// The three message providers' fakes together (Zalo ZNS + OAuth, eSMS, a Web Push service) and
// the environment that points the app's real senders at them (app/modules/notifications).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakePushService } from "./push";
import { fakeMessagingEnv } from "./messaging-env";
import { startFakeSms } from "./sms";
import { startFakeZalo } from "./zns";

export async function startMessagingFakes({ zaloCallbackUrl, smsCallbackUrl, dailyQuota = 1_000_000 }: { zaloCallbackUrl?: string; smsCallbackUrl?: string; dailyQuota?: number } = {}) {
  const zalo = await startFakeZalo({ callbackUrl: zaloCallbackUrl, dailyQuota });
  const sms = await startFakeSms({ callbackUrl: smsCallbackUrl });
  const push = await startFakePushService();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-push-ca-"));
  const caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, push.ca);
  const env: Record<string, string> = {
    ...fakeMessagingEnv({ zaloApiBase: zalo.apiBase, zaloOauthBase: zalo.oauthBase, smsApiBase: sms.apiBase }),
    WEB_PUSH_CA_FILE: caFile,
  };
  return {
    zalo,
    sms,
    push,
    env,
    /** Points this process's senders at the fakes (they read process.env at call time). */
    useInThisProcess: () => Object.assign(process.env, env),
    forgetInThisProcess: () => {
      for (const k of Object.keys(env)) delete process.env[k];
    },
    close: async () => {
      await Promise.all([zalo.close(), sms.close(), push.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type MessagingFakes = Awaited<ReturnType<typeof startMessagingFakes>>;

/** +84912345678 → 84912345678 (how Zalo names a phone) and 0912345678 (how eSMS does). */
export const zaloPhone = (e164: string) => e164.replace(/^\+/, "");
export const esmsPhone = (e164: string) => "0" + e164.replace(/^\+84/, "");
