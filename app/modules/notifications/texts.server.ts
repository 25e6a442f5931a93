// A notification's words, made when it is sent from what was stored when it was written (its kind,
// values and the recipient's language): a title and body (Web Push, e-mail), a short text for SMS
// (without diacritics: brand-name SMS are registered that way and a Unicode SMS holds 70
// characters instead of 160), and the values of its ZNS template (ADR 014).
import { formatDate, formatVnd } from "~/modules/i18n/format";
import { defaultLocale, isLocale, type Locale } from "~/modules/i18n/i18n";
import { i18nFor } from "~/modules/i18n/i18next.server";
import { env } from "~/utils/env.server";
import type { Kind } from "./channels";

export type Params = Record<string, string | number | null | undefined>;

export type Rendered = {
  title: string;
  body: string;
  /** ASCII text for SMS, link included when it fits */
  sms: string;
  /** absolute address of the page it is about ("" when none) */
  url: string;
  /** the ZNS template it goes in (README, "Zalo ZNS templates") and that template's values */
  zns: { template: ZnsTemplateKey; data: Record<string, string> };
};

/**
 * The five ZNS templates an operator registers with Zalo, and the parameters each takes (Zalo's
 * parameter types and maximum lengths). ZNS templates are approved in Vietnamese, so their values
 * are Vietnamese whatever the recipient's language.
 */
export const ZNS_TEMPLATES = {
  CODE: { otp: 10, minutes: 20 },
  SECURITY: { customer_name: 30, event: 30, time: 20 },
  BUYER_ORDER: { customer_name: 30, order_code: 30, farm_name: 200, status: 30, amount: 20 },
  FARM_ORDER: { farm_name: 200, order_code: 30, customer_name: 30, status: 30, amount: 20 },
  STOCK_LOW: { farm_name: 200, product_name: 200, quantity: 20 },
} as const satisfies Record<string, Record<string, number>>;
export type ZnsTemplateKey = keyof typeof ZNS_TEMPLATES;

export function znsTemplateFor(kind: Kind): ZnsTemplateKey | null {
  switch (kind) {
    case "CODE":
      return "CODE";
    case "SECURITY":
      return "SECURITY";
    case "STOCK_LOW":
      return "STOCK_LOW";
    case "ORDER_NEW":
    case "ORDER_PAID":
    case "TRANSFER_FLAGGED":
    case "ORDER_CANCELLED":
      return "FARM_ORDER";
    case "ORDER_STATUS":
    case "ORDER_WEIGHED":
    case "ORDER_REFUNDED":
      return "BUYER_ORDER";
    case "HOLD_EXPIRING":
      return null; // decided by the audience (renderNotification)
    default:
      return null; // LEGACY: no template
  }
}

/** ZNS: a template message carries at most 400 characters of values. */
export const ZNS_MAX_TOTAL = 400;
/** Two concatenated GSM-7 segments (153 characters each). */
export const SMS_MAX = 306;

/** Keeps `text` to `max` characters, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

/** What an SMS can carry cheaply: Vietnamese without diacritics ("đ" as "d"), case kept. */
export function smsText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[—–]/g, "-")
    .replace(/…/g, "...")
    .replace(/→/g, "->")
    .replace(/₫/g, "d")
    .replace(/\u00a0/g, " ")
    .replace(/[^\x20-\x7e]/g, "");
}

export function absoluteUrl(link: string): string {
  if (!link) return "";
  return new URL(link, env.PUBLIC_URL).toString();
}

/** The sub-kind that picks a text and a ZNS template: the status, the flag, the security event… */
function variantOf(kind: Kind, p: Params): string | null {
  if (kind === "SECURITY") return String(p.event ?? "");
  if (kind === "ORDER_STATUS") return String(p.status ?? "");
  if (kind === "TRANSFER_FLAGGED") return String(p.reason ?? "");
  if (kind === "HOLD_EXPIRING") return p.audience === "BUYER" ? "BUYER" : "FARM";
  return null;
}

