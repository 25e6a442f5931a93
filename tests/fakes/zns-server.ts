// The fake Zalo (tests/fakes/zns.ts: ZNS send, OA token refresh, delivery webhook) as its own
// process, for the browser tests: FAKE_ZALO_PORT to listen on, FAKE_ZALO_CALLBACK_URL to deliver
// signed user_received_message events to. Point both ZALO_API_BASE and ZALO_OAUTH_BASE at it.
// GET /__fake/messages?phone=84… shows what was sent; POST /__fake/control and /__fake/reset work
// the failure switches from another process.
import { startFakeZalo } from "./zns";

const fake = await startFakeZalo({ port: Number(process.env.FAKE_ZALO_PORT ?? 3197), callbackUrl: process.env.FAKE_ZALO_CALLBACK_URL || undefined });
console.log(`fake Zalo listening on ${fake.apiBase}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
