// The one interface every channel's sender implements (ADR 014). A sender makes one attempt and
// says what happened; the outbox (deliver.server.ts) decides about retrying and falling back.
import type { Channel, Kind } from "./channels";
import type { Rendered } from "./texts.server";

export type Outgoing = {
  /** the delivery row's id: sent with every attempt (tracking id, request id, Topic, Message-ID) */
  deliveryId: string;
  kind: Kind;
  userId: string | null;
  phone: string | null;
  email: string | null;
  text: Rendered;
  /** after this the message is pointless (a code, a hold about to end) */
  expiresAt: Date | null;
};

/** Who a message can reach: the addresses proven to be theirs and their devices. */
export type Reachability = { kind: Kind; phone: string | null; email: string | null; pushSubscriptions: number };

export type SendOutcome =
  | { ok: true; providerRef?: string }
  /**
   * `retry`: a passing trouble (network, outage, rate limit, expired token): the same channel again
   * later, with the same id. Otherwise this channel cannot carry this message (not a Zalo user, no
   * template, quota spent, subscription gone): the next channel at once.
   */
  | { ok: false; retry: boolean; error: string };

export interface Sender {
  channel: Channel;
  /** Whether this message can go this way at all (an address to send to, a template…). */
  canCarry(r: Reachability): boolean | Promise<boolean>;
  send(o: Outgoing): Promise<SendOutcome>;
}

/** Network failures and timeouts: the provider may come back; try the same channel later. */
export function transient(error: unknown): SendOutcome {
  const e = error as { name?: string; code?: string; cause?: { code?: string }; message?: string };
  const code = e?.cause?.code ?? e?.code ?? e?.name ?? "error";
  return { ok: false, retry: true, error: `${code}: ${String(e?.message ?? error).slice(0, 200)}` };
}

/** fetch with a deadline: a provider that never answers must not hold a delivery's lease. */
export async function fetchWithTimeout(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
  const { timeoutMs = 10_000, ...rest } = init;
  return fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
}
