// Periodic work every app process does on its own: release stock of unpaid orders whose
// reservation ran out, ask again for card refunds the provider did not take, send pending e-mail.
// Each step is idempotent and claims rows with conditional updates, so several processes (or a
// process and a page read doing the same release) never do a thing twice.
import { deliveriesSettled, deliverOutbox } from "~/modules/notifications/outbox.server";
import { releaseExpiredReservations } from "~/modules/orders/orders.server";
import { retryOwedCardRefunds } from "~/modules/payments/refunds.server";

export type HousekeepingReport = { released: number; refundsAsked: number; mailed: number };

export async function runHousekeeping(now = new Date()): Promise<HousekeepingReport> {
  const released = await releaseExpiredReservations(now);
  const refundsAsked = await retryOwedCardRefunds();
  const { sent } = await deliverOutbox();
  return { released, refundsAsked, mailed: sent };
}

/**
 * Starts the timer (server.js calls this once per process; HOUSEKEEPING_INTERVAL_MS=0 turns it
 * off). Runs never overlap; a failing run is logged and the next one tries again. `stop()` clears
 * the timer and resolves once a run in progress, and any e-mail delivery a request started
 * (deliverSoon), has finished, so a shutting-down process can disconnect the database after it.
 */
export function startHousekeeping({ intervalMs = Number(process.env.HOUSEKEEPING_INTERVAL_MS ?? 60_000) } = {}): { stop: () => Promise<void> } {
  if (!(intervalMs > 0)) return { stop: deliveriesSettled };
  let current: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (current || stopped) return;
    current = (async () => {
      try {
        const r = await runHousekeeping();
        if (r.released || r.refundsAsked || r.mailed) console.log(`housekeeping: released ${r.released}, refunds asked ${r.refundsAsked}, mailed ${r.mailed}`);
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
      await deliveriesSettled(); // e-mail a request started sending after its change committed
    },
  };
}
