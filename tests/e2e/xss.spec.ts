// Hostile text in every field people type, shown everywhere it appears, in real Chromium: no
// dialog may open, no element may be injected, no inline script may lack this response's nonce,
// the Content-Security-Policy must have nothing to block (blocking would mean the escaping failed
// and only the CSP saved us), and the text must be shown as text. JSON-LD and Open Graph tags too.
// The data goes in through the real forms' endpoints, as same-origin posts.
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { officerVerifiesSeller, signUpWithCode } from "./codes";
import { cleanText } from "../../app/utils/text";

const P = {
  script: "<script>alert('xss-script')</script>",
  img: `"><img src=x onerror=alert('xss-img')>`,
  jsUrl: "javascript:alert('xss-url')",
  closeScript: "</script><script>alert('xss-close')</script>",
  comment: "<!--<script>alert('xss-comment')</script>-->",
  template: "{{constructor.constructor('alert(1)')()}}",
  svg: "<svg/onload=alert('xss-svg')>",
  attr: `' onmouseover='alert(1)' x='`,
  iframe: `<iframe srcdoc="<script>parent.alert('xss-iframe')</script>"></iframe>`,
  i18n: "$t(errors.server) {{minutes}} ${alert(1)}",
  unicode: "\u202e\u2028\u2029＜script＞alert(1)＜/script＞\u200d",
};
const ALL = Object.values(P).join("\n");
// what is kept of it: bidi overrides and zero-width characters are dropped (display spoofing), line
// separators become line breaks (app/utils/text.ts) — the rest, markup included, is kept as typed
const STORED = cleanText(ALL);
const PASSWORD = "vuon-Xoai-2026-an-toan";

const problems: string[] = [];

/** Listens for anything an injected script would do, before the page's own scripts run. */
async function watch(context: BrowserContext) {
  await context.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  context.on("page", (p) => attach(p));
}
function attach(page: Page) {
  page.on("dialog", (d) => {
    problems.push(`dialog on ${page.url()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console on ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e}`));
}

/** Hydrated, and no client-side navigation under way. */
async function hydrated(page: Page, js: boolean) {
  if (js) await page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true && (window as any).__remixRouter.state.navigation.state === "idle");
}

/** The page must show these strings as text and carry nothing injected. */
async function inspect(page: Page, js: boolean, label: string, mustShow: string[]) {
  await hydrated(page, js);
  const report = await page.evaluate(() => {
    const bad: string[] = [];
    for (const s of Array.from(document.scripts)) {
      if (s.type === "application/ld+json") continue;
      if (s.src && new URL(s.src).origin !== location.origin) bad.push(`foreign script ${s.src}`);
      if (!s.src && !s.nonce) bad.push(`inline script without nonce: ${s.outerHTML.slice(0, 120)}`);
    }
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) bad.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
        if (/^(href|src|action|formaction|xlink:href|srcdoc|data)$/i.test(a.name) && /^\s*(javascript|data|vbscript):|<script/i.test(a.value) && !(el.tagName === "IMG" && /^data:image\//.test(a.value))) {
          bad.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
        }
      }
    }
    for (const el of Array.from(document.querySelectorAll("iframe, frame, object, embed, base, img[src='x'], meta[http-equiv]"))) bad.push(`injected <${el.tagName.toLowerCase()}>`);
    return { bad, text: document.body.innerText, csp: (window as any).__csp ?? [] };
  });
  expect(report.bad, `${label}: injected markup`).toEqual([]);
  expect(report.csp, `${label}: CSP had to block something`).toEqual([]);
  for (const s of mustShow) expect(report.text, `${label} shows ${JSON.stringify(s)} as text`).toContain(s);
}

async function post(request: APIRequestContext, baseURL: string, path: string, data: { form?: Record<string, string>; multipart?: Record<string, string> }) {
  const res = await request.post(path, { ...data, headers: { Origin: baseURL }, maxRedirects: 0 });
  return { status: res.status(), location: res.headers()["location"] ?? "" };
}

