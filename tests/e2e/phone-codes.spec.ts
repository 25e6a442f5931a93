// Phone codes and what they unlock, on a phone and a desktop, with JavaScript on and off: sign-up
// with the code sent by Zalo, a forgotten password reset by a code (which ends every other
// session), and choosing how notifications come. The codes go through the app's real Zalo sender
// to the fake Zalo (playwright.config.ts) and are read back from it (./codes.ts).
// Codes asked for per project: 4 (sign-up 1, reset 2, channels 1), see the budget in ./codes.ts.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { maskedPhone, uniquePhone, waitForCode, wrongCode } from "./codes";

const hydrated = async (page: Page, js: boolean) => {
  if (js) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);
};

/** "0912345678" → "0912 345 678", how the account page writes a number. */
const spaced = (phone: string) => `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;

// Any error in any of the test's browsers fails it, except a status the test itself expects.
const allowed = new Set<string>();
const errors: string[] = [];
function watch(page: Page) {
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const status = /status of (\d{3})/.exec(m.text())?.[1];
    if (!status || !allowed.has(status)) errors.push(m.text());
  });
}
test.beforeEach(async ({ page }) => {
  allowed.clear();
  errors.length = 0;
  watch(page);
});
test.afterEach(async () => {
  expect(errors).toEqual([]);
});

type Person = { name: string; phone: string; password: string };

/** Sign-up through the two pages; ends logged in. Returns when the code reached the fake Zalo. */
async function signUp(page: Page, js: boolean, request: APIRequestContext, baseURL: string | undefined, who: Person): Promise<{ codeAt: number }> {
  await page.goto("/signup");
  await hydrated(page, js);
  await page.getByLabel("Họ và tên").fill(who.name);
  await page.getByLabel("Số điện thoại", { exact: true }).fill(who.phone);
  await page.getByLabel("Mật khẩu").fill(who.password);
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("heading", { name: "Nhập mã xác minh" })).toBeVisible();
  const { code, at } = await waitForCode(request, baseURL, who.phone);
  await hydrated(page, js);
  await page.getByLabel("Mã xác minh (6 số)").fill(code);
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toBeVisible();
  return { codeAt: at };
}

async function logIn(page: Page, js: boolean, phone: string, password: string) {
  await page.goto("/login");
  await hydrated(page, js);
  await page.getByLabel("Số điện thoại hoặc email").fill(phone);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

test("signs up with the code sent by Zalo: a wrong code is refused, the right one logs in with the phone verified", async ({ page, javaScriptEnabled: js, request, baseURL }) => {
  allowed.add("400"); // the wrong code answers 400 with the form and its error
  const phone = uniquePhone();

  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Tạo tài khoản" })).toBeVisible();
  await expect(page.getByText("Chúng tôi sẽ gửi mã 6 số qua Zalo hoặc tin nhắn SMS để xác minh số này.")).toBeVisible();
  await hydrated(page, js);
  await page.getByLabel("Họ và tên").fill("Trần Văn Hai");
  await page.getByLabel("Số điện thoại", { exact: true }).fill(phone);
  await page.getByLabel("Mật khẩu").fill("lua-gao-Tam-Thom-3");
  await page.getByRole("radio", { name: "Người mua" }).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();

  // the verify page says where the code went, without showing the whole number
  await expect(page).toHaveURL(/\/signup\/verify\?id=\w+$/);
  await expect(page.getByRole("heading", { name: "Nhập mã xác minh" })).toBeVisible();
  const sentTo = page.getByRole("status").filter({ hasText: "Chúng tôi đã gửi mã 6 số" });
  await expect(sentTo).toHaveText(`Chúng tôi đã gửi mã 6 số qua Zalo (hoặc tin nhắn SMS) tới ${maskedPhone(phone)}. Mã dùng được trong 5 phút.`);
  await expect(page.locator("body")).not.toContainText(phone);
  // a new code only after 60 s: with JavaScript the button counts down; without, the server says so if pressed
  if (js) {
    await hydrated(page, js);
    await expect(page.getByRole("button", { name: /^Gửi lại mã sau \d+ giây$/ })).toBeDisabled();
  } else {
    await expect(page.getByRole("button", { name: "Gửi lại mã" })).toBeEnabled();
  }
  const { code } = await waitForCode(request, baseURL, phone);

  // a wrong code: an explanation, still on the page, not logged in
  await page.getByLabel("Mã xác minh (6 số)").fill(wrongCode(code));
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByText("Mã không đúng. Kiểm tra lại tin Zalo/SMS mới nhất.")).toBeVisible();
  await expect(page).toHaveURL(/\/signup\/verify\?id=\w+$/);
  await expect(page.getByRole("link", { name: "Đăng nhập" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toHaveCount(0);

  // the right code: the account exists and this browser is logged in
  await hydrated(page, js);
  await page.getByLabel("Mã xác minh (6 số)").fill(code);
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toBeVisible();

  await page.getByRole("link", { name: "Tài khoản" }).click();
  await expect(page.getByText("Xin chào, Trần Văn Hai!")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: spaced(phone) })).toHaveText(`${spaced(phone)} · đã xác minh`);
});

test("a forgotten password, reset by a phone code, ends every other session; only the new password logs in", async ({
  page, javaScriptEnabled: js, request, baseURL, browser, viewport, isMobile, hasTouch, deviceScaleFactor, userAgent, locale,
}) => {
  test.setTimeout(150_000); // a second code to the same number only after 60 s
  allowed.add("429"); // asking for a code again too soon
  allowed.add("400"); // the old password refused
  const who: Person = { name: "Lê Thị Ba", phone: uniquePhone(), password: "ca-phe-Buon-Ma-4" };
  const newPassword = "sau-rieng-Ri6-Cai-Mon";

  const { codeAt } = await signUp(page, js, request, baseURL, who);

  // the same account logged in on another device
  const other = await browser.newContext({ baseURL, viewport, isMobile, hasTouch, deviceScaleFactor, userAgent, locale, javaScriptEnabled: js });
  const otherPage = await other.newPage();
  watch(otherPage);
  await logIn(otherPage, js, who.phone, who.password);
  await expect(otherPage.getByRole("link", { name: "Tài khoản" })).toBeVisible();
  await otherPage.goto("/account");
  await expect(otherPage.getByText("Xin chào, Lê Thị Ba!")).toBeVisible();
  await expect(otherPage.getByText("2 phiên đăng nhập")).toBeVisible();

  // this device logs out and has forgotten the password
  await page.getByRole("link", { name: "Tài khoản" }).click();
  await hydrated(page, js);
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
  await page.getByRole("link", { name: "Đăng nhập" }).click();
  await page.getByRole("link", { name: "Quên mật khẩu?" }).click();
  await expect(page.getByRole("heading", { name: "Quên mật khẩu" })).toBeVisible();
  await hydrated(page, js);
  await page.getByLabel("Số điện thoại", { exact: true }).fill(who.phone);
  await page.getByRole("button", { name: "Gửi mã" }).click();
  // the sign-up code went less than a minute ago
  await expect(page.getByText(/^Vui lòng đợi \d+ giây rồi xin mã mới\.$/)).toBeVisible();
  await expect(page.getByLabel("Số điện thoại", { exact: true })).toHaveValue(who.phone);

  await page.waitForTimeout(Math.max(0, codeAt + 61_000 - Date.now()));
  await page.getByRole("button", { name: "Gửi mã" }).click();
  await expect(page).toHaveURL(/\/reset-password\?id=\w+$/);
  await expect(page.getByRole("heading", { name: "Đặt mật khẩu mới" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Chúng tôi đã gửi mã 6 số" })).toContainText(`tới ${maskedPhone(who.phone)}.`);
  const { code } = await waitForCode(request, baseURL, who.phone, 2);
  await hydrated(page, js);
  await page.getByLabel("Mã xác minh (6 số)").fill(code);
  await page.getByLabel("Mật khẩu mới").fill(newPassword);
  await page.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("status")).toHaveText("Đã đặt mật khẩu mới. Mọi thiết bị khác đã được đăng xuất.");
  await expect(page.getByText("1 phiên đăng nhập")).toBeVisible();

  // the other device's session is gone
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await expect(otherPage.getByRole("link", { name: "Tài khoản" })).toHaveCount(0);

  // the old password no longer works there; the new one does, and goes on to the account page
  await hydrated(otherPage, js);
  await otherPage.getByLabel("Số điện thoại hoặc email").fill(who.phone);
  await otherPage.getByLabel("Mật khẩu").fill(who.password);
  await otherPage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(otherPage.getByText("Số điện thoại/email hoặc mật khẩu không đúng.")).toBeVisible();
  await otherPage.getByLabel("Số điện thoại hoặc email").fill(who.phone);
  await otherPage.getByLabel("Mật khẩu").fill(newPassword);
  await otherPage.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(otherPage).toHaveURL(/\/account$/);
  await expect(otherPage.getByText("Xin chào, Lê Thị Ba!")).toBeVisible();
  await other.close();
});

test("chooses how notifications come: no Zalo for order updates, no quiet hours; the choices are kept", async ({ page, javaScriptEnabled: js, request, baseURL }) => {
  await signUp(page, js, request, baseURL, { name: "Võ Văn Tư", phone: uniquePhone(), password: "thanh-long-Cho-Gao-5" });

  await page.getByRole("link", { name: "Tài khoản" }).click();
  await page.getByRole("link", { name: "Chọn" }).click();
  await expect(page.getByRole("heading", { name: "Nhận thông báo" })).toBeVisible();
  if (!js) await expect(page.getByText("Cần bật JavaScript để nhận thông báo đẩy trên thiết bị này.")).toBeVisible();
  await hydrated(page, js);
  // every label intact (a NUL byte in the server's HTML shows as U+FFFD and changes a checkbox's name)
  const html = await page.content();
  const bad = html.indexOf("\uFFFD");
  expect(bad === -1 ? "" : html.slice(Math.max(0, bad - 80), bad + 20), "U+FFFD in the page (a NUL byte in the server's HTML)").toBe("");

  const boxes = page.getByRole("checkbox");
  const states = async () => Object.fromEntries(await Promise.all((await boxes.all()).map(async (b) => [await b.getAttribute("aria-label") ?? (await b.getAttribute("name")), await b.isChecked()] as const)));
  const before = await states();
  const zalo = page.getByRole("checkbox", { name: "Đơn mua của tôi: xác nhận, giao hàng…: Zalo" });
  const quiet = page.getByRole("checkbox", { name: /^Giờ yên lặng 22:00–06:00/ });
  await expect(zalo).toBeChecked();
  await expect(quiet).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Đơn mua của tôi: xác nhận, giao hàng…: SMS" })).toBeChecked();

  await zalo.uncheck();
  await quiet.uncheck();
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("status")).toHaveText("Đã lưu cách nhận thông báo.");

  await page.getByRole("link", { name: "Chọn" }).click();
  await expect(page.getByRole("heading", { name: "Nhận thông báo" })).toBeVisible();
  await expect(zalo).not.toBeChecked();
  await expect(quiet).not.toBeChecked();
  expect(await states()).toEqual({ ...before, "Đơn mua của tôi: xác nhận, giao hàng…: Zalo": false, quietHours: false });
});
