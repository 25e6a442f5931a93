// A newcomer's first visit, on a phone and a desktop, with JavaScript on and off (see the
// projects in playwright.config.ts): Vietnamese first, switch to English, sign up (with the code
// sent by Zalo, read from the fake Zalo), log out, log in.
import { expect, test, type Page } from "@playwright/test";
import { uniquePhone, waitForCode } from "./codes";

const hydrated = async (page: Page, js: boolean) => {
  if (js) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);
};

// Any error in the browser fails the test, except a status the test itself expects (a 403 page).
const allowed = new Set<string>();
const errors: string[] = [];
test.beforeEach(async ({ page }) => {
  allowed.clear();
  errors.length = 0;
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const status = /status of (\d{3})/.exec(m.text())?.[1];
    if (!status || !allowed.has(status)) errors.push(m.text());
  });
});

test.afterEach(async () => {
  expect(errors).toEqual([]);
});

test("opens in Vietnamese, switches to English and remembers it", async ({ page, javaScriptEnabled }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nông sản tươi, mua thẳng từ nhà vườn");
  await expect(page.getByText(/\d{1,3}(\.\d{3})+\s₫/).first()).toBeVisible(); // VND, Vietnamese grouping
  await hydrated(page, javaScriptEnabled);

  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fresh produce, straight from the farm");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.goto("/farms"); // remembered on the next page
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("All farms");
  await hydrated(page, javaScriptEnabled);
  await page.getByRole("button", { name: /Tiếng Việt/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tất cả nhà vườn");
});

test("signs up, logs out and logs back in", async ({ page, javaScriptEnabled, request, baseURL }) => {
  const phone = uniquePhone();
  const password = "vuon-xoai-Ba-Ria-9";
  allowed.add("400"); // a refused form answers 400 with the form and its errors

  await page.goto("/");
  await page.getByRole("link", { name: "Đăng ký" }).first().click();
  await expect(page.getByRole("heading", { name: "Tạo tài khoản" })).toBeVisible();
  await hydrated(page, javaScriptEnabled);

  // a mistake first: the server (or the browser) explains it in Vietnamese and keeps what was typed
  await page.getByLabel("Họ và tên").fill("Phạm Thị Lan");
  await page.getByLabel("Số điện thoại", { exact: true }).fill("0123 45");
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByText("Số điện thoại không hợp lệ", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Phạm Thị Lan");

  await page.getByLabel("Số điện thoại", { exact: true }).fill(phone);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("radio", { name: "Người mua" }).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();

  // the code the phone received by Zalo
  await expect(page.getByRole("heading", { name: "Nhập mã xác minh" })).toBeVisible();
  const { code } = await waitForCode(request, baseURL, phone);
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Mã xác minh (6 số)").fill(code);
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toBeVisible();

  await page.getByRole("link", { name: "Tài khoản" }).click();
  await expect(page.getByText("Xin chào, Phạm Thị Lan!")).toBeVisible();
  await hydrated(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();

  // wrong password: one generic message
  await page.getByRole("link", { name: "Đăng nhập" }).click();
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Số điện thoại hoặc email").fill(phone);
  await page.getByLabel("Mật khẩu").fill("not-my-password");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByText("Số điện thoại/email hoặc mật khẩu không đúng.")).toBeVisible();

  await page.getByLabel("Số điện thoại hoặc email").fill(phone.replace(/^0/, "+84 "));
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toBeVisible();
});

test("a farmer is kept out of the department's and admin pages; anonymous visitors are sent to log in", async ({ page, javaScriptEnabled }) => {
  allowed.add("403");
  await page.goto("/department");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdepartment$/);
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Số điện thoại hoặc email").fill("0901 000 002");
  await page.getByLabel("Mật khẩu").fill("ChoNong@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  // back where they wanted to go, which a farmer may not see
  await expect(page.getByText("Bạn không có quyền xem trang này.")).toBeVisible();
  const res = await page.request.get("/admin");
  expect(res.status()).toBe(403);
  await page.goto("/seller");
  await expect(page.getByRole("heading", { name: "Gian hàng của tôi" })).toBeVisible();
});
