// With JavaScript on, a big phone photo is shrunk in the browser before it is uploaded (mobile data
// is slow and paid by the megabyte); without JavaScript the same form uploads the original.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";

test("a 12-megapixel photo leaves the phone much smaller, and is stored either way", async ({ page, javaScriptEnabled }) => {
  test.setTimeout(90_000);
  // a 4000×3000 photo with texture, like a phone camera's
  const raw = Buffer.alloc(4000 * 3000 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cho-nong-e2e-")), "big.jpg");
  fs.writeFileSync(file, await sharp(raw, { raw: { width: 4000, height: 3000, channels: 3 } }).jpeg({ quality: 92 }).toBuffer());
  const original = fs.statSync(file).size;

  await page.goto("/login");
  if (javaScriptEnabled) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);
  await page.getByLabel("Số điện thoại hoặc email").fill("farmer@chonong.vn");
  await page.getByLabel("Mật khẩu").fill("ChoNong@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("link", { name: "Tài khoản" })).toBeVisible();
  await page.goto("/seller/products/new");
  if (javaScriptEnabled) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);

  await page.getByLabel("Ảnh sản phẩm").setInputFiles(file);
  if (javaScriptEnabled) {
    // the input now holds the shrunk JPEG
    await expect.poll(() => page.getByLabel("Ảnh sản phẩm").evaluate((el: HTMLInputElement) => el.files?.[0]?.size ?? 0)).toBeLessThan(original / 3);
  }
  await page.getByLabel("Tên sản phẩm").fill(`Ảnh lớn ${Date.now()}`);
  await page.getByLabel("Danh mục").selectOption({ label: "Trái cây" });
  await page.getByLabel("Giá mỗi đơn vị (đồng)").fill("10.000");
  await page.getByLabel("Số lượng đang có").fill("5");
  await page.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu.");
  await expect(page.getByText("★ Ảnh bìa")).toBeVisible();
});
