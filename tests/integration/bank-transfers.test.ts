// VietQR transfers confirmed by a signed bank notification: the right reference, account and
// amount mark the part PAID once; anything else is flagged in the farm's timeline, never accepted.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { ensureCart, setCartLine } from "~/modules/cart/cart.server";
import { placeOrder } from "~/modules/orders/checkout.server";
import { signBankPayload } from "~/modules/payments/bank.server";
import { action as bankWebhook } from "~/routes/resources+/webhooks.bank";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { getRequest } from "./helpers";

const SECRET = "bank-secret-for-tests-0123456789abcdef";
let categoryId: string;

beforeAll(async () => {
  process.env.BANK_WEBHOOK_SECRET = SECRET;
  await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
  categoryId = (await createCategory(db)).id;
});
afterAll(() => void delete process.env.BANK_WEBHOOK_SECRET);

async function vietQrPart() {
  const owner = await createUser(db, { role: "FARMER" });
  const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
  await db.farm.update({ where: { id: farm.id }, data: { bankBin: "970418", bankAccountNumber: "2151000999", bankAccountName: "TRAN THI B" } });
  const product = await createProduct(db, { farmId: farm.id, categoryId, priceVnd: 35_000 });
  const buyer = await createUser(db);
  const { cartId } = await ensureCart(getRequest("/"), buyer.id);
  await setCartLine({ cartId, productId: product.id, quantityMilli: 3000 });
  const res = await placeOrder({ userId: buyer.id, cartId, cardAvailable: false, input: { idempotencyKey: randomBytes(16).toString("hex"), buyerName: "B", buyerPhone: "+84912000222", farms: [{ farmId: farm.id, fulfilment: "PICKUP", address: "", paymentMethod: "VIETQR" }] } });
  if (!res.ok) throw new Error(res.error);
  return db.farmOrder.findFirstOrThrow({ where: { orderId: res.orderId } });
}

async function notify(body: Record<string, unknown>, sign = (raw: string) => signBankPayload(raw, SECRET)) {
  const raw = JSON.stringify(body);
  const res = (await bankWebhook({ request: new Request("http://x/resources/webhooks/bank", { method: "POST", body: raw, headers: { "X-Signature": sign(raw) } }), context: {}, params: {} } as never)) as Response;
  return { status: res.status, outcome: res.status === 200 ? ((await res.json()) as { outcome: string }).outcome : await res.text() };
}

describe(`bank transfer notifications (${process.env.TEST_DB_ENGINE})`, () => {
  it("matches reference, account and exact amount, once", async () => {
    const part = await vietQrPart();
    const body = { id: `tx-${part.id}`, accountNumber: "2151000999", amount: 105_000, content: `Thanh toan don ${part.transferRef.toLowerCase()} cam on` };
    expect(await notify(body)).toEqual({ status: 200, outcome: `paid ${part.transferRef}` });
    expect(await notify(body)).toEqual({ status: 200, outcome: "duplicate" });
    expect(await db.farmOrder.findUniqueOrThrow({ where: { id: part.id }, select: { status: true, paymentStatus: true } })).toEqual({ status: "PAID", paymentStatus: "PAID" });
  });

  it("flags a wrong amount, another account and an unknown reference; nothing is paid", async () => {
    const part = await vietQrPart();
    expect((await notify({ id: `a-${part.id}`, accountNumber: "2151000999", amount: 100_000, content: part.transferRef })).outcome).toBe(`flagged: ${part.transferRef} amount 100000 ≠ 105000`);
    expect((await notify({ id: `b-${part.id}`, accountNumber: "9999999999", amount: 105_000, content: part.transferRef })).outcome).toBe(`flagged: ${part.transferRef} paid to another account`);
    expect((await notify({ id: `c-${part.id}`, accountNumber: "2151000999", amount: 105_000, content: "CNZZZZZZZZ" })).outcome).toBe("flagged: unknown reference CNZZZZZZZZ");
    const after = await db.farmOrder.findUniqueOrThrow({ where: { id: part.id }, include: { events: true } });
    expect(after.status).toBe("AWAITING_PAYMENT");
    // the farm's timeline says so, in keys and values the page puts into the reader's language
    expect(after.events.map((e) => (e.systemNote ? JSON.parse(e.systemNote) : null)).filter(Boolean)).toEqual([
      { key: "transferWrongAmount", ref: part.transferRef, amountVnd: 100_000, expectedVnd: 105_000 },
      { key: "transferWrongAccount", ref: part.transferRef },
    ]);
  });

  it("refuses an unsigned or tampered notification with 400", async () => {
    const part = await vietQrPart();
    const body = { id: `d-${part.id}`, accountNumber: "2151000999", amount: 105_000, content: part.transferRef };
    expect((await notify(body, () => "00".repeat(32))).status).toBe(400);
    expect((await notify(body, (raw) => signBankPayload(raw, "another-secret-another-secret-xx"))).status).toBe(400);
    expect((await db.farmOrder.findUniqueOrThrow({ where: { id: part.id } })).status).toBe("AWAITING_PAYMENT");
  });
});