export async function renderNotification(n: { kind: string; params: string | Params; locale: string; link: string }): Promise<Rendered> {
  const kind = n.kind as Kind;
  const p: Params = typeof n.params === "string" ? (JSON.parse(n.params || "{}") as Params) : n.params;
  const lng: Locale = isLocale(n.locale) ? n.locale : defaultLocale;
  const { t } = await i18nFor(lng);
  const money = (v: unknown) => (typeof v === "number" ? formatVnd(v, lng) : "");
  const url = absoluteUrl(n.link);
  const v = {
    number: String(p.number ?? ""),
    farm: String(p.farm ?? ""),
    amount: money(p.amountVnd),
    payment: p.payment ? t(`notify.payment.${p.payment}`) : "",
    status: p.status ? t(`orders.status.${p.status}`) : "",
    code: String(p.code ?? ""),
    minutes: String(p.minutes ?? ""),
    target: String(p.target ?? ""),
    actor: String(p.actor ?? ""),
    reason: String(p.reason ?? ""),
    ref: String(p.ref ?? ""),
    expected: money(p.expectedVnd),
    time: p.until ? formatDate(new Date(String(p.until)), lng, { hour: "2-digit", minute: "2-digit" }) : "",
    product: String(p.product ?? ""),
    left: String(p.left ?? ""),
    lines: String(p.lines ?? ""),
    from: money(p.fromVnd),
    to: money(p.toVnd),
    helper: String(p.helper ?? ""),
    commune: String(p.commune ?? ""),
    name: String(p.name ?? ""),
  };
  const variant = variantOf(kind, p);
  let title: string, body: string, sms: string | null = null;
  switch (kind) {
    case "CODE":
      // a helper signing the household up in person (ADR 017): who asks for the code, and that it
      // goes into their phone only when the household is with them
      title = t("notify.CODE.title");
      body = t(p.purpose === "ASSIST" ? "notify.CODE.assistBody" : "notify.CODE.body", v);
      sms = t(p.purpose === "ASSIST" ? "notify.CODE.assistSms" : "notify.CODE.sms", v);
      break;
    case "SECURITY":
      title = t(`notify.SECURITY.${variant}.title`, v);
      body = t(`notify.SECURITY.${variant}.body`, v);
      break;
    case "TRANSFER_FLAGGED":
      title = t("notify.TRANSFER_FLAGGED.title", v);
      body = t(`notify.TRANSFER_FLAGGED.${variant}`, v);
      break;
    case "HOLD_EXPIRING":
      title = t(variant === "BUYER" ? "notify.HOLD_EXPIRING.buyerTitle" : "notify.HOLD_EXPIRING.farmTitle", v);
      body = t(variant === "BUYER" ? "notify.HOLD_EXPIRING.buyerBody" : "notify.HOLD_EXPIRING.farmBody", v);
      break;
    case "ORDER_WEIGHED":
      title = t("notify.ORDER_WEIGHED.title", { ...v, amount: money(p.toVnd) });
      body = t("notify.ORDER_WEIGHED.body", v) + (typeof p.refundVnd === "number" && p.refundVnd > 0 ? ` ${t("notify.ORDER_WEIGHED.refund", { amount: money(p.refundVnd) })}` : "");
      break;
    case "LEGACY":
      title = String(p.subject ?? "");
      body = String(p.body ?? "");
      break;
    default:
      title = t(`notify.${kind}.title`, v);
      body = t(`notify.${kind}.body`, v);
  }
  const withLink = (text: string) => (url ? `${text} ${t("notify.open", { url })}` : text);
  const smsBase = smsText(sms ?? body);
  const smsLinked = url ? smsText(withLink(smsBase)) : smsBase;
  return {
    title,
    body: withLink(body),
    sms: clip(smsLinked.length <= SMS_MAX ? smsLinked : smsBase, SMS_MAX),
    url,
    zns: await znsValues(kind, p, variant),
  };
}

/** The ZNS template's values, in Vietnamese, each cut to its parameter's length. */
async function znsValues(kind: Kind, p: Params, variant: string | null): Promise<Rendered["zns"]> {
  const { t } = await i18nFor("vi");
  const template: ZnsTemplateKey = kind === "HOLD_EXPIRING" ? (variant === "BUYER" ? "BUYER_ORDER" : "FARM_ORDER") : (znsTemplateFor(kind) ?? "BUYER_ORDER");
  // amounts as the template writes them: "<amount> đ"
  const amount = (v: unknown) => (typeof v === "number" ? new Intl.NumberFormat("vi-VN").format(v) : "");
  const time = p.until ? formatDate(new Date(String(p.until)), "vi", { hour: "2-digit", minute: "2-digit" }) : "";
  let status = "";
  if (kind === "ORDER_STATUS") status = t(`orders.status.${p.status}`);
  else if (kind !== "CODE" && kind !== "SECURITY" && kind !== "STOCK_LOW") status = t(`notify.label.${kind}`, { time });
  const values: Record<string, string> = {
    otp: String(p.code ?? ""),
    minutes: String(p.minutes ?? ""),
    customer_name: String(kind === "SECURITY" ? (p.name ?? "") : (p.buyer ?? "")),
    event: kind === "SECURITY" ? t(`notify.label.${p.event}`) : "",
    time: kind === "SECURITY" ? formatDate(new Date(), "vi", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit" }) : time,
    order_code: String(p.number ?? ""),
    farm_name: String(p.farm ?? ""),
    status,
    amount: amount(kind === "ORDER_WEIGHED" ? p.toVnd : p.amountVnd),
    product_name: String(p.product ?? ""),
    quantity: String(p.left ?? ""),
  };
  const data: Record<string, string> = {};
  let total = 0;
  for (const [name, max] of Object.entries(ZNS_TEMPLATES[template])) {
    const value = clip(values[name] || "-", Math.max(1, Math.min(max, ZNS_MAX_TOTAL - total)));
    data[name] = value;
    total += [...value].length;
  }
  return { template, data };
}
