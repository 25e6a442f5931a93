// The fake Stripe as its own process, for the browser tests (playwright.config.ts starts it next
// to the app): FAKE_STRIPE_PORT to listen on, FAKE_STRIPE_WEBHOOK_URL to deliver events to.
import { startFakeStripe } from "./stripe";

const fake = await startFakeStripe({ port: Number(process.env.FAKE_STRIPE_PORT ?? 3199), webhookUrl: process.env.FAKE_STRIPE_WEBHOOK_URL });
console.log(`fake Stripe listening on ${fake.apiBase}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
