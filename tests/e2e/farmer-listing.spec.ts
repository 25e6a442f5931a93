// A new farm household, on a phone: sign up, open the shop step by step, list a product with a
// photo from disk, publish; then a buyer sees it on the farm page with the processed image.
// Runs in every project (phone/desktop × JavaScript on/off), so the no-JavaScript path is covered.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { sidewaysPhoneJpeg } from "../fakes/images";
import { officerVerifiesSeller, uniquePhone, waitForCode } from "./codes";

let photo: string;
test.beforeAll(async () => {
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-e2e-")), "xoai.jpg");
  fs.writeFileSync(photo, await sidewaysPhoneJpeg());
});

const hydrated = async (page: Page, js: boolean) => {
  if (js) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);
};

test("a farmer goes from sign-up to a published product with a photo", async ({ page, javaScriptEnabled, browser, baseURL }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => errors.push(`dialog: ${d.message()}`)); // a script in the story must never run
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const farmName = `Vườn Xoài Chú Tư ${tag}`;

  await page.goto("/signup");
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Họ và tên").fill("Chú Tư");
  const phone = uniquePhone();
  await page.getByLabel("Số điện thoại", { exact: true }).fill(phone);
  await page.getByLabel("Mật khẩu").fill("xoai-cat-Hoa-Loc-1");
  await page.getByRole("radio", { name: "Hộ nông dân (bán hàng)" }).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  // the number is proven by the code Zalo brings to the phone
  await expect(page.getByRole("heading", { name: "Nhập mã xác minh" })).toBeVisible();
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Mã xác minh (6 số)").fill((await waitForCode(page.request, baseURL, phone)).code);
  await page.getByRole("button", { name: "Xác minh" }).click();

  // step 1: the farm
  await page.getByRole("link", { name: "Mở gian hàng cho nhà vườn" }).click();
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Tên nhà vườn").fill(farmName);
  await page.getByLabel("Xã/phường").selectOption({ label: "Xã Long Điền" });
  await page.getByLabel("Số điện thoại liên hệ").fill("0912 345 678");
  await page.getByLabel("Câu chuyện nhà vườn").fill("Xoài <b>ngọt</b> lắm.<script>alert('xss')</script>");
  await page.getByRole("button", { name: "Tạo gian hàng" }).click();

  // step 2: a cover photo
  await expect(page.getByRole("link", { name: "2. Ảnh" })).toHaveAttribute("aria-current", "page");
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Ảnh bìa").setInputFiles(photo);
  await page.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(page.getByRole("img", { name: "Ảnh bìa" })).toBeVisible();
  await page.getByRole("link", { name: "Tiếp tục →" }).click();

  // step 3: bank account for VietQR transfers
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Ngân hàng").selectOption({ value: "970436" });
  await page.getByLabel("Số tài khoản").fill("0071000123456");
  await page.getByLabel("Tên chủ tài khoản").fill("nguyen van tu");
  await page.getByRole("button", { name: "Tiếp tục →" }).click();
  await expect(page.getByRole("link", { name: "4. Chứng nhận" })).toHaveAttribute("aria-current", "page");

  // the law asks for the seller's verified identity before publishing: an officer saw the ID card
  await officerVerifiesSeller(browser, baseURL!, phone, "Nguyễn Văn Tư", javaScriptEnabled);

  // list a product
  await page.goto("/seller");
  await page.getByRole("link", { name: "+ Đăng sản phẩm" }).click();
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel("Ảnh sản phẩm").setInputFiles(photo);
  await page.getByLabel("Tên sản phẩm").fill(`Xoài cát Hòa Lộc ${tag}`);
  await page.getByLabel("Danh mục").selectOption({ label: "Trái cây" });
  await page.getByLabel("Đơn vị bán").selectOption({ value: "kg" });
  await page.getByLabel("Giá mỗi đơn vị (đồng)").fill("-5");
  await page.getByLabel("Số lượng đang có").fill("40");
  await page.getByLabel("Bán theo cân (khách chọn số cân)").check();
  await page.getByLabel("Bước cân").fill("0,5");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.getByText("Giá không được âm.")).toBeVisible();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue(`Xoài cát Hòa Lộc ${tag}`); // nothing typed is lost

  await page.getByLabel("Giá mỗi đơn vị (đồng)").fill("85.000");
  // without JavaScript the refused form comes back from the server, and no server can refill a file input
  await page.getByLabel("Ảnh sản phẩm").setInputFiles(photo);
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu.");
  await expect(page.getByText("Trạng thái: Đang bán")).toBeVisible();
  await expect(page.getByText("★ Ảnh bìa")).toBeVisible();

  // a buyer, in a fresh browser, finds it on the farm page
  const buyer = await browser.newPage({ javaScriptEnabled, viewport: page.viewportSize()! });
  buyer.on("dialog", (d) => errors.push(`dialog: ${d.message()}`));
  const productHref = (await page.getByRole("link", { name: "Xem trang sản phẩm" }).getAttribute("href"))!;
  await buyer.goto(productHref);
  await expect(buyer.getByText("Người bán: Nguyễn Văn Tư (đã xác minh danh tính)")).toBeVisible(); // as the e-commerce law asks
  await buyer.getByRole("link", { name: farmName }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(farmName);
  await expect(buyer.getByText("Xoài <b>ngọt</b> lắm.<script>alert('xss')</script>")).toBeVisible(); // shown as text
  const card = buyer.getByRole("link", { name: new RegExp(`Xoài cát Hòa Lộc ${tag}`) });
  await expect(card).toContainText("85.000 ₫/kg".replace(" ", "\u00a0"));
  const img = card.getByRole("img");
  await expect(img).toHaveAttribute("srcset", /\/media\/[0-9a-f]{2}\/[0-9a-f]{32}-200\.webp 200w/);
  const src = await img.getAttribute("src");
  const res = await buyer.request.get(src!);
  expect(res.headers()["content-type"]).toBe("image/webp");
  expect(res.headers()["cache-control"]).toContain("immutable");
  await buyer.close();
  expect(errors).toEqual([]);
});
