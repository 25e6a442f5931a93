// Steps about orders that span modules (orders, payments, notifications), in one place, so that
// the modules need not import each other in a circle (payments → orders only). Each says what it
// does when a later step fails.
//
//   placeOrderAndPay  checkout (orders) → card payment page (payments)
//   transitionFarmOrder  a status move (orders) → the card refund a cancelled paid part is owed (payments)
//   recordFinalWeights   weighing (orders) → the card refund of the difference (payments)
//   getBuyerOrder        the buyer's order (orders) + the VietQR code of each unpaid transfer (payments)
import { changeFarmOrderStatus, readBuyerOrder, type TransitionResult } from "~/modules/orders/orders.server";
import { applyFinalWeights, type WeighingResult } from "~/modules/orders/weighing.server";
import { placeOrder, type PlaceOrderResult } from "~/modules/orders/checkout.server";
import { startCardPayment } from "~/modules/payments/card.server";
import { requestCardRefund } from "~/modules/payments/refunds.server";
import { vietQr } from "~/modules/payments/vietqr.server";
import { redactForLog } from "~/modules/security/log.server";
import { env } from "~/utils/env.server";

/**
 * Places the order, then — when a part is paid by card — opens the provider's payment page.
 * If the payment page cannot be opened the order stands (its stock held as for any unpaid order)
 * and the buyer's order page offers "pay by card" again: nothing is undone.
 */
export async function placeOrderAndPay(args: Parameters<typeof placeOrder>[0] & { origin: string }): Promise<PlaceOrderResult & { payUrl?: string }> {
  const res = await placeOrder(args);
  if (!res.ok || !args.input.farms.some((f) => f.paymentMethod === "CARD")) return res;
  const card = await startCardPayment({ orderId: res.orderId, userId: args.userId, origin: args.origin }).catch((e: unknown) => {
    console.warn(redactForLog(`card checkout could not start: ${(e as Error).message}`));
    return null;
  });
  return card?.ok ? { ...res, payUrl: card.url } : res;
}

/**
 * Moves a farm order. A cancelled part that was paid by card is refunded after the cancellation
 * commits: a provider outage must not undo the cancellation. The part stays REFUND_PENDING
 * (visible to the farm and the admins, retried by housekeeping) until the provider confirms.
 */
export async function transitionFarmOrder(args: Parameters<typeof changeFarmOrderStatus>[0]): Promise<TransitionResult> {
  const res = await changeFarmOrderStatus(args);
  if (!res.ok) return res;
  if (res.cardRefundDue) await requestCardRefund({ farmOrderId: args.farmOrderId });
  return { ok: true };
}

/** Final weights; a card part that paid more is refunded the difference, as above. */
export async function recordFinalWeights(args: Parameters<typeof applyFinalWeights>[0]): Promise<Exclude<WeighingResult, { ok: true }> | { ok: true; refundVnd: number; subtotalVnd: number }> {
  const res = await applyFinalWeights(args);
  if (!res.ok) return res;
  const { cardRefundDue, ...done } = res;
  if (cardRefundDue) await requestCardRefund({ farmOrderId: args.farmOrderId });
  return done;
}

/** The buyer's order with, for each unpaid bank-transfer part, the VietQR code of the account it was placed with. */
export async function getBuyerOrder(args: { userId: string; orderId: string }) {
  const order = await readBuyerOrder(args);
  if (!order) return null;
  const farmOrders = await Promise.all(
    order.farmOrders.map(async (fo) => ({
      ...fo,
      vietQr:
        fo.paymentMethod === "VIETQR" && fo.status === "AWAITING_PAYMENT" && fo.bankBin && fo.bankAccountNumber
          ? await vietQr({ bankBin: fo.bankBin, accountNumber: fo.bankAccountNumber, accountName: fo.bankAccountName, amountVnd: fo.subtotalVnd, reference: fo.transferRef, returnUrl: `${env.PUBLIC_URL}/orders/${order.id}` })
          : null,
    })),
  );
  return { ...order, farmOrders };
}
