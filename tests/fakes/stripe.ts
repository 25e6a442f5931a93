// A local fake of the Stripe HTTP endpoints the app calls (create Checkout Session, create Refund),
// for the real `stripe` SDK pointed at it (STRIPE_API_BASE). Checks the Bearer key, parses Stripe's
// form encoding, and remembers what it was asked. Webhooks are signed by the SDK's own helper.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export const FAKE_KEY = "sk_test_chonongfake";
export const FAKE_WEBHOOK_SECRET = "whsec_chonongfaketestsecret";

type Session = { id: string; amount_total: number; metadata: Record<string, string>; client_reference_id: string; expires_at: number; payment_intent: string };

export async function startFakeStripe() {
  const sessions = new Map<string, Session>();
  const refunds: Array<{ payment_intent: string; amount: number; idempotencyKey: string | undefined }> = [];
  let n = 0;
  let failNext = false;
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const c of req) body += c;
    const send = (status: number, json: unknown) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(json));
    if (req.headers.authorization !== `Bearer ${FAKE_KEY}`) return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key" } });
    if (failNext) {
      failNext = false;
      return send(500, { error: { type: "api_error", message: "fake outage" } });
    }
    const form = new URLSearchParams(body);
    if (req.method === "POST" && req.url === "/v1/checkout/sessions") {
      let total = 0;
      for (let i = 0; form.has(`line_items[${i}][price_data][unit_amount]`); i++) {
        if (form.get(`line_items[${i}][price_data][currency]`) !== "vnd") return send(400, { error: { message: "currency" } });
        total += Number(form.get(`line_items[${i}][price_data][unit_amount]`)) * Number(form.get(`line_items[${i}][quantity]`));
      }
      const id = `cs_test_${++n}_${Date.now()}`;
      const metadata: Record<string, string> = {};
      for (const [k, v] of form) if (k.startsWith("metadata[")) metadata[k.slice(9, -1)] = v;
      const s: Session = { id, amount_total: total, metadata, client_reference_id: form.get("client_reference_id")!, expires_at: Number(form.get("expires_at")), payment_intent: `pi_test_${n}` };
      sessions.set(id, s);
      const { port } = server.address() as AddressInfo;
      return send(200, { id, object: "checkout.session", url: `http://127.0.0.1:${port}/pay/${id}`, status: "open", payment_status: "unpaid", currency: "vnd", amount_total: total, metadata, client_reference_id: s.client_reference_id, payment_intent: null });
    }
    if (req.method === "POST" && req.url === "/v1/refunds") {
      refunds.push({ payment_intent: form.get("payment_intent")!, amount: Number(form.get("amount")), idempotencyKey: req.headers["idempotency-key"] as string | undefined });
      return send(200, { id: `re_${refunds.length}`, object: "refund", status: "succeeded", amount: Number(form.get("amount")), payment_intent: form.get("payment_intent") });
    }
    send(404, { error: { message: `no fake for ${req.method} ${req.url}` } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const sdk = new Stripe(FAKE_KEY);

  /** A webhook as Stripe would send it: raw JSON body and a Stripe-Signature made by the SDK. */
  function webhook(type: string, object: Record<string, unknown>, id = `evt_${type}_${Math.random().toString(36).slice(2)}`) {
    const payload = JSON.stringify({ id, object: "event", type, api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), data: { object } });
    return { id, payload, signature: sdk.webhooks.generateTestHeaderString({ payload, secret: FAKE_WEBHOOK_SECRET }) };
  }
  const sessionObject = (s: Session, payment_status: "paid" | "unpaid", amount = s.amount_total) => ({
    id: s.id, object: "checkout.session", payment_status, amount_total: amount, currency: "vnd", metadata: s.metadata, client_reference_id: s.client_reference_id, payment_intent: s.payment_intent,
  });

  return {
    apiBase: `http://127.0.0.1:${port}`,
    sessions,
    refunds,
    failNextRequest: () => (failNext = true),
    completed: (s: Session, amount?: number) => webhook("checkout.session.completed", sessionObject(s, "paid", amount)),
    expired: (s: Session) => webhook("checkout.session.expired", sessionObject(s, "unpaid")),
    refunded: (paymentIntent: string, amount: number) => webhook("charge.refunded", { id: `ch_${paymentIntent}`, object: "charge", payment_intent: paymentIntent, amount_refunded: amount }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
