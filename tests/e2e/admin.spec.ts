// The administrator finds the demo farmer and officer among the seeded buyers (issue "The demo stays
// alive"): a GET search form (JavaScript on and off), by name without diacritics and by phone as
// people type it; a role change keeps the search.
import { expect, test } from "@playwright/test";

test("the admin finds a user by name without diacritics or by phone", async ({ page }) => {
  await page.goto("/login?redirectTo=/admin");
  await page.getByLabel("Số điện thoại hoặc email").fill("admin@chonong.vn");
  await page.getByLabel("Mật khẩu").fill("ChoNong@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("heading", { name: "Người dùng" })).toBeVisible();
  // hundreds of seeded buyers: the newest are shown, and the page says so
  await expect(page.getByText(/^Hiện 100 người mới nhất trong \d+/)).toBeVisible();

  const search = page.getByRole("search");
  await search.getByRole("searchbox").fill("tran van ut");
  await search.getByRole("button", { name: "Tìm" }).click();
  await expect(page).toHaveURL(/\/admin\?q=tran\+van\+ut#users$/);
  await expect(page.getByRole("heading", { name: "Người dùng" })).toBeInViewport(); // the results, not the top of the page
  await expect(page.getByText("1 người khớp với “tran van ut”")).toBeVisible();
  const users = page.getByRole("table").filter({ hasText: "Vai trò" });
  await expect(users.getByRole("row")).toHaveCount(2);
  await expect(users.getByRole("cell", { name: "Trần Văn Út" })).toBeVisible();
  if (test.info().project.name === "phone") await page.screenshot({ path: "test-results/admin-user-search-phone.png", fullPage: false });

  await search.getByRole("searchbox").fill("0901 000 003");
  await search.getByRole("button", { name: "Tìm" }).click();
  await expect(users.getByRole("cell", { name: "Lê Minh Cán Bộ" })).toBeVisible();
  // the role form keeps the search the admin was looking at
  await users.getByRole("button", { name: "Đổi vai trò" }).click();
  await expect(page).toHaveURL(/\/admin\?q=0901\+000\+003$/);
  await expect(page.getByText("Lê Minh Cán Bộ vẫn giữ vai trò cũ; không có gì thay đổi.")).toBeInViewport();
  await expect(users.getByRole("cell", { name: "Lê Minh Cán Bộ" })).toBeVisible();

  await search.getByRole("searchbox").fill("Không Ai Tên Này");
  await search.getByRole("button", { name: "Tìm" }).click();
  await expect(page.getByText("Không có ai khớp với “Không Ai Tên Này”.")).toBeVisible();
  await page.getByRole("link", { name: "Xem tất cả" }).click();
  await expect(page).toHaveURL(/\/admin#users$/);
});
