// The farm's sales dashboard and the department's province dashboard on the seeded history: charts
// drawn on the server (role="img", readable with JavaScript off), the period and filter forms (GET),
// the data tables behind the charts, CSV downloads. Phone and desktop, JavaScript on and off.
import { expect, test, type Page } from "@playwright/test";
import { hydrated, logIn } from "./session";


async function expectCsv(page: Page, href: string, firstCell: string) {
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const body = await res.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
  expect(body.subarray(3).toString("utf8").split(",")[0]).toBe(firstCell);
}

test("a farm household's sales dashboard", async ({ page, javaScriptEnabled: js }) => {
  await logIn(page, js, "farmer@chonong.vn");
  await page.goto("/seller");
  // the header's menu, at its longest for a farmer, shows every link within the screen (it wraps)
  const width = page.viewportSize()!.width;
  const menu = page.getByRole("navigation", { name: "Menu" }).getByRole("link");
  expect(await menu.count()).toBeGreaterThanOrEqual(6);
  for (const box of await menu.evaluateAll((links) => links.map((a) => a.getBoundingClientRect().toJSON() as DOMRect))) expect(box.right).toBeLessThanOrEqual(width);
  await page.getByRole("link", { name: "Doanh số" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Doanh số — Vườn sầu riêng Út Hà");
  await expect(page.getByText("Doanh thu", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("img", { name: /^Doanh thu theo ngày/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Số đơn theo ngày/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sản phẩm bán chạy" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Tồn kho còn bán được bao lâu" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dự báo nhu cầu" })).toBeVisible();
  // the demo is alive: seeded at this server's first start, the demo farm's history runs up to that
  // day in Vietnam (yesterday only if midnight passed since the server started)
  const csv = await (await page.request.get((await page.getByRole("link", { name: "Tải CSV" }).first().getAttribute("href"))!)).text();
  const lastDay = csv.split("\n").slice(1).map((line) => line.slice(0, 10)).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort().at(-1);
  const vnDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
  expect([vnDay(Date.now()), vnDay(Date.now() - 86_400_000)]).toContain(lastDay);

  // another period, by week, from the GET form's presets
  await hydrated(page, js);
  await page.getByRole("link", { name: "90 ngày" }).click();
  await expect(page).toHaveURL(/by=week/);
  await expect(page.getByRole("img", { name: /^Doanh thu theo tuần/ })).toBeVisible();
  // the numbers behind the chart
  const revenue = page.getByRole("region", { name: "Doanh thu theo tuần" });
  await revenue.getByText("Xem bảng số liệu").click();
  await expect(revenue.getByRole("table")).toBeVisible();
  await expect(revenue.getByRole("row").nth(13)).toBeVisible(); // a header and a row per week: 13 or 14 weeks
  await expectCsv(page, (await page.getByRole("link", { name: "Tải CSV" }).getAttribute("href"))!, "Ngày giờ");
});

test("the agriculture department's province dashboard", async ({ page, javaScriptEnabled: js }) => {
  await logIn(page, js, "officer@chonong.vn");
  await page.goto("/department");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bảng theo dõi của Sở Nông nghiệp");
  await expect(page.getByText("Hộ đang hoạt động")).toBeVisible();
  await expect(page.getByRole("img", { name: /^Doanh số toàn tỉnh theo ngày/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Hộ mới đăng ký theo tháng/ })).toBeVisible();
  const communes = page.getByRole("region", { name: "Xếp hạng xã/phường" });
  await expect(communes.getByRole("row")).toHaveCount(1 + 20);
  await expect(communes.getByText("ẩn: dưới 3 hộ").first()).toBeAttached(); // small communes hidden
  await expectCsv(page, (await communes.getByRole("link", { name: "Tải CSV" }).getAttribute("href"))!, "Hạng");

  // filters (GET form): a commune of one household shows no sales figures at all
  await hydrated(page, js);
  await page.getByRole("combobox", { name: /^Xã\/phường/ }).selectOption({ label: "Xã Long Sơn" });
  await page.getByRole("button", { name: "Xem", exact: true }).click();
  await expect(page).toHaveURL(/commune=77016/);
  await expect(page.getByRole("note")).toContainText("Số liệu bán hàng của lựa chọn này được ẩn");
  // and a broader filter shows them again, by month
  await page.getByRole("combobox", { name: /^Xã\/phường/ }).selectOption({ label: "Mọi xã/phường" });
  await page.getByRole("combobox", { name: /^Gộp theo/ }).selectOption("month");
  await page.getByRole("button", { name: "Xem", exact: true }).click();
  await expect(page).toHaveURL(/by=month/);
  await expect(page.getByRole("img", { name: /^Doanh số toàn tỉnh theo tháng/ })).toBeVisible();
  await expect(page.getByRole("note")).toHaveCount(0);
});
