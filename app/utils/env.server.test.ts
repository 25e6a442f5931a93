import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("environment validation", () => {
  it("fills in defaults for a fresh machine", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, SQLITE_FILE: "data/app.db", PUBLIC_URL: "http://localhost:3000", TARGET_HOUSEHOLDS: 7000, TRUST_PROXY: 0 });
    expect(env).toMatchObject({ BODY_LIMIT_FORM_KB: 256, BODY_LIMIT_WEBHOOK_KB: 128, BODY_LIMIT_UPLOAD_MB: 121 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it("names every bad variable and says what is expected", () => {
    expect(() => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", PUBLIC_URL: "chonong.vn" })).toThrowError(
      /PORT: .*\n.*PUBLIC_URL must be an absolute URL.*\n.*DATABASE_URL must start with postgresql:\/\/ or file:/s,
    );
  });

  it("refuses a shutdown timeout or housekeeping interval that is not a number of milliseconds", () => {
    expect(parseEnv({ HOUSEKEEPING_INTERVAL_MS: "0", SHUTDOWN_TIMEOUT_MS: "30000" })).toMatchObject({ HOUSEKEEPING_INTERVAL_MS: 0, SHUTDOWN_TIMEOUT_MS: 30_000 });
    expect(() => parseEnv({ HOUSEKEEPING_INTERVAL_MS: "1 min", SHUTDOWN_TIMEOUT_MS: "10" })).toThrowError(/HOUSEKEEPING_INTERVAL_MS: .*\n.*SHUTDOWN_TIMEOUT_MS must be at least 1000/s);
  });

  it("reads TRUST_PROXY as a number of proxies, the old \"true\" as one, and refuses anything else", () => {
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(0);
    for (const bad of ["yes", "-1", "10", "1.5", "loopback"]) expect(() => parseEnv({ TRUST_PROXY: bad })).toThrowError(/TRUST_PROXY is the number of reverse proxies/);
  });

  it("bounds the body limits to sizes the app can work with", () => {
    expect(parseEnv({ BODY_LIMIT_FORM_KB: "512", BODY_LIMIT_WEBHOOK_KB: "64", BODY_LIMIT_UPLOAD_MB: "30" })).toMatchObject({ BODY_LIMIT_FORM_KB: 512, BODY_LIMIT_WEBHOOK_KB: 64, BODY_LIMIT_UPLOAD_MB: 30 });
    expect(() => parseEnv({ BODY_LIMIT_FORM_KB: "8", BODY_LIMIT_UPLOAD_MB: "500" })).toThrowError(/BODY_LIMIT_FORM_KB must be at least 16.*\n.*BODY_LIMIT_UPLOAD_MB is at most 121/s);
  });

  it("asks for a message provider's variables together, and checks their shape", () => {
    expect(() => parseEnv({ ZALO_APP_ID: "4316521987630457712" })).toThrowError(/ZALO_APP_SECRET is required with ZALO_APP_ID \(Zalo ZNS\)/);
    expect(() => parseEnv({ ESMS_API_KEY: "KEY1" })).toThrowError(/ESMS_SECRET_KEY is required.*\n.*ESMS_BRANDNAME is required/s);
    expect(() => parseEnv({ ZALO_APP_ID: "1", ZALO_APP_SECRET: "secret-of-app", ZALO_REFRESH_TOKEN: "refresh-token", ZALO_ZNS_TEMPLATES: '{"ORDER":"1"}' })).toThrowError(/ZALO_ZNS_TEMPLATES must be JSON like/);
    expect(() => parseEnv({ VAPID_PUBLIC_KEY: "short" })).toThrowError(/VAPID_PUBLIC_KEY is a base64url P-256 public key.*\n.*VAPID_PRIVATE_KEY is required/s);
    const ok = parseEnv({ ZALO_APP_ID: "1", ZALO_APP_SECRET: "secret-of-app", ZALO_REFRESH_TOKEN: "refresh-token", ZALO_ZNS_TEMPLATES: '{"CODE":"420001","FARM_ORDER":"420004"}', ESMS_API_KEY: "KEY1", ESMS_SECRET_KEY: "SECRET1", ESMS_BRANDNAME: "CHONONG" });
    expect(ok).toMatchObject({ ESMS_SANDBOX: "0", NOTIFY_RETRY_BASE_MS: 10_000 });
  });
});
