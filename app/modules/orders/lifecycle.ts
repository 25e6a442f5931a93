/** How long checkout holds stock for an unpaid order. */
export const RESERVATION_MINUTES = 30;

// The farm order state machine. Shared by server and UI (which buttons to show).
export const FARM_ORDER_STATUSES = [
  "AWAITING_PAYMENT", "PAID", "CONFIRMED", "PACKED", "SHIPPED", "READY_FOR_PICKUP", "DELIVERED", "CANCELLED", "EXPIRED",
] as const;
export type FarmOrderStatus = (typeof FARM_ORDER_STATUSES)[number];
export type Actor = "FARM" | "BUYER" | "SYSTEM" | "PAYMENT";

const FARM: Partial<Record<FarmOrderStatus, FarmOrderStatus[]>> = {
  AWAITING_PAYMENT: ["PAID", "CANCELLED"], // PAID: the farm saw the bank transfer arrive
  PAID: ["CONFIRMED", "CANCELLED"],
  CONFIRMED: ["PACKED", "CANCELLED"],
  PACKED: ["SHIPPED", "READY_FOR_PICKUP", "CANCELLED"],
  SHIPPED: ["DELIVERED"],
  READY_FOR_PICKUP: ["DELIVERED"],
};
const BUYER: Partial<Record<FarmOrderStatus, FarmOrderStatus[]>> = {
  AWAITING_PAYMENT: ["CANCELLED"],
  PAID: ["CANCELLED"], // before the farm confirms
};
const SYSTEM: Partial<Record<FarmOrderStatus, FarmOrderStatus[]>> = { AWAITING_PAYMENT: ["EXPIRED", "PAID"] };

export function allowedTransitions(
  order: { status: string; fulfilment: string; paymentMethod: string },
  actor: Actor,
): FarmOrderStatus[] {
  const table = actor === "FARM" ? FARM : actor === "BUYER" ? BUYER : SYSTEM;
  return (table[order.status as FarmOrderStatus] ?? []).filter((to) => {
    if (to === "SHIPPED") return order.fulfilment === "DELIVERY";
    if (to === "READY_FOR_PICKUP") return order.fulfilment === "PICKUP";
    if (to === "PAID" && actor === "FARM") return order.paymentMethod === "VIETQR"; // card payments are confirmed by the provider only
    return true;
  });
}

export function canTransition(order: { status: string; fulfilment: string; paymentMethod: string }, to: string, actor: Actor): to is FarmOrderStatus {
  return (allowedTransitions(order, actor) as string[]).includes(to);
}

/** States in which the order's stock is taken out of the shelf. */
export function holdsStock(status: string): boolean {
  return !["CANCELLED", "EXPIRED"].includes(status);
}
