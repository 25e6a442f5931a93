// Card payments for the CARD parts of an order: start a hosted checkout, then apply verified
// provider events exactly once (PaymentEvent by id) with conditional status updates, so replays
// and out-of-order deliveries change nothing twice.
import { recordOrderEvent } from "~/modules/orders/events.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db, Prisma, type Tx } from "~/utils/db.server";
import { returnStock } from "~/modules/orders/stock.server";
import { cardProvider } from "./availability.server";
import { applyRefundConfirmation } from "./refunds.server";
import type { PaymentWebhookEvent } from "./provider";
import { holdLimits } from "~/modules/orders/checkout.server";

export async function startCardPayment({ orderId, userId, origin }: { orderId: string; userId: string; origin: string }): Promise<{ ok: true; url: string } | { ok: false; error: "notYours" | "paymentUnavailable" | "nothingToPay" }> {
  const provider = cardProvider();
  if (!provider) return { ok: false, error: "paymentUnavailable" };
  const order = await db.order.findFirst({
    where: { id: orderId, buyerId: userId },
    select: { id: true, number: true, farmOrders: { where: { paymentMethod: "CARD", status: "AWAITING_PAYMENT" }, select: { id: true, subtotalVnd: true, reservedUntil: true, createdAt: true, farm: { select: { name: true } } } } },
  });
  if (!order) return { ok: false, error: "notYours" };
  if (order.farmOrders.length === 0) return { ok: false, error: "nothingToPay" };
  // Stripe requires expires_at at least 30 minutes ahead; the reservation is extended to match.
  const expiresAt = new Date(Math.max(Date.now() + 31 * 60_000, ...order.farmOrders.map((f) => f.reservedUntil?.getTime() ?? 0)));
  const session = await provider.createCheckout({
    orderId: order.id,
    orderNumber: order.number,
    parts: order.farmOrders.map((f) => ({ farmOrderId: f.id, label: `${order.number} · ${f.farm.name}`, amountVnd: f.subtotalVnd })),
    successUrl: `${origin}/orders/${order.id}?card=return`,
    cancelUrl: `${origin}/orders/${order.id}`,
    expiresAt,
  });
  // The hold follows the payment page, but never past holdLimits().maxMinutes after the order was
  // placed: starting a payment again and again does not keep the stock (ADR 015). A payment that
  // completes after the hold ended is refunded (applyPaymentEvent: "paid late").
  for (const f of order.farmOrders) {
    const cap = new Date(f.createdAt.getTime() + holdLimits().maxMinutes * 60_000);
    await db.farmOrder.updateMany({
      where: { id: f.id, status: "AWAITING_PAYMENT" },
      data: { paymentRef: session.ref, reservedUntil: new Date(Math.min(expiresAt.getTime(), cap.getTime())) },
    });
  }
  return { ok: true, url: session.url };
}

/** Applies one verified provider event; returns what it did ("duplicate" for a replay). */
export async function applyPaymentEvent(event: PaymentWebhookEvent, provider = "STRIPE"): Promise<string> {
  try {
    return await db.$transaction(async (tx) => {
      const outcome = await apply(tx, event);
      await tx.paymentEvent.create({ data: { id: `${provider}:${event.id}`, provider, type: event.kind === "IGNORED" ? event.type : event.kind, outcome } });
      return outcome;
    }).finally(deliverSoon);
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return "duplicate";
    throw e;
  }
}

async function apply(tx: Tx, event: PaymentWebhookEvent): Promise<string> {
  switch (event.kind) {
    case "PAID": {
      const select = { id: true, status: true, subtotalVnd: true, paymentIntent: true } as const;
      let parts = await tx.farmOrder.findMany({ where: { paymentRef: event.ref, paymentMethod: "CARD" }, select });
      // The buyer may have paid a page that a newer session has since replaced ("pay again"
      // while this payment's webhook was on its way): the session's metadata names its parts.
      if (parts.length === 0 && event.farmOrderIds?.length) parts = await tx.farmOrder.findMany({ where: { id: { in: event.farmOrderIds }, paymentMethod: "CARD" }, select });
      if (parts.length === 0) return "ignored: unknown session";
      const expected = parts.reduce((s, p) => s + p.subtotalVnd, 0);
      if (event.amountVnd !== expected) return `flagged: amount ${event.amountVnd} ≠ ${expected}`;
      let paid = 0, twice = 0;
      for (const p of parts) {
        const { count } = await tx.farmOrder.updateMany({
          where: { id: p.id, status: "AWAITING_PAYMENT" },
          data: { status: "PAID", paymentStatus: "PAID", paymentRef: event.ref, paymentIntent: event.paymentIntent, paidVnd: p.subtotalVnd, reservedUntil: null },
        });
        if (count === 1) {
          paid++;
          await recordOrderEvent(tx, { farmOrderId: p.id, fromStatus: "AWAITING_PAYMENT", toStatus: "PAID", actorRole: "PAYMENT", system: { key: "cardPaid" } });
        } else if (p.paymentIntent && event.paymentIntent && p.paymentIntent !== event.paymentIntent) {
          // already paid through another session: the buyer paid twice; shown in the timeline
          twice++;
          await recordOrderEvent(tx, { farmOrderId: p.id, fromStatus: p.status, toStatus: p.status, actorRole: "PAYMENT", system: { key: "cardPaidTwice", first: p.paymentIntent, second: event.paymentIntent } });
        } else if (p.status === "EXPIRED" || p.status === "CANCELLED") {
          // money arrived for a part that no longer holds stock: refund it, never fulfil it
          await tx.farmOrder.updateMany({ where: { id: p.id, paidVnd: null }, data: { paymentStatus: "REFUND_PENDING", paymentIntent: event.paymentIntent, paidVnd: p.subtotalVnd } });
          await recordOrderEvent(tx, { farmOrderId: p.id, fromStatus: p.status, toStatus: p.status, actorRole: "PAYMENT", system: { key: "cardPaidLate", status: p.status } });
        }
      }
      return twice ? `flagged: paid twice (${twice} of ${parts.length})` : `paid ${paid} of ${parts.length}`;
    }
    case "FAILED":
    case "EXPIRED": {
      const parts = await tx.farmOrder.findMany({ where: { paymentRef: event.ref, paymentMethod: "CARD" }, select: { id: true } });
      let released = 0;
      for (const p of parts) {
        const to = event.kind === "FAILED" ? "CANCELLED" : "EXPIRED";
        const { count } = await tx.farmOrder.updateMany({
          where: { id: p.id, status: "AWAITING_PAYMENT" },
          data: { status: to, paymentStatus: event.kind, reservedUntil: null },
        });
        if (count === 1) {
          released++;
          await returnStock(tx, p.id);
          await recordOrderEvent(tx, { farmOrderId: p.id, fromStatus: "AWAITING_PAYMENT", toStatus: to, actorRole: "PAYMENT", system: { key: event.kind === "FAILED" ? "cardFailed" : "cardExpired" } });
        }
      }
      return `released ${released}`;
    }
    case "REFUNDED":
      return `refunded ${await applyRefundConfirmation(tx, { paymentIntent: event.paymentIntent, refundedTotalVnd: event.amountRefundedVnd })} parts`;
    case "PENDING":
      return "pending";
    case "IGNORED":
      return `ignored: ${event.type}`;
  }
}
