import { defineConfig, devices } from "@playwright/test";
import { messagingEnv, SMS_PORT, ZALO_PORT } from "./tests/e2e/env";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// Card payments go through a local fake of Stripe (tests/fakes/stripe.ts) with its hosted page.
const STRIPE_PORT = PORT + 99;
const stripeEnv = `STRIPE_SECRET_KEY=sk_test_chonongfake STRIPE_WEBHOOK_SECRET=whsec_chonongfaketestsecret STRIPE_API_BASE=http://127.0.0.1:${STRIPE_PORT}`;
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } };

// Every flow runs on a phone (390×844) and a desktop, with JavaScript on and with it off.
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: { baseURL, trace: "off", screenshot: "only-on-failure", locale: "en-US", launchOptions: chromium },
  projects: [
    { name: "phone", use: { ...phone } },
    { name: "phone-nojs", use: { ...phone, javaScriptEnabled: false } },
    { name: "desktop", use: { ...desktop } },
    { name: "desktop-nojs", use: { ...desktop, javaScriptEnabled: false } },
  ],
  webServer: [
    {
      command: `FAKE_STRIPE_PORT=${STRIPE_PORT} FAKE_STRIPE_WEBHOOK_URL=${baseURL}/resources/webhooks/stripe node --import tsx tests/fakes/stripe-server.ts`,
      url: `http://127.0.0.1:${STRIPE_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `FAKE_ZALO_PORT=${ZALO_PORT} FAKE_ZALO_CALLBACK_URL=${baseURL}/resources/webhooks/zalo node --import tsx tests/fakes/zns-server.ts`,
      url: `http://127.0.0.1:${ZALO_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `FAKE_SMS_PORT=${SMS_PORT} node --import tsx tests/fakes/sms-server.ts`,
      url: `http://127.0.0.1:${SMS_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The real first-start path on a fresh SQLite file: migrate, seed, build if stale, serve.
      command: `rm -rf data/e2e && ${stripeEnv} SQLITE_FILE=data/e2e/app.db MEDIA_DIR=data/e2e/media HOST=127.0.0.1 PORT=${PORT} PUBLIC_URL=${baseURL} npm start`,
      url: `${baseURL}/resources/healthcheck`,
      env: messagingEnv, // added to this process's environment
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
    },
  ],
});
