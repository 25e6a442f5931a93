// A buyer searches the way Vietnamese people type, fills one cart from two farms, checks out paying
// one part by VietQR transfer and the other by card on the (fake) Stripe hosted page; each farm
// sees and fulfils its own part (the pepper farm weighs its sold-by-weight line, and the
// difference goes back to the card); the buyer sees the statuses. Phone and desktop, JS on and off.
import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./session";


test("a two-farm cart, one part paid by VietQR and one by card, each fulfilled by its farm", async ({ page, javaScriptEnabled: js, browser }) => {
  test.setTimeout(150_000);
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
  // several farms grow it; take Tư Dũng's (its owner logs in below)
  await page.getByRole("listitem").filter({ hasText: "Tiêu đen Châu Đức" }).filter({ hasText: "Vườn tiêu Tư Dũng" }).getByRole("link").first().click();
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
  await page.getByRole("group", { name: /Vườn tiêu Tư Dũng/ }).getByLabel("Thẻ ngân hàng (Stripe)").check();
  await page.getByRole("button", { name: "Đặt hàng" }).click();

  // Stripe's hosted page (a local fake): pay, and come back to the order
  await expect(page.getByRole("heading", { name: "Test payment" })).toBeVisible();
  await expect(page.getByText("Vườn tiêu Tư Dũng")).toBeVisible();
  await page.getByRole("button", { name: /^Pay/ }).click();
  await expect(page.getByRole("status")).toContainText("Cảm ơn bạn");
  const orderUrl = page.url().replace(/\?.*$/, "");
  const pepper = page.getByRole("region", { name: "Vườn tiêu Tư Dũng" });
  await expect(pepper.getByText("Đã thanh toán").first()).toBeVisible(); // the webhook arrived before the redirect
  await expect(page.getByRole("img", { name: /^VietQR CN/ })).toHaveCount(1); // only the transfer part has a QR
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

  // the pepper farm: its card-paid part, weighed lighter than ordered, then shipped
  const pepperFarm = await browser.newPage({ javaScriptEnabled: js, viewport: page.viewportSize()! });
  await logIn(pepperFarm, js, "0902000003", "ChoNong@2026");
  await pepperFarm.goto("/seller/orders");
  await pepperFarm.getByRole("listitem").filter({ hasText: "Nguyễn Thị Mua" }).first().getByRole("link").click();
  await expect(pepperFarm.getByText("Đã thanh toán").first()).toBeVisible();
  await expect(pepperFarm.getByRole("button", { name: "Đã nhận chuyển khoản" })).toHaveCount(0); // card: the provider confirms, not the farm
  await hydrated(pepperFarm, js);
  await pepperFarm.getByRole("button", { name: "Xác nhận đơn" }).click();
  await pepperFarm.getByLabel(/Tiêu đen Châu Đức/).fill("1,4");
  await pepperFarm.getByRole("button", { name: "Lưu khối lượng và tính lại giá" }).click();
  await expect(pepperFarm.getByText("(đặt 1,5)")).toBeVisible();
  await pepperFarm.getByRole("button", { name: "Đã đóng gói" }).click();
  await pepperFarm.getByRole("button", { name: "Đã gửi hàng" }).click();
  await expect(pepperFarm.getByText("Đang giao").first()).toBeVisible();
  await pepperFarm.close();

  await page.goto(orderUrl);
  await expect(utHa.getByText("Vườn đã xác nhận").first()).toBeVisible();
  await expect(utHa.getByRole("button", { name: "Huỷ phần đơn này" })).toHaveCount(0); // too late to cancel
  await expect(pepper.getByText("Đang giao").first()).toBeVisible();
  await expect(pepper.getByText("(đặt 1,5)")).toBeVisible();
  await expect(pepper.getByText(/^Đã hoàn .+₫$/)).toBeVisible(); // the fake Stripe confirmed the partial refund
  // the timeline says what the system did in the buyer's language (it used to be English text)
  await expect(pepper.getByText("Đã thanh toán bằng thẻ")).toBeVisible();
  await expect(pepper.getByText(/^Đã cân: Tiêu đen Châu Đức[^:]*: 1,5 → 1,4 kg; hoàn lại .+₫$/)).toBeVisible();
  await expect(pepper.getByText(/^Đã yêu cầu hoàn .+₫ qua cổng thanh toán$/)).toBeVisible();
  await expect(pepper.getByText(/^Cổng thanh toán đã hoàn .+₫$/)).toBeVisible();
});
