// A buyer searches the way Vietnamese people type, fills one cart from two farms, checks out with
// a VietQR transfer for each part; the farm sees its part, confirms the transfer and the order;
// the buyer sees the new status. Phone and desktop, JavaScript on and off.
import { expect, test, type Page } from "@playwright/test";

const hydrated = async (page: Page, js: boolean) => {
  if (js) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);
};

async function logIn(page: Page, js: boolean, identifier: string, password: string) {
  await page.goto("/login");
  await hydrated(page, js);
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toBeVisible();
}

test("a two-farm cart, paid by VietQR, fulfilled by the farm", async ({ page, javaScriptEnabled: js, browser }) => {
  test.setTimeout(120_000);
  // as a guest: the cart lives in a cookie and joins the account at log-in
  await page.goto("/farms/vuon-sau-rieng-ut-ha");
  await page.getByRole("list").last().getByRole("link").first().click();
  const first = await page.getByRole("heading", { level: 1 }).innerText();
  await hydrated(page, js);
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await expect(page.getByText("Đã thêm vào giỏ hàng.")).toBeVisible();

  await page.goto("/");
  await hydrated(page, js);
  await page.getByRole("searchbox").fill("tieu den");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.getByRole("heading", { name: "Tiêu đen Châu Đức" }).first().click();
  await hydrated(page, js);
  await page.getByLabel(/Số lượng/).fill("1,5");
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await expect(page.getByText("Đã thêm vào giỏ hàng.")).toBeVisible();

  await logIn(page, js, "buyer@chonong.vn", "ChoNong@2026");
  await page.goto("/cart");
  await expect(page.getByRole("region")).toHaveCount(2); // one section per farm
  await expect(page.getByRole("link", { name: first })).toBeVisible();
  await page.getByRole("link", { name: "Đặt hàng" }).click();

  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByLabel("Địa chỉ giao hàng")).toHaveCount(2);
  for (const address of await page.getByLabel("Địa chỉ giao hàng").all()) await address.fill("25 Trần Hưng Đạo, Phường Bà Rịa");
  await expect(page.getByLabel("Thẻ ngân hàng (Stripe)").first()).toBeDisabled();
  await page.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(page.getByRole("status")).toContainText("Đã đặt đơn");
  await expect(page.getByRole("img", { name: /^VietQR CN/ })).toHaveCount(2);
  const orderUrl = page.url();
  const utHa = page.getByRole("region", { name: "Vườn sầu riêng Út Hà" });
  await expect(utHa.getByText("Chờ thanh toán").first()).toBeVisible();
  const reference = await utHa.locator("dd.font-mono").last().innerText();
  expect(reference).toMatch(/^CN[A-Z2-9]{8}$/);

  // the farm, on its own phone
  const farm = await browser.newPage({ javaScriptEnabled: js, viewport: page.viewportSize()! });
  await logIn(farm, js, "farmer@chonong.vn", "ChoNong@2026");
  await farm.goto("/seller/orders");
  await farm.getByRole("listitem").filter({ hasText: "Nguyễn Thị Mua" }).first().getByRole("link").click();
  await expect(farm.getByText(reference)).toBeVisible();
  await hydrated(farm, js);
  await farm.getByRole("button", { name: "Đã nhận chuyển khoản" }).click();
  await expect(farm.getByRole("button", { name: "Xác nhận đơn" })).toBeVisible();
  await farm.getByRole("button", { name: "Xác nhận đơn" }).click();
  await expect(farm.getByRole("button", { name: "Đã đóng gói" })).toBeVisible();
  await farm.close();

  await page.goto(orderUrl);
  await expect(utHa.getByText("Vườn đã xác nhận").first()).toBeVisible();
  await expect(utHa.getByRole("button", { name: "Huỷ phần đơn này" })).toHaveCount(0); // too late to cancel
  // the other farm's part is still awaiting payment, and the buyer may cancel it
  const other = page.getByRole("region").filter({ hasNotText: "Vườn sầu riêng Út Hà" }).first();
  await hydrated(page, js);
  await other.getByRole("button", { name: "Huỷ phần đơn này" }).click();
  await expect(other.getByText("Đã huỷ").first()).toBeVisible();
});
