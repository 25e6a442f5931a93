// Banks that take VietQR (NAPAS) transfers, from the vietnam-qr-pay package's bank list.
import { BanksObject } from "vietnam-qr-pay";

type Bank = { bin: string; code: string; shortName: string; name: string };

const banks: Bank[] = Object.values(BanksObject as Record<string, { bin: string; code: string; shortName: string; name: string; vietQRStatus: number }>)
  .filter((b) => b.vietQRStatus > 0 && /^\d{6}$/.test(b.bin))
  .map(({ bin, code, shortName, name }) => ({ bin, code, shortName, name }))
  .sort((a, b) => a.shortName.localeCompare(b.shortName, "vi"));

export function listVietQrBanks(): Bank[] {
  return banks;
}

export function isVietQrBank(bin: string): boolean {
  return banks.some((b) => b.bin === bin);
}
