// A local fake of the Stripe HTTP endpoints the app calls (create Checkout Session, create Refund),
// for the real `stripe` SDK pointed at it (STRIPE_API_BASE). Checks the Bearer key, parses Stripe's
// form encoding, and remembers what it was asked. Webhooks are signed by the SDK's own helper.
// Given a webhookUrl (the browser tests), it also plays Stripe's part end to end: a hosted payment
// page at the session's url whose "Pay" button delivers checkout.session.completed and sends the
// browser to success_url, and refunds that deliver charge.refunded.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export const FAKE_KEY = "sk_test_chonongfake";
export const FAKE_WEBHOOK_SECRET = "whsec_chonongfaketestsecret";

type Session = { id: string; amount_total: number; metadata: Record<string, string>; client_reference_id: string; expires_at: number; payment_intent: string; success_url: string; cancel_url: string; line_items: Array<{ name: string; amount: number }> };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startFakeStripe({ port: listenPort = 0, webhookUrl }: { port?: number; webhookUrl?: string } = {}) {
  const sessions = new Map<string, Session>();
  const refunds: Array<{ payment_intent: string; amount: number; idempotencyKey: string | undefined }> = [];
  let n = 0;
  let failNext = false;
  const refundedByIntent = new Map<string, number>();
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const c of req) body += c;
    const send = (status: number, json: unknown) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(json));
    if (req.url === "/health") return res.writeHead(200).end("ok");
    const pay = /^\/pay\/(cs_test_\w+)$/.exec(req.url ?? "");
    if (pay) return hostedPage(req.method ?? "GET", sessions.get(pay[1]), res);
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
      const line_items: Session["line_items"] = [];
      for (let i = 0; form.has(`line_items[${i}][price_data][unit_amount]`); i++) line_items.push({ name: form.get(`line_items[${i}][price_data][product_data][name]`) ?? "", amount: Number(form.get(`line_items[${i}][price_data][unit_amount]`)) });
      const s: Session = {
        id, amount_total: total, metadata, client_reference_id: form.get("client_reference_id")!, expires_at: Number(form.get("expires_at")), payment_intent: `pi_test_${n}`,
        success_url: form.get("success_url") ?? "", cancel_url: form.get("cancel_url") ?? "", line_items,
      };
      sessions.set(id, s);
      const { port } = server.address() as AddressInfo;
      return send(200, { id, object: "checkout.session", url: `http://127.0.0.1:${port}/pay/${id}`, status: "open", payment_status: "unpaid", currency: "vnd", amount_total: total, metadata, client_reference_id: s.client_reference_id, payment_intent: null });
    }
    if (req.method === "POST" && req.url === "/v1/refunds") {
      const pi = form.get("payment_intent")!, amount = Number(form.get("amount"));
      refunds.push({ payment_intent: pi, amount, idempotencyKey: req.headers["idempotency-key"] as string | undefined });
      send(200, { id: `re_${refunds.length}`, object: "refund", status: "succeeded", amount, payment_intent: pi });
      if (webhookUrl) {
        const total = (refundedByIntent.get(pi) ?? 0) + amount;
        refundedByIntent.set(pi, total);
        setTimeout(() => void post(refunded(pi, total)), 50); // Stripe confirms refunds asynchronously
      }
      return;
    }
    send(404, { error: { message: `no fake for ${req.method} ${req.url}` } });
  });
  /** The hosted payment page: shows the amount, "Pay" completes the session like a card would. */
  async function hostedPage(method: string, s: Session | undefined, res: http.ServerResponse) {
    if (!s) return res.writeHead(404, { "Content-Type": "text/plain" }).end("No such checkout session");
    if (method === "POST") {
      if (webhookUrl) await post(completed(s));
      return res.writeHead(303, { Location: s.success_url }).end();
    }
    const vnd = (n: number) => `${n.toLocaleString("vi-VN")} ₫`;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Fake Stripe Checkout</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem"><h1>Test payment</h1><p>Local fake of Stripe Checkout, for tests.</p>
<ul>${s.line_items.map((l) => `<li>${esc(l.name)}: ${vnd(l.amount)}</li>`).join("")}</ul><p>Total <strong>${vnd(s.amount_total)}</strong></p>
<form method="post"><button type="submit" style="font-size:1.2rem;padding:.6rem 1.2rem">Pay ${vnd(s.amount_total)}</button></form><p><a href="${esc(s.cancel_url)}">Back</a></p></body></html>`);
  }

  async function post(w: { payload: string; signature: string }) {
    if (!webhookUrl) return;
    try {
      const r = await fetch(webhookUrl, { method: "POST", body: w.payload, headers: { "Content-Type": "application/json", "Stripe-Signature": w.signature } });
      if (!r.ok) console.error(`fake Stripe: webhook answered ${r.status}: ${await r.text()}`);
    } catch (e) {
      console.error(`fake Stripe: webhook failed: ${(e as Error).message}`);
    }
  }

  await new Promise<void>((r) => server.listen(listenPort, "127.0.0.1", r));
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

  function completed(s: Session, amount?: number) {
    return webhook("checkout.session.completed", sessionObject(s, "paid", amount));
  }
  function refunded(paymentIntent: string, amount: number) {
    return webhook("charge.refunded", { id: `ch_${paymentIntent}`, object: "charge", payment_intent: paymentIntent, amount_refunded: amount });
  }

  return {
    apiBase: `http://127.0.0.1:${port}`,
    sessions,
    refunds,
    failNextRequest: () => (failNext = true),
    completed,
    expired: (s: Session) => webhook("checkout.session.expired", sessionObject(s, "unpaid")),
    refunded,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
