// A commune's helper signs a household up on the helper's own phone (issue 17, ADR 017): the
// household's code from the fake Zalo, its own password, the printable guide; then the household
// logs in alone, sees who helps it, and ends the help. Phone and desktop, JavaScript on and off.
import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./session";
import { maskedPhone, uniquePhone, waitForCode } from "./codes";


const errors: string[] = [];
test.beforeEach(async ({ page }) => {
  errors.length = 0;
  page.on("pageerror", (e) => errors.push(String(e)));
});
test.afterEach(() => expect(errors).toEqual([]));

test("a helper opens a household's shop with the household's own code; the household takes over", async ({ page, javaScriptEnabled: js, request, baseURL }) => {
  const shots = test.info().project.name === "phone" ? "test-results/helper-" : null;
  const phone = uniquePhone();
  const name = `Trần Thị Hộ ${phone.slice(-3)}`;
  await logIn(page, js, "helper@chonong.vn", "ChoNong@2026");
  await page.getByRole("link", { name: "Hỗ trợ hộ dân" }).click();
  await expect(page.getByRole("heading", { name: "Hỗ trợ hộ dân lên chợ" })).toBeVisible();
  await expect(page.getByText("Bạn hỗ trợ ở: Xã Kim Long, Xã Ngãi Giao.")).toBeVisible();
  // the seeded stuck households of its communes, with their numbers to call
  await expect(page.getByRole("heading", { name: "Hộ đã mời nhưng chưa xác nhận" })).toBeVisible();

  await hydrated(page, js);
  const form = page.getByRole("region", { name: "Đăng ký cho một hộ" });
  await form.getByLabel("Họ tên chủ hộ").fill(name);
  await form.getByLabel("Số điện thoại của hộ").fill(phone);
  await form.getByLabel("Xã/phường").selectOption({ label: "Xã Ngãi Giao" });
  if (shots) await page.screenshot({ path: `${shots}form.png` });
  await form.getByRole("button", { name: "Gửi mã cho hộ" }).click();

  await expect(page).toHaveURL(/\/helper\/verify\?id=\w+$/);
  await expect(page.getByText(`Đã gửi mã tới ${maskedPhone(phone)} của ${name}`)).toBeVisible();
  await expect(page.getByText(/đồng ý mở gian hàng “Vườn nhà/)).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}verify.png` });
  const { code } = await waitForCode(request, baseURL, phone);
  await hydrated(page, js);
  await page.getByLabel("Mã 6 số hộ nhận được").fill(code);
  await page.getByRole("button", { name: "Hộ xác nhận" }).click();

  await expect(page.getByRole("heading", { name: `Đã mở Vườn nhà ${name}` })).toBeVisible();
  await hydrated(page, js);
  await page.getByLabel("Mật khẩu của hộ (ít nhất 8 ký tự)").fill("Vuon-Nha-Minh-2026");
  await page.getByRole("button", { name: "Lưu mật khẩu" }).click();

  // the guide to print: the farm's QR, the household's number, who helps
  await expect(page.getByText("Hộ đã đặt mật khẩu của mình. Hãy in hướng dẫn này cho hộ.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Chợ Nông — Vườn nhà ${name}`);
  await expect(page.getByRole("img", { name: /^Quét mã để mở trang của vườn/ })).toBeVisible();
  await expect(page.getByText(`Nhập số điện thoại của bạn: ${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}.`)).toBeVisible();
  await expect(page.getByText("Phạm Thị Hỗ Trợ — 0901 000 005")).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}guide.png`, fullPage: true });

  // the helper's page lists the farm now
  await page.goto("/helper");
  await expect(page.getByRole("region", { name: "Các vườn bạn đang hỗ trợ" }).getByText(`Vườn nhà ${name}`)).toBeVisible();

  // the household alone, on its own phone: its shop, its helper, and the end of the help
  await page.context().clearCookies();
  await logIn(page, js, phone, "Vuon-Nha-Minh-2026");
  await page.goto("/seller");
  await page.getByRole("link", { name: "Thông tin vườn" }).first().click();
  await page.getByRole("link", { name: /Thành viên/ }).first().click();
  await expect(page.getByText("Người hỗ trợ được thêm ảnh, sản phẩm và xử lý đơn giúp bạn")).toBeVisible();
  const helperRow = page.getByRole("listitem").filter({ hasText: "Phạm Thị Hỗ Trợ" });
  await expect(helperRow).toContainText("Người hỗ trợ (tổ công nghệ số)");
  await helperRow.getByRole("button", { name: "Kết thúc hỗ trợ" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Phạm Thị Hỗ Trợ" })).toHaveCount(0);
});
