// One-time codes in the browser tests: the app sends them through its real Zalo ZNS sender to the
// fake Zalo that playwright.config.ts starts on PORT+98; the tests read them back from the fake's
// GET /__fake/messages?phone=84…, as the phone's owner would read the Zalo message.
//
// Budget (app/modules/auth/codes.server.ts): one code per number per 60 s, 5 an hour per number,
// 20 an hour per IP, and every request here comes from 127.0.0.1. Per project (×4) the specs ask
// for: newcomer 1, phone-codes 4 (sign-up 1, reset 2, channels 1) = 5, so 20 a run.
import { expect, type APIRequestContext } from "@playwright/test";
import { FAKE_ZNS_TEMPLATE_IDS, type ZaloMessage } from "../fakes/zns";

let serial = 0;
/** A fresh Vietnamese mobile number, 09 + 8 digits, as a person types it. */
export function uniquePhone(): string {
  serial = (serial + 1) % 10;
  return `09${String(Date.now()).slice(-5)}${serial}${Math.floor(Math.random() * 90 + 10)}`;
}

/** 0912345678 (or +84 912 345 678) → 84912345678, how Zalo names a phone. */
export const zaloPhone = (typed: string) => {
  const digits = typed.replace(/\D/g, "");
  return digits.startsWith("0") ? `84${digits.slice(1)}` : digits;
};

/** "0912 ••• 678": how the code pages show where the code went. */
export const maskedPhone = (typed: string) => {
  const national = `0${zaloPhone(typed).slice(2)}`;
  return `${national.slice(0, 4)} ••• ${national.slice(-3)}`;
};

export function fakeZaloBase(baseURL: string | undefined): string {
  const port = Number(new URL(baseURL ?? "http://127.0.0.1:3100").port);
  return `http://127.0.0.1:${port + 98}`;
}

/** The one-time-code messages the fake Zalo accepted for this number, oldest first. */
export async function codeMessages(request: APIRequestContext, baseURL: string | undefined, phone: string): Promise<ZaloMessage[]> {
  const res = await request.get(`${fakeZaloBase(baseURL)}/__fake/messages?phone=${zaloPhone(phone)}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as ZaloMessage[]).filter((m) => m.templateId === FAKE_ZNS_TEMPLATE_IDS.CODE);
}

/**
 * Waits for code number `nth` (1 = the first ever sent to this number) to reach the fake Zalo and
 * returns it with when it arrived. The app sends right after its transaction commits.
 */
export async function waitForCode(request: APIRequestContext, baseURL: string | undefined, phone: string, nth = 1): Promise<{ code: string; at: number }> {
  let found: ZaloMessage | undefined;
  await expect
    .poll(async () => {
      found = (await codeMessages(request, baseURL, phone))[nth - 1];
      return found?.templateData.otp ?? null;
    }, { message: `code #${nth} to ${phone} on the fake Zalo`, timeout: 15_000 })
    .toMatch(/^\d{6}$/);
  return { code: found!.templateData.otp, at: found!.at };
}

/** Another 6-digit code than `code`. */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
