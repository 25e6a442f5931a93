import { describe, expect, it } from "vitest";
import { renderNotification, smsText, SMS_MAX, ZNS_MAX_TOTAL, ZNS_TEMPLATES, type Params } from "./texts.server";

const order: Params = { number: "CN-7K3Q9DA", farm: "Vườn Sầu Riêng Út Hà", buyer: "Nguyễn Thị Mai", amountVnd: 1_250_000, payment: "VIETQR" };
// every kind, with each of its variants, as the app writes them
const CASES: Array<[string, Params]> = [
  ["CODE", { code: "042917", minutes: 5 }],
  ["SECURITY", { event: "passwordChanged" }],
  ["SECURITY", { event: "signupAttempt", target: "+84912345678" }],
  ["SECURITY", { event: "phoneChanged", target: "0912 ••• 678" }],
  ["SECURITY", { event: "resetLink", minutes: 30 }],
  ["SECURITY", { event: "loginFailures" }],
  ["ORDER_NEW", order],
  ["ORDER_PAID", order],
  ["TRANSFER_FLAGGED", { ...order, reason: "transferWrongAmount", ref: "CNAB23CD45", amountVnd: 1_000_000, expectedVnd: 1_250_000 }],
  ["TRANSFER_FLAGGED", { ...order, reason: "transferWrongAccount", ref: "CNAB23CD45" }],
  ["TRANSFER_FLAGGED", { ...order, reason: "transferLate", ref: "CNAB23CD45", status: "EXPIRED" }],
  ["ORDER_CANCELLED", order],
  ["HOLD_EXPIRING", { ...order, audience: "FARM", until: "2026-12-07T08:30:00Z", minutes: 10 }],
  ["HOLD_EXPIRING", { ...order, audience: "BUYER", until: "2026-12-07T08:30:00Z", minutes: 10 }],
  ["STOCK_LOW", { product: "Sầu riêng Ri6 loại 1", farm: "Vườn Út Hà", left: "2 kg" }],
  ...["PAID", "CONFIRMED", "SHIPPED", "READY_FOR_PICKUP", "DELIVERED", "CANCELLED", "EXPIRED"].map((status): [string, Params] => ["ORDER_STATUS", { ...order, status }]),
  ["ORDER_WEIGHED", { ...order, lines: "Sầu riêng: 2 kg → 1,8 kg", fromVnd: 200_000, toVnd: 180_000, refundVnd: 20_000 }],
  ["ORDER_REFUNDED", { ...order, amountVnd: 20_000 }],
];

describe("notification texts", () => {
  it.each(CASES.flatMap(([kind, params]) => (["vi", "en"] as const).map((locale) => [kind, locale, params] as const)))("%s in %s: every text filled, SMS plain and short, ZNS values within Zalo's limits", async (kind, locale, params) => {
    const r = await renderNotification({ kind, params, locale, link: "/orders/abc" });
    for (const text of [r.title, r.body, r.sms]) {
      expect(text.length).toBeGreaterThan(5);
      expect(text).not.toMatch(/notify\.|\{\{|undefined|NaN/);
    }
    expect(r.url).toBe("http://localhost:3000/orders/abc");
    expect(r.body).toContain(r.url);
    expect(r.sms).toMatch(/^[\x20-\x7e]+$/);
    expect(r.sms.length).toBeLessThanOrEqual(SMS_MAX);
    const limits = ZNS_TEMPLATES[r.zns.template] as Record<string, number>;
    expect(Object.keys(r.zns.data).sort()).toEqual(Object.keys(limits).sort());
    let total = 0;
    for (const [name, value] of Object.entries(r.zns.data)) {
      expect([...value].length, name).toBeLessThanOrEqual(limits[name]);
      expect(value).not.toBe("");
      total += [...value].length;
    }
    expect(total).toBeLessThanOrEqual(ZNS_MAX_TOTAL);
  });

  it("writes the code message short, and a code template carries the code itself", async () => {
    const r = await renderNotification({ kind: "CODE", params: { code: "042917", minutes: 5 }, locale: "vi", link: "" });
    expect(r.sms).toBe("Ma xac minh Cho Nong: 042917 (hieu luc 5 phut). Khong dua ma nay cho bat ky ai.");
    expect(r.zns).toEqual({ template: "CODE", data: { otp: "042917", minutes: "5" } });
  });

  it("fills a farm's order template in Vietnamese whatever the recipient reads, amounts as the template writes them", async () => {
    const r = await renderNotification({ kind: "ORDER_NEW", params: order, locale: "en", link: "/seller/orders/x" });
    expect(r.title).toBe("New order CN-7K3Q9DA — ₫1,250,000");
    expect(r.zns).toEqual({ template: "FARM_ORDER", data: { farm_name: "Vườn Sầu Riêng Út Hà", order_code: "CN-7K3Q9DA", customer_name: "Nguyễn Thị Mai", status: "Đơn mới, chờ thanh toán", amount: "1.250.000" } });
  });

  it("folds Vietnamese for SMS and keeps the words readable", () => {
    expect(smsText("Đơn mới — Vườn Sầu Riêng: 1.250.000\u00a0₫ “ngay”…")).toBe('Don moi - Vuon Sau Rieng: 1.250.000 d "ngay"...');
  });
});
