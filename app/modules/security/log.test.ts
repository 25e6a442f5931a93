import { describe, expect, it } from "vitest";
import { describeFailure, redactForLog } from "./log.server";

describe("log redaction", () => {
  it.each([
    ["Unique constraint failed for +84912345678", "+84912345678"],
    ["phone 0912 345 678 taken", "0912 345 678"],
    ["phone 0912.345.678", "0912.345.678"],
    ["landline 02543812345", "02543812345"],
    ["mail Mai.Nguyen+shop@example.vn bounced", "Mai.Nguyen+shop@example.vn"],
    ["connect postgresql://app:s3cr3t@db.internal:5432/chonong failed", "s3cr3t"],
    ["smtps://user:hunter2@smtp.example.vn:465", "hunter2"],
    ["headers: { cookie: 'cn_session=abcdefghijklmnopqrstuvwxyz234567' }", "abcdefghijklmnopqrstuvwxyz234567"],
    ["Cookie: lng=ImVuIg==; cn_session=zzz", "ImVuIg=="],
    ["authorization: Bearer sk_live_51HxYz", "sk_live_51HxYz"],
    ["key sk_test_chonongfake rejected", "chonongfake"],
    ["secret whsec_abc123 wrong", "whsec_abc123"],
    ["session e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ])("%s", (line, secret) => {
    expect(redactForLog(line)).not.toContain(secret);
  });

  it("keeps what helps debugging", () => {
    expect(redactForLog("TypeError: x is undefined\n    at loader (app/routes/cart.tsx:21:7)")).toBe("TypeError: x is undefined\n    at loader (app/routes/cart.tsx:21:7)");
    expect(redactForLog("order CN7K2M9QXA total 125000 at 2026-05-01T10:00:00Z")).toBe("order CN7K2M9QXA total 125000 at 2026-05-01T10:00:00Z");
  });

  it("describes a failed request by method and path, never its query", () => {
    const line = describeFailure(new Error("boom for 0912345678"), { method: "POST", url: "http://x/login?redirectTo=/a&phone=0912345678" });
    expect(line).toMatch(/^POST \/login: Error: boom for \[phone\]/);
    expect(line).not.toContain("redirectTo");
  });
});
