// Bank-transfer notifications (VietQR): a bank or aggregator posts each incoming transfer, signed
// with HMAC-SHA256 over the raw body (shared secret BANK_WEBHOOK_SECRET). A transfer whose content
// carries an order's reference, to that farm's account, for exactly its amount, marks it PAID;
// anything else is recorded as flagged for the farm to look at, never silently accepted.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { recordOrderEvent } from "~/modules/orders/events.server";
import type { FarmOrderStatus } from "~/modules/orders/lifecycle";
import type { SystemNote } from "~/modules/orders/notes.server";
import { deliverSoon } from "~/modules/notifications/deliver.server";
import { db, Prisma } from "~/utils/db.server";

export const BankNotificationSchema = z.object({
  id: z.string().min(1).max(100),
  accountNumber: z.string().regex(/^\d{6,19}$/),
  amount: z.number().int().positive(),
  content: z.string().max(500),
});

export function bankWebhookSecret(): string | null {
  return process.env.BANK_WEBHOOK_SECRET || null;
}

export function signBankPayload(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

export function verifyBankSignature(body: string, signature: string | null, secret: string): boolean {
  if (!signature || !/^[a-f0-9]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signBankPayload(body, secret), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

export async function applyBankTransfer(n: z.infer<typeof BankNotificationSchema>): Promise<string> {
  const ref = /CN[A-HJ-NP-Z2-9]{8}/.exec(n.content.toUpperCase().replace(/\s+/g, ""))?.[0];
  try {
    const outcome = await db.$transaction(async (tx) => {
      let outcome: string;
      let flagged: SystemNote | null = null; // what the farm sees in the timeline
      const part = ref
        ? await tx.farmOrder.findUnique({ where: { transferRef: ref }, select: { id: true, status: true, subtotalVnd: true, paymentMethod: true, bankAccountNumber: true } })
        : null;
      if (!part) outcome = `flagged: unknown reference${ref ? ` ${ref}` : ""}`;
      else if (part.paymentMethod !== "VIETQR" || part.bankAccountNumber !== n.accountNumber) {
        outcome = `flagged: ${ref} paid to another account`;
        flagged = { key: "transferWrongAccount", ref: ref! };
      } else if (n.amount !== part.subtotalVnd) {
        outcome = `flagged: ${ref} amount ${n.amount} ≠ ${part.subtotalVnd}`;
        flagged = { key: "transferWrongAmount", ref: ref!, amountVnd: n.amount, expectedVnd: part.subtotalVnd };
      } else {
        const { count } = await tx.farmOrder.updateMany({ where: { id: part.id, status: "AWAITING_PAYMENT" }, data: { status: "PAID", paymentStatus: "PAID", paidVnd: n.amount, reservedUntil: null } });
        outcome = count === 1 ? `paid ${ref}` : `flagged: ${ref} already ${part.status.toLowerCase()}`;
        if (count === 1) await recordOrderEvent(tx, { farmOrderId: part.id, fromStatus: "AWAITING_PAYMENT", toStatus: "PAID", actorRole: "PAYMENT", system: { key: "transferPaid", ref: ref! } });
        else flagged = { key: "transferLate", ref: ref!, status: part.status as FarmOrderStatus };
      }
      if (part && flagged) {
        // visible in the farm's timeline, without changing the status
        await recordOrderEvent(tx, { farmOrderId: part.id, fromStatus: part.status, toStatus: part.status, actorRole: "PAYMENT", system: flagged });
      }
      await tx.paymentEvent.create({ data: { id: `BANK:${n.id}`, provider: "BANK", type: "TRANSFER", outcome } });
      return outcome;
    });
    deliverSoon(); // the farm hears of the money, or of a transfer to check
    return outcome;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return "duplicate";
    throw e;
  }
}
