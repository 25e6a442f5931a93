// A local fake of an eKYC partner's citizen check (the contract in ADR 018 and
// app/modules/identity/verifier.server.ts): checks the API key and the request's HMAC signature
// (refuses an unsigned or stale request with 401), looks the citizen up in its own small registry
// and answers MATCH or NO_MATCH, signed the same way. `down` makes it answer 503 (the provider is
// busy), `unsigned` makes it answer without a valid signature (a tampered or spoofed answer).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ekycSignature } from "~/modules/identity/verifier.server";

export type Citizen = { idNumber: string; fullName: string; dateOfBirth: string };
export const FAKE_EKYC = { apiKey: "ekyc-test-key", secret: "ekyc-test-secret-5b1e9c2a7d" };

export async function startFakeEkyc(citizens: Citizen[]) {
  const state = { down: 0, unsigned: false, calls: 0 };
  const fold = (s: string) => s.normalize("NFC").trim().toLocaleUpperCase("vi");
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      state.calls++;
      const reply = (status: number, payload: unknown, signed = true) => {
        const text = JSON.stringify(payload);
        const ts = String(Math.floor(Date.now() / 1000));
        res.writeHead(status, { "Content-Type": "application/json", "X-Timestamp": ts, "X-Signature": signed && !state.unsigned ? ekycSignature(FAKE_EKYC.secret, ts, text) : "0".repeat(64) });
        res.end(text);
      };
      if (req.method !== "POST" || req.url !== "/v1/citizens/verify") return reply(404, { error: "not found" });
      const ts = String(req.headers["x-timestamp"] ?? "");
      if (req.headers["x-api-key"] !== FAKE_EKYC.apiKey || req.headers["x-signature"] !== ekycSignature(FAKE_EKYC.secret, ts, body) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
        return reply(401, { error: "bad signature" });
      }
      if (state.down > 0) {
        state.down--;
        return reply(503, { error: "busy" });
      }
      const q = JSON.parse(body) as { request_id: string; full_name: string; id_number: string; date_of_birth: string };
      const found = citizens.find((c) => c.idNumber === q.id_number);
      const match = found && fold(found.fullName) === fold(q.full_name) && found.dateOfBirth === q.date_of_birth;
      return reply(200, match ? { request_id: q.request_id, result: "MATCH", reference: `VNEID-${q.request_id.slice(0, 8)}`, full_name: found.fullName } : { request_id: q.request_id, result: "NO_MATCH", reference: `VNEID-${q.request_id.slice(0, 8)}`, reason: found ? "details differ" : "not found" });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    env: { EKYC_API_URL: url, EKYC_API_KEY: FAKE_EKYC.apiKey, EKYC_API_SECRET: FAKE_EKYC.secret, EKYC_PROVIDER_NAME: "fake-ekyc" },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
