// Electronic identification of sellers (Law 122/2025/QH15, ADR 018) behind one interface. The
// real adapter speaks the HTTP contract of an eKYC partner linked to VNeID (the national electronic
// identification system): the request and the answer are both signed with HMAC-SHA256 over the
// timestamp and the body with the partner's secret, and an answer whose signature does not match
// is not believed. Configured by EKYC_API_URL, EKYC_API_KEY and EKYC_API_SECRET together; without
// them there is no electronic path and officers verify sellers in person.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export type IdentityInput = { fullName: string; idNumber: string; dateOfBirth: string; phone: string | null };
export type IdentityAnswer =
  | { outcome: "VERIFIED"; provider: string; ref: string; fullName: string }
  | { outcome: "REFUSED"; provider: string; ref: string; reason: string }
  | { outcome: "UNAVAILABLE"; provider: string; reason: string };

export interface IdentityVerifier {
  readonly name: string;
  verify(input: IdentityInput): Promise<IdentityAnswer>;
}

/** HMAC-SHA256 hex of "<timestamp>.<body>": how both sides sign (the contract, ADR 018). */
export function ekycSignature(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

const ATTEMPTS = 2;
const TIMEOUT_MS = 8_000;

/**
 * POST {EKYC_API_URL}/v1/citizens/verify with {request_id, full_name, id_number, date_of_birth,
 * phone}, headers X-Api-Key, X-Timestamp (unix seconds) and X-Signature. The partner answers
 * {request_id, result: "MATCH" | "NO_MATCH", reference, full_name?, reason?}, signed the same way.
 * A 5xx, a timeout or a bad signature is tried once more, then reported UNAVAILABLE (try later).
 */
export function ekycVerifier(config: { baseUrl: string; apiKey: string; secret: string; name?: string }): IdentityVerifier {
  const name = config.name ?? "ekyc";
  return {
    name,
    async verify(input) {
      let last = "";
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const requestId = randomUUID();
        const body = JSON.stringify({ request_id: requestId, full_name: input.fullName, id_number: input.idNumber, date_of_birth: input.dateOfBirth, phone: input.phone });
        const timestamp = String(Math.floor(Date.now() / 1000));
        try {
          const res = await fetch(`${config.baseUrl.replace(/\/$/, "")}/v1/citizens/verify`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Api-Key": config.apiKey, "X-Timestamp": timestamp, "X-Signature": ekycSignature(config.secret, timestamp, body) },
            body,
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          const text = await res.text();
          if (res.status >= 500 || res.status === 429) {
            last = `HTTP ${res.status}`;
            continue;
          }
          const theirTime = res.headers.get("X-Timestamp") ?? "";
          const expected = Buffer.from(ekycSignature(config.secret, theirTime, text));
          const given = Buffer.from(res.headers.get("X-Signature") ?? "");
          if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
            last = "answer not signed by the provider";
            continue;
          }
          const answer = JSON.parse(text) as { request_id?: string; result?: string; reference?: string; full_name?: string; reason?: string };
          if (answer.request_id !== requestId) {
            last = "answer to another request";
            continue;
          }
          if (res.status !== 200) return { outcome: "UNAVAILABLE", provider: name, reason: `HTTP ${res.status}` };
          if (answer.result === "MATCH") return { outcome: "VERIFIED", provider: name, ref: String(answer.reference ?? requestId), fullName: answer.full_name ?? input.fullName };
          if (answer.result === "NO_MATCH") return { outcome: "REFUSED", provider: name, ref: String(answer.reference ?? requestId), reason: String(answer.reason ?? "no match") };
          last = `unexpected result ${answer.result}`;
        } catch (e) {
          last = (e as Error).name === "TimeoutError" ? "timeout" : (e as Error).message;
        }
      }
      return { outcome: "UNAVAILABLE", provider: name, reason: last };
    },
  };
}

/** The configured verifier, read from the environment at each use (null: in person only). */
export function configuredVerifier(env: NodeJS.ProcessEnv = process.env): IdentityVerifier | null {
  const { EKYC_API_URL: baseUrl, EKYC_API_KEY: apiKey, EKYC_API_SECRET: secret } = env;
  return baseUrl && apiKey && secret ? ekycVerifier({ baseUrl, apiKey, secret, name: env.EKYC_PROVIDER_NAME || "ekyc" }) : null;
}
