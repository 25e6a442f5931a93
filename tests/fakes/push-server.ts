// The fake Web Push service (tests/fakes/push.ts) as its own process, for the browser tests:
// FAKE_PUSH_PORT to listen on. A page cannot call subscribe() in this process, so it (or the test)
// POSTs /__fake/subscribe for a subscription; GET /__fake/received shows what arrived, and
// POST /__fake/control and /__fake/reset work the failure switches. web-push sends over TLS, so the
// app process must trust this fake's certificate: GET /__fake/ca.pem, or FAKE_PUSH_CA_FILE, which
// is written before the "listening" line.
import { writeFileSync } from "node:fs";
import { startFakePushService } from "./push";

const fake = await startFakePushService({ port: Number(process.env.FAKE_PUSH_PORT ?? 3198) });
if (process.env.FAKE_PUSH_CA_FILE) writeFileSync(process.env.FAKE_PUSH_CA_FILE, fake.ca);
console.log(`fake push service listening on ${fake.origin}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
