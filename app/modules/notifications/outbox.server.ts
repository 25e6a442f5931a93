// One message per event, never two: messages are written with a dedupe key inside the same
// transaction as the change they announce, then delivered by SMTP (nodemailer) when SMTP_URL is
// set. Without SMTP they stay in the outbox, readable by the admin.
import nodemailer from "nodemailer";
import { db, type Tx } from "~/utils/db.server";
import { formatVnd } from "~/modules/i18n/format";
import { defaultLocale, isLocale, type Locale } from "~/modules/i18n/i18n";
import { i18nFor } from "~/modules/i18n/i18next.server";
import { redactForLog } from "~/modules/security/log.server";

type Message = { dedupeKey: string; recipient: string; subject: string; body: string };

export async function enqueue(tx: Tx, messages: Message[]): Promise<void> {
  for (const m of messages) {
    // upsert with an empty update: a retried event finds its message already there
    await tx.outboxMessage.upsert({ where: { dedupeKey: m.dedupeKey }, create: m, update: {} });
  }
}

/** The recipient's language for messages (the account's choice), Vietnamese by default. */
export async function messagesIn(locale: string | null | undefined) {
  const lng: Locale = isLocale(locale) ? locale : defaultLocale;
  const { t } = await i18nFor(lng);
  return { t, lng, money: (vnd: number) => formatVnd(vnd, lng) };
}

/** Messages for a farm order status change: to the buyer, and to the farm's members for new orders, each in their own language. */
export async function farmOrderMessages(tx: Tx, farmOrderId: string, toStatus: string): Promise<Message[]> {
  const fo = await tx.farmOrder.findUnique({
    where: { id: farmOrderId },
    select: {
      subtotalVnd: true,
      farm: { select: { name: true, members: { select: { user: { select: { email: true, phone: true, locale: true } } } } } },
      order: { select: { number: true, buyer: { select: { email: true, phone: true, locale: true } } } },
    },
  });
  if (!fo) return [];
  // the message's values in the recipient's language
  const inLanguage = async (locale: string | null | undefined) => {
    const { t, money } = await messagesIn(locale);
    return { t, values: { number: fo.order.number, farm: fo.farm.name, amount: money(fo.subtotalVnd), status: t(`orders.status.${toStatus}`) } };
  };
  const out: Message[] = [];
  const buyer = fo.order.buyer?.email ?? fo.order.buyer?.phone;
  if (buyer) {
    const { t, values } = await inLanguage(fo.order.buyer?.locale);
    out.push({ dedupeKey: `farm-order:${farmOrderId}:${toStatus}:buyer`, recipient: buyer, subject: t("notify.partSubject", values), body: t("notify.partBody", values) });
  }
  if (toStatus === "AWAITING_PAYMENT" || toStatus === "PAID") {
    for (const m of fo.farm.members) {
      const to = m.user.email ?? m.user.phone;
      if (!to) continue;
      const { t, values } = await inLanguage(m.user.locale);
      out.push({
        dedupeKey: `farm-order:${farmOrderId}:${toStatus}:farm:${to}`,
        recipient: to,
        subject: t(toStatus === "PAID" ? "notify.farmPaidSubject" : "notify.farmNewSubject", values),
        body: t("notify.farmBody", values),
      });
    }
  }
  return out;
}

export async function notifyFarmOrder(tx: Tx, farmOrderId: string, toStatus: string): Promise<void> {
  await enqueue(tx, await farmOrderMessages(tx, farmOrderId, toStatus));
}

let transport: nodemailer.Transporter | null | undefined;
function smtp(): nodemailer.Transporter | null {
  if (transport === undefined) transport = process.env.SMTP_URL ? nodemailer.createTransport(process.env.SMTP_URL) : null;
  return transport;
}

/** Sends pending e-mail messages (phones wait for an SMS sender). Safe to run from several processes. */
export async function deliverOutbox({ limit = 50 } = {}): Promise<{ sent: number; failed: number }> {
  const mailer = smtp();
  if (!mailer) return { sent: 0, failed: 0 };
  const pending = await db.outboxMessage.findMany({ where: { sentAt: null, attempts: { lt: 5 }, recipient: { contains: "@" } }, orderBy: { createdAt: "asc" }, take: limit });
  let sent = 0, failed = 0;
  for (const m of pending) {
    // claim it: only one process sends a given message
    const claim = await db.outboxMessage.updateMany({ where: { id: m.id, sentAt: null, attempts: m.attempts }, data: { attempts: { increment: 1 } } });
    if (claim.count !== 1) continue;
    try {
      await mailer.sendMail({ from: process.env.SMTP_FROM ?? "Chợ Nông <no-reply@chonong.vn>", to: m.recipient, subject: m.subject, text: m.body });
      await db.outboxMessage.update({ where: { id: m.id }, data: { sentAt: new Date(), lastError: null } });
      sent++;
    } catch (e) {
      await db.outboxMessage.update({ where: { id: m.id }, data: { lastError: String((e as Error).message).slice(0, 500) } });
      failed++;
    }
  }
  return { sent, failed };
}

export async function listOutbox({ take = 50 } = {}) {
  return db.outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take, select: { id: true, recipient: true, subject: true, createdAt: true, sentAt: true, lastError: true } });
}

// deliveries started by deliverSoon and not finished yet: a shutting-down process waits for them
// (startHousekeeping's stop) before it closes the database
const inFlight = new Set<Promise<void>>();

/** Delivers in the background after a change committed; a failure is retried on the next change. */
export function deliverSoon(): void {
  if (!smtp()) return;
  const delivery: Promise<void> = deliverOutbox()
    .then(() => {})
    // SMTP errors quote addresses: redacted (ADR 011)
    .catch((e) => console.warn(redactForLog(`outbox delivery failed: ${(e as Error).message}`)))
    .finally(() => inFlight.delete(delivery));
  inFlight.add(delivery);
}

/** Resolves when every delivery deliverSoon started has finished (sent, or failed and logged). */
export async function deliveriesSettled(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}

/** Tests and config reloads: forget the SMTP transport built from SMTP_URL. */
export function resetMailer(): void {
  transport = undefined;
}
