import { expect, test } from "@playwright/test";

test("the seeded storefront: a farm's brand page and a product page", async ({ page }) => {
  await page.goto("/farms");
  const first = page.getByRole("link").filter({ has: page.getByRole("heading", { level: 2 }) }).first();
  const farmName = await first.getByRole("heading", { level: 2 }).innerText();
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(farmName);
  await expect(page.getByRole("heading", { name: "Câu chuyện nhà vườn" })).toBeVisible();

  const product = page.getByRole("list").last().getByRole("link").first();
  const productName = await product.getByRole("heading").innerText();
  await product.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(productName);
  await expect(page.getByRole("link", { name: farmName, exact: true })).toBeVisible();
  const img = page.getByRole("img", { name: productName });
  await expect(img).toHaveAttribute("width", /\d+/);
  await expect(img).toHaveAttribute("srcset", /\/media\/.+\.webp 320w/);
});

test("search finds Vietnamese words typed without diacritics", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox").fill("sau rieng");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page.getByText(/sản phẩm cho “sau rieng”/)).toBeVisible();
  await expect(page.getByRole("heading", { name: /Sầu riêng/ }).first()).toBeVisible();
});
