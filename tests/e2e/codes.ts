// One-time codes in the browser tests: the app sends them through its real Zalo ZNS sender to the
// fake Zalo that playwright.config.ts starts on PORT+98; the tests read them back from the fake's
// GET /__fake/messages?phone=84…, as the phone's owner would read the Zalo message.
//
// Budget (app/modules/auth/codes.server.ts): one code per number per 60 s, 5 an hour per number,
// and CODES_PER_IP_HOUR per client address — every request here comes from 127.0.0.1, so
// playwright.config.ts raises that to 200 for the run (each project asks for about 8).
import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { FAKE_ZNS_TEMPLATE_IDS, type ZaloMessage } from "../fakes/zns";
import { ZALO_PORT } from "./env";
import { logIn } from "./session";

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

/** The fake Zalo every e2e server sends to (tests/e2e/env.ts), whichever app server a test uses. */
export function fakeZaloBase(_baseURL?: string): string {
  return `http://127.0.0.1:${ZALO_PORT}`;
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

/**
 * A whole sign-up through the forms' endpoints with this request context (a page's `page.request`
 * shares its cookies): the form, the code from the fake Zalo, the code back. Leaves it logged in.
 */
export async function signUpWithCode(
  request: APIRequestContext,
  baseURL: string,
  { name, phone = uniquePhone(), password, role }: { name: string; phone?: string; password: string; role: "BUYER" | "FARMER" },
): Promise<{ phone: string }> {
  const started = await request.post(`${baseURL}/signup`, { form: { name, identifier: phone, password, role }, headers: { Origin: baseURL }, maxRedirects: 0 });
  expect(started.status()).toBe(302);
  const verify = started.headers()["location"];
  expect(verify).toMatch(/^\/signup\/verify\?id=/);
  const { code } = await waitForCode(request, baseURL, phone);
  const id = new URL(verify, baseURL).searchParams.get("id")!;
  const done = await request.post(`${baseURL}${verify}`, { form: { id, code }, headers: { Origin: baseURL }, maxRedirects: 0 });
  expect(done.status()).toBe(302);
  return { phone };
}

/**
 * An officer verifies the seller with this phone in person (/department/sellers, ADR 018), in a
 * browser context of its own, through the page's own forms: from the law's date (2026-07-01) a
 * seller publishes only with a verified identity. Returns the verified name.
 */
export async function officerVerifiesSeller(browser: Browser, baseURL: string, phone: string, fullName: string, javaScriptEnabled = true): Promise<string> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  const page = await context.newPage();
  await logIn(page, javaScriptEnabled, "officer@chonong.vn");
  await page.goto(`/department/sellers?phone=${encodeURIComponent(phone)}`);
  const item = page.getByRole("listitem").filter({ hasText: phone.replace(/^(\d{4})(\d{3})(\d{3})$/, "$1 $2 $3") });
  await item.getByText("Xác minh trực tiếp").click();
  await item.getByLabel("Họ và tên (như trên thẻ căn cước)").fill(fullName);
  await item.getByLabel("Số định danh cá nhân (12 số)").fill(`077180${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`);
  await item.getByLabel("Ngày sinh").fill("1980-05-05");
  await item.getByRole("button", { name: "Tôi đã xem thẻ căn cước — xác nhận" }).click();
  await expect(page.getByText("Đã xác minh danh tính người bán.")).toBeVisible();
  await context.close();
  return fullName;
}
