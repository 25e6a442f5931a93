// Shared by the browser tests: waiting for hydration (with JavaScript on) and logging in through the
// real form (the demo accounts' password by default).
import { expect, type Page } from "@playwright/test";

export async function hydrated(page: Page, js: boolean) {
  if (js) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);
}

export async function logIn(page: Page, js: boolean, identifier: string, password = "ChoNong@2026") {
  await page.goto("/login");
  await hydrated(page, js);
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toBeVisible();
}
