// What can be sent, on which channels, in which order (ADR 014). Shared by the server and the
// account page (which topics a person may choose channels for).

/** The ways a message can reach someone, in the order they are tried for order messages. */
export const CHANNELS = ["PUSH", "ZNS", "SMS", "EMAIL"] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (CHANNELS as readonly string[]).includes(value);
}

/**
 * Kinds of message. CODE and SECURITY are about the account itself: never held by quiet hours and
 * not subject to preferences. The others belong to a topic a person chooses channels for.
 */
export const KINDS = [
  "CODE", // a one-time code (sign-up, phone change, password reset or change)
  "SECURITY", // the password was changed, someone tried to sign up with your number…
  "ORDER_NEW", // to the farm: a buyer ordered
  "ORDER_PAID", // to the farm: the transfer arrived, or the card payment went through
  "TRANSFER_FLAGGED", // to the farm: a transfer that does not match (amount, account, too late)
  "ORDER_CANCELLED", // to the farm: the buyer cancelled
  "HOLD_EXPIRING", // to the farm and the buyer: the stock held for an unpaid part is released in 10 minutes
  "STOCK_LOW", // to the farm: a product is running out
  "ORDER_STATUS", // to the buyer: paid, confirmed, shipped, ready for pick-up, delivered, cancelled, expired
  "ORDER_WEIGHED", // to the buyer: the weighed lines and the new amount
  "ORDER_REFUNDED", // to the buyer: money returned
  "INVITE", // to a listed household (no account yet): the commune invites it to sell (ADR 017)
  "LEGACY", // written by the previous release into OutboxMessage (subject and body only)
] as const;
export type Kind = (typeof KINDS)[number];

/** What a person chooses channels for on the account page. */
export const TOPICS = ["NEW_ORDER", "PAYMENT", "CANCELLED", "HOLD_EXPIRING", "STOCK_LOW", "ORDER_UPDATES", "REFUND"] as const;
export type Topic = (typeof TOPICS)[number];
/** Topics about a farm's orders: shown to farm members only. */
export const FARM_TOPICS: readonly Topic[] = ["NEW_ORDER", "PAYMENT", "CANCELLED", "HOLD_EXPIRING", "STOCK_LOW"];
export const BUYER_TOPICS: readonly Topic[] = ["ORDER_UPDATES", "REFUND"];

export function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && (TOPICS as readonly string[]).includes(value);
}

/** The topic of a kind (null: the account's own messages, which cannot be turned off). */
export function topicOf(kind: Kind, audience: "FARM" | "BUYER"): Topic | null {
  switch (kind) {
    case "CODE":
    case "SECURITY":
      return null;
    case "ORDER_NEW":
      return "NEW_ORDER";
    case "ORDER_PAID":
    case "TRANSFER_FLAGGED":
      return "PAYMENT";
    case "ORDER_CANCELLED":
      return "CANCELLED";
    case "HOLD_EXPIRING":
      return audience === "FARM" ? "HOLD_EXPIRING" : "ORDER_UPDATES";
    case "STOCK_LOW":
      return "STOCK_LOW";
    case "ORDER_REFUNDED":
      return "REFUND";
    default:
      return "ORDER_UPDATES";
  }
}

/** Channels to try, in order, before preferences and reachability narrow them down. */
export function fallbackOrder(kind: Kind): readonly Channel[] {
  // a code proves the phone (or e-mail) it is sent to: never a push to some device
  if (kind === "CODE") return ["ZNS", "SMS", "EMAIL"];
  if (kind === "SECURITY") return ["ZNS", "SMS", "EMAIL"];
  return CHANNELS;
}

/** Sent at any hour: the person is waiting for it, or it is about their account's safety. */
export function isUrgent(kind: Kind): boolean {
  return kind === "CODE" || kind === "SECURITY";
}

/** "PUSH,ZNS" -> ["PUSH", "ZNS"], unknown names dropped, in the fixed order. */
export function parseChannels(value: string | null | undefined): Channel[] {
  const wanted = new Set((value ?? "").split(",").map((s) => s.trim()));
  return CHANNELS.filter((c) => wanted.has(c));
}
