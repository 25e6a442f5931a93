// Periodic work every app process does on its own: release stock of unpaid orders whose
// reservation ran out, warn of holds about to end, ask again for card refunds the provider did not
// take, send the notifications that are due (retries, quiet hours over), forget old codes,
// messages and household-list dry runs nobody imported.
// Each step is idempotent and claims rows with conditional updates, so several processes (or a
// process and a page read doing the same release) never do a thing twice.
import { purgeOldCodes } from "~/modules/auth/codes.server";
import { deliverDue, purgeOldNotifications, stopDelivering } from "~/modules/notifications/deliver.server";
import { adoptLegacyOutbox } from "~/modules/notifications/outbox.server";
import { purgeStaleChecks } from "~/modules/onboarding/import.server";
import { announceExpiringHolds } from "~/modules/orders/announce.server";
import { releaseExpiredReservations } from "~/modules/orders/orders.server";
import { retryOwedCardRefunds } from "~/modules/payments/refunds.server";

export type HousekeepingReport = { released: number; refundsAsked: number; holdsWarned: number; sent: number };

export async function runHousekeeping(now = new Date()): Promise<HousekeepingReport> {
  const released = await releaseExpiredReservations(now);
  const holdsWarned = await announceExpiringHolds(now);
  const refundsAsked = await retryOwedCardRefunds();
  await adoptLegacyOutbox();
  let sent = 0;
  for (let batch = 0; batch < 100; batch++) {
    const r = await deliverDue({ now: new Date() });
    sent += r.sent;
    if (r.claimed < 32 && r.failedOver === 0) break;
  }
  await purgeOldCodes(now);
  await purgeOldNotifications(now);
  await purgeStaleChecks(now);
  return { released, refundsAsked, holdsWarned, sent };
}

/**
 * Starts the timer (server.js calls this once per process; HOUSEKEEPING_INTERVAL_MS=0 turns it
 * off). Runs never overlap; a failing run is logged and the next one tries again. `stop()` clears
 * the timer and resolves once a run in progress, and any notification delivery a request started
 * (deliverSoon), has finished, so a shutting-down process can disconnect the database after it.
 */
export function startHousekeeping({ intervalMs = Number(process.env.HOUSEKEEPING_INTERVAL_MS ?? 60_000) } = {}): { stop: () => Promise<void> } {
  if (!(intervalMs > 0)) return { stop: stopDelivering };
  let current: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (current || stopped) return;
    current = (async () => {
      try {
        const r = await runHousekeeping();
        if (r.released || r.refundsAsked || r.holdsWarned || r.sent) console.log(`housekeeping: released ${r.released}, holds warned ${r.holdsWarned}, refunds asked ${r.refundsAsked}, messages sent ${r.sent}`);
      } catch (e) {
        console.error("housekeeping failed:", (e as Error).message);
      } finally {
        current = null;
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await current;
      await stopDelivering(); // messages a request started sending after its change committed
    },
  };
}
