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

export async function vietQr(input: { bankBin: string; accountNumber: string; amountVnd: number; reference: string; accountName: string | null }) {
  const payload = vietQrPayload(input);
  const svg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const bank = listVietQrBanks().find((b) => b.bin === input.bankBin);
  return { payload, svg, bankName: bank ? `${bank.shortName} — ${bank.name}` : input.bankBin, accountNumber: input.accountNumber, accountName: input.accountName ?? "" };
}

/** Reads a payload back (tests, and the bank-notification matcher of a later issue). */
export function parseVietQr(payload: string) {
  const p = new QRPay(payload);
  return { valid: p.isValid, bankBin: p.consumer?.bankBin, accountNumber: p.consumer?.bankNumber, amount: Number(p.amount), reference: p.additionalData?.purpose };
}
