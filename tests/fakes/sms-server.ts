// The fake eSMS brand-name SMS gateway (tests/fakes/sms.ts) as its own process, for the browser
// tests: FAKE_SMS_PORT to listen on, FAKE_SMS_CALLBACK_URL for delivery reports when a request
// names no CallbackUrl. Point ESMS_API_BASE at it. GET /__fake/messages?phone=… shows what was
// sent; POST /__fake/control and /__fake/reset work the failure switches from another process.
import { startFakeSms } from "./sms";

const fake = await startFakeSms({ port: Number(process.env.FAKE_SMS_PORT ?? 3196), callbackUrl: process.env.FAKE_SMS_CALLBACK_URL || undefined });
console.log(`fake eSMS listening on ${fake.apiBase}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