test("hostile text in every field is shown as text everywhere, and never runs", async ({ page, browser, baseURL, javaScriptEnabled: js }) => {
  test.skip(!test.info().project.name.startsWith("phone"), "the HTML does not depend on the viewport: the phone projects (JavaScript on and off) suffice");
  test.setTimeout(180_000);
  problems.length = 0;
  const origin = baseURL!;
  const tag = `x${Date.now().toString(36).slice(-6)}`;
  const farmName = `Vườn ${tag} ${P.script}`;
  const farmSlug = `xss-${tag}`;
  const productName = `Xoài ${tag} ${P.closeScript}${P.comment}`;
  await watch(page.context());
  attach(page);

  // ── A farmer with a hostile name opens a farm and lists a product, through the forms' endpoints
  const farmer = page.request;
  const { phone: farmerPhone } = await signUpWithCode(farmer, origin, { name: `Chú Tư ${P.svg}`, password: PASSWORD, role: "FARMER" });
  await page.goto("/seller/farms/new");
  const commune = (await page.locator("select[name=communeCode] option").nth(1).getAttribute("value"))!;
  const farm = await post(farmer, origin, "/seller/farms/new", {
    form: { name: farmName, slug: farmSlug, communeCode: commune, phone: "0912 345 678", story: ALL, addressLine: `${P.img} ${P.closeScript} ${P.jsUrl}`, offersPickup: "on", offersDelivery: "on" },
  });
  expect(farm.status).toBe(302);
  const farmId = /\/seller\/farms\/([^/]+)\//.exec(farm.location)![1];
  // the bank holder's name is refused unless it is plain capitals, so markup never gets in
  expect((await post(farmer, origin, `/seller/farms/${farmId}/bank`, { form: { bankBin: "970436", bankAccountNumber: "0071000123456", bankAccountName: P.img } })).status).toBe(400);
  expect((await post(farmer, origin, `/seller/farms/${farmId}/bank`, { form: { bankBin: "970436", bankAccountNumber: "0071000123456", bankAccountName: "NGUYEN VAN TU" } })).status).toBe(302);
  expect((await post(farmer, origin, `/seller/farms/${farmId}/certifications`, { multipart: { kind: "OTHER", number: P.img, issuer: `${P.template} ${P.svg}` } })).status).toBe(302);
  // an officer verifies the seller in person, with a hostile name too: the product page shows it (ADR 018)
  await officerVerifiesSeller(browser, origin, farmerPhone, `Chú Tư ${P.svg}`, js);
  await page.goto("/seller/products/new");
  const categoryId = (await page.locator("select[name=categoryId] option").nth(1).getAttribute("value"))!;
  const product = await post(farmer, origin, "/seller/products/new", {
    multipart: { name: productName, categoryId, unit: "kg", price: "85.000", stock: "50", description: ALL, intent: "publish", farmId },
  });
  expect(product.status).toBe(302);
  const productId = /\/seller\/products\/([^?]+)/.exec(product.location)![1];

  // ── Public pages, as anyone
  await page.goto(`/farms/${farmSlug}`);
  await inspect(page, js, "farm page", [P.script, P.img, P.closeScript, P.template, P.iframe, P.i18n, P.jsUrl]);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", farmName);
  expect(await page.title()).toBe(`${farmName} — Chợ Nông`);
  const productHref = (await page.locator(`a[href^="/products/"]`).filter({ hasText: tag }).first().getAttribute("href"))!;

  await page.goto(productHref);
  await inspect(page, js, "product page", [productName, P.script, P.unicode.trim().slice(3, 12)]);
  const ld = (await page.locator('script[type="application/ld+json"]').textContent())!;
  expect(ld).not.toMatch(/<\/script|<!--/i); // "<" is written as \u003c inside the script element
  expect(JSON.parse(ld)).toMatchObject({ name: productName, description: STORED, brand: { name: farmName } });
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", productName);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", STORED.slice(0, 160));

  await page.goto(`/search?q=${encodeURIComponent(`${tag} ${P.script}`)}`);
  await inspect(page, js, "search with a hostile query", [P.script]);
  await page.goto(`/search?q=${tag}`);
  await inspect(page, js, "search results", [productName]);
  if (js) {
    // the same data rendered in the browser after a client-side navigation
    await page.locator(`a[href="${productHref}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(productHref));
    await inspect(page, js, "product page after client navigation", [productName, P.script]);
  }
  await page.goto(`/farms/${farmSlug}/stamp`);
  await inspect(page, js, "QR stamp sheet", [productName]);
  await page.goto("/farms");
  await inspect(page, js, "farm list", []);
  await page.goto("/");
  await inspect(page, js, "home", []);

  // ── A buyer with a hostile name: cart, checkout (refused once, then placed), order page
  const buyerContext = await browser.newContext();
  await watch(buyerContext);
  const buyer = await buyerContext.newPage();
  await signUpWithCode(buyerContext.request, origin, { name: `Cô Ba ${P.attr}`, password: PASSWORD, role: "BUYER" });
  expect((await post(buyerContext.request, origin, "/cart", { form: { intent: "add", productId, quantity: "2" } })).status).toBe(302);
  await buyer.goto("/cart");
  await inspect(buyer, js, "cart", [productName]);
  await buyer.goto("/checkout");
  await inspect(buyer, js, "checkout", [productName]);
  await expect(buyer.locator("input[name=buyerName]")).toHaveValue(`Cô Ba ${P.attr}`);
  const address = `${P.script} ${P.i18n} ${P.iframe}`;
  await hydrated(buyer, js);
  await buyer.locator("input[name=buyerName]").fill(`Anh Bảy ${P.img}`);
  await buyer.locator("input[name=buyerPhone]").fill("12"); // refused: typed values come back
  await buyer.locator("textarea").first().fill(address);
  await buyer.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(buyer.getByText("Số điện thoại không hợp lệ").first()).toBeVisible();
  await inspect(buyer, js, "checkout refused", []);
  await expect(buyer.locator("input[name=buyerName]")).toHaveValue(`Anh Bảy ${P.img}`);
  await expect(buyer.locator("textarea").first()).toHaveValue(address);
  await buyer.locator("input[name=buyerPhone]").fill("0912 345 678");
  await buyer.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(buyer.getByRole("status")).toContainText("Đã đặt đơn");
  await inspect(buyer, js, "buyer's order", [`Anh Bảy ${P.img}`, productName]);
  // a link that puts words in the page's mouth shows nothing (only the site's own error keys)
  await buyer.goto(`${buyer.url().split("?")[0]}?card=${encodeURIComponent(`Tài khoản bị khoá, gọi ngay 0900 000 000 ${P.script}`)}`);
  await inspect(buyer, js, "order page with a forged message", [`Anh Bảy ${P.img}`]);
  await expect(buyer.getByText("Tài khoản bị khoá")).toHaveCount(0);
  await buyer.goto("/orders");
  await inspect(buyer, js, "buyer's orders", []);
  await buyer.goto("/account");
  await inspect(buyer, js, "account", [`Cô Ba ${P.attr}`]);

  // ── The farm's inbox and order, and the farmer's own forms (values back in inputs)
  await page.goto("/seller/orders");
  await inspect(page, js, "farm inbox", [`Anh Bảy ${P.img}`]);
  await page.locator("a[href^='/seller/orders/']").first().click();
  await expect(page).toHaveURL(/\/seller\/orders\/[^/?]+$/);
  await inspect(page, js, "farm order", [`Anh Bảy ${P.img}`, P.script, P.iframe]);
  await page.goto(`/seller/farms/${farmId}/profile`);
  await inspect(page, js, "farm profile form", []);
  await expect(page.locator("textarea[name=story]")).toHaveValue(STORED);
  await page.goto(`/seller/farms/${farmId}/certifications`);
  await inspect(page, js, "certifications", [P.img]);
  await page.goto(`/seller/products/${productId}`);
  await inspect(page, js, "product form", []);
  await expect(page.locator("input[name=name]")).toHaveValue(productName);
  await page.goto("/seller");
  await inspect(page, js, "seller home", []);

  // ── The administrator's lists (user names; messages are listed by kind and recipient, never by
  // their text — ADR 014 — so the farm's name is not on this page any more)
  const adminContext = await browser.newContext();
  await watch(adminContext);
  const admin = await adminContext.newPage();
  expect((await post(adminContext.request, origin, "/login", { form: { identifier: "admin@chonong.vn", password: "ChoNong@2026", redirectTo: "/admin" } })).status).toBe(302);
  await admin.goto("/admin");
  await inspect(admin, js, "admin", [`Cô Ba ${P.attr}`, `Chú Tư ${P.svg}`]);

  await buyerContext.close();
  await adminContext.close();
  expect(problems).toEqual([]);
});
