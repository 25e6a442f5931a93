// VietQR (NAPAS EMVCo) payloads for a bank transfer straight to the farm's own account, with the
// exact amount and the order's transfer reference, built and rendered offline.
import QRCode from "qrcode";
import { QRPay } from "vietnam-qr-pay";
import { listVietQrBanks } from "./banks.server";

export function vietQrPayload({ bankBin, accountNumber, amountVnd, reference }: { bankBin: string; accountNumber: string; amountVnd: number; reference: string }): string {
  if (!Number.isSafeInteger(amountVnd) || amountVnd <= 0) throw new RangeError("VietQR amount must be a positive whole number of đồng");
  const qr = QRPay.initVietQR({ bankBin, bankNumber: accountNumber, amount: String(amountVnd), purpose: reference });
  return qr.build();
}

/**
 * Bank apps that open pre-filled from a VietQR.io deep link (https://www.vietqr.io/deeplink):
 * the ones its changelog lists as supporting autofill. Other apps: scan the code or copy the text.
 */
export const DEEP_LINK_APPS = [
  { appId: "mb", name: "MB Bank" },
  { appId: "icb", name: "VietinBank iPay" },
  { appId: "bidv", name: "BIDV SmartBanking" },
  { appId: "acb", name: "ACB ONE" },
  { appId: "ocb", name: "OCB OMNI" },
] as const;

/** dl.vietqr.io/pay link for one app: `ba` keeps its "@" and `url` stays unencoded, as documented. */
export function bankAppDeepLink({ appId, bankCode, accountNumber, accountName, amountVnd, reference, returnUrl }: { appId: string; bankCode: string; accountNumber: string; accountName?: string | null; amountVnd: number; reference: string; returnUrl?: string }): string {
  const q = new URLSearchParams({ app: appId, am: String(amountVnd), tn: reference });
  if (accountName) q.set("bn", accountName);
  let link = `https://dl.vietqr.io/pay?${q.toString()}&ba=${encodeURIComponent(accountNumber)}@${bankCode.toLowerCase()}`;
  if (returnUrl) link += `&url=${returnUrl}`;
  return link;
}

export async function vietQr(input: { bankBin: string; accountNumber: string; amountVnd: number; reference: string; accountName: string | null; returnUrl?: string }) {
  const payload = vietQrPayload(input);
  const svg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const bank = listVietQrBanks().find((b) => b.bin === input.bankBin);
  const appLinks = bank
    ? DEEP_LINK_APPS.map((a) => ({ name: a.name, href: bankAppDeepLink({ appId: a.appId, bankCode: bank.code, accountNumber: input.accountNumber, accountName: input.accountName, amountVnd: input.amountVnd, reference: input.reference, returnUrl: input.returnUrl }) }))
    : [];
  return { payload, svg, bankName: bank ? `${bank.shortName} — ${bank.name}` : input.bankBin, accountNumber: input.accountNumber, accountName: input.accountName ?? "", appLinks };
}

/** Reads a payload back (tests, and the bank-notification matcher of a later issue). */
export function parseVietQr(payload: string) {
  const p = new QRPay(payload);
  return { valid: p.isValid, bankBin: p.consumer?.bankBin, accountNumber: p.consumer?.bankNumber, amount: Number(p.amount), reference: p.additionalData?.purpose };
}
