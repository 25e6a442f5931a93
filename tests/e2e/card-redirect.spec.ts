// Paying by card leaves the site for the provider's hosted page. Chromium applies the CSP's
// form-action to the redirect that answers a form post (JavaScript off), so the policy must name
// the provider: this runs a second server with card payments on, against a local fake of Stripe
// whose hosted page lives on another origin, and follows the checkout there — from the checkout
// form and from the order page's "pay by card" button.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { FAKE_KEY, FAKE_WEBHOOK_SECRET, startFakeStripe } from "../fakes/stripe";
import { signUpWithCode } from "./codes";
import { messagingEnv } from "./env";

let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let server: ChildProcess;
let base = "";
let output = "";

test.beforeAll(async () => {
  if (!test.info().project.name.startsWith("phone")) return;
  stripe = await startFakeStripe();
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  base = `http://127.0.0.1:${port}`;
  // the build and the database of the main e2e server (playwright.config.ts), card payments on
  server = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      ...messagingEnv, // sign-up codes reach the fake Zalo
      NODE_ENV: "production", SQLITE_FILE: "data/e2e/app.db", MEDIA_DIR: "data/e2e/media", HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: base,
      STRIPE_SECRET_KEY: FAKE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.apiBase,
    },
  });
  server.stdout!.on("data", (c) => (output += c));
  server.stderr!.on("data", (c) => (output += c));
  await expect.poll(() => output, { timeout: 30_000 }).toContain("listening");
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  await stripe?.close();
});

const hydrated = async (page: Page, js: boolean) => {
  if (js) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true && (window as any).__remixRouter.state.navigation.state === "idle");
};

test("checkout and 'pay by card' reach the card provider's hosted page", async ({ page, javaScriptEnabled: js }) => {
  test.skip(!test.info().project.name.startsWith("phone"), "one viewport suffices; JavaScript on and off both run");
  test.setTimeout(90_000);
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  await signUpWithCode(page.request, base, { name: "Chị Thẻ", password: "the-Ngan-Hang-2026", role: "BUYER" });

  await page.goto(`${base}/farms/vuon-sau-rieng-ut-ha`);
  await page.locator("a[href^='/products/']").first().click();
  await hydrated(page, js);
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await expect(page.getByText("Đã thêm vào giỏ hàng.")).toBeVisible();

  await page.goto(`${base}/checkout`);
  await hydrated(page, js);
  expect((await page.request.get(`${base}/checkout`)).headers()["content-security-policy"]).toContain(`form-action 'self' https://checkout.stripe.com ${stripe.apiBase}`);
  await page.getByLabel("Số điện thoại").fill("0912 345 678");
  for (const address of await page.getByLabel("Địa chỉ giao hàng").all()) await address.fill("25 Trần Hưng Đạo, Phường Bà Rịa");
  for (const card of await page.getByLabel("Thẻ ngân hàng (Stripe)").all()) await card.check();
  await page.getByRole("button", { name: "Đặt hàng" }).click();
  await page.waitForURL(new RegExp(`^${stripe.apiBase}/pay/cs_test_`));
  expect(stripe.sessions.size).toBeGreaterThan(0);

  // back on the site, from the order page
  await page.goto(`${base}/orders`);
  await page.locator("a[href^='/orders/']").first().click();
  await hydrated(page, js);
  await page.getByRole("button", { name: "Thanh toán bằng thẻ" }).first().click();
  await page.waitForURL(new RegExp(`^${stripe.apiBase}/pay/cs_test_`));
  expect(refused).toEqual([]);
});
