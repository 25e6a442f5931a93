// Environment, validated once at start-up with zod. A bad value stops the server with a message
// that names the variable and says what is expected (README, "Configuration").
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z
    .string()
    .url("PUBLIC_URL must be an absolute URL such as https://chonong.example.vn")
    .default("http://localhost:3000"),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|file:)/, "DATABASE_URL must start with postgresql:// or file:")
    .optional(),
  SQLITE_FILE: z.string().min(1).default("data/app.db"),
  MEDIA_DIR: z.string().min(1).default("data/media"),
  MEDIA_STORE: z.enum(["local", "s3"]).default("local"),
  S3_ENDPOINT: z.string().url("S3_ENDPOINT must be a URL such as https://s3.example.com").optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "STRIPE_SECRET_KEY must look like sk_test_… or sk_live_…").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "STRIPE_WEBHOOK_SECRET must look like whsec_…").optional(),
  STRIPE_API_BASE: z.string().url().optional(), // tests only: a local fake of Stripe's HTTP API
  BANK_WEBHOOK_SECRET: z.string().min(32, "BANK_WEBHOOK_SECRET must be at least 32 characters").optional(),
  // Messages (ADR 014). Zalo ZNS: the Official Account's app, its tokens and the approved templates.
  ZALO_APP_ID: z.string().regex(/^\d+$/, "ZALO_APP_ID is the numeric id of the Zalo app").optional(),
  ZALO_APP_SECRET: z.string().min(8).optional(),
  ZALO_OA_SECRET_KEY: z.string().min(8, "ZALO_OA_SECRET_KEY is the OA secret key that signs Zalo's webhook events").optional(),
  ZALO_ACCESS_TOKEN: z.string().min(1).optional(),
  ZALO_REFRESH_TOKEN: z.string().min(8).optional(),
  ZALO_ZNS_TEMPLATES: z
    .string()
    .refine((v) => {
      try {
        const o = JSON.parse(v) as unknown;
        return typeof o === "object" && o !== null && !Array.isArray(o) && Object.entries(o).every(([k, id]) => ["CODE", "SECURITY", "BUYER_ORDER", "FARM_ORDER", "STOCK_LOW"].includes(k) && /^\d+$/.test(String(id)));
      } catch {
        return false;
      }
    }, 'ZALO_ZNS_TEMPLATES must be JSON like {"CODE":"123456","FARM_ORDER":"234567"} (keys CODE, SECURITY, BUYER_ORDER, FARM_ORDER, STOCK_LOW)')
    .optional(),
  ZALO_API_BASE: z.string().url().optional(), // tests: a local fake of Zalo's API
  ZALO_OAUTH_BASE: z.string().url().optional(),
  // brand-name SMS through eSMS.vn
  ESMS_API_KEY: z.string().min(4).optional(),
  ESMS_SECRET_KEY: z.string().min(4).optional(),
  ESMS_BRANDNAME: z.string().min(1).max(11, "ESMS_BRANDNAME is the registered brand name (at most 11 characters)").optional(),
  ESMS_API_BASE: z.string().url().optional(), // tests: a local fake of eSMS
  ESMS_SANDBOX: z.enum(["0", "1"]).default("0"),
  // Web Push: the VAPID key pair (made and kept in the database when unset)
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{87}$/, "VAPID_PUBLIC_KEY is a base64url P-256 public key (87 characters)").optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "VAPID_PRIVATE_KEY is a base64url P-256 private key (43 characters)").optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, "VAPID_SUBJECT must be a mailto: or https:// contact").optional(),
  WEB_PUSH_CA_FILE: z.string().min(1).optional(), // tests only: the local fake push service's certificate
  CODES_PER_IP_HOUR: z.coerce.number().int().min(1).default(30),
  CODES_PER_HOUR: z.coerce.number().int().min(1).default(1000),
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(100, "NOTIFY_RETRY_BASE_MS must be at least 100 (milliseconds)").default(10_000),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  TARGET_HOUSEHOLDS: z.coerce.number().int().min(1).default(7000),
  // seller identity (ADR 018): read where used; validated here so a typo stops the start-up
  IDENTITY_REQUIRED_FROM: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "IDENTITY_REQUIRED_FROM is a day such as 2026-07-01").optional(),
  EKYC_API_URL: z.string().url("EKYC_API_URL must be a URL such as https://ekyc.example.vn").optional(),
  EKYC_API_KEY: z.string().min(1).optional(),
  EKYC_API_SECRET: z.string().min(8).optional(),
  // read by server.js and the housekeeping timer; validated here so a typo stops the start-up
  HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().min(0, "HOUSEKEEPING_INTERVAL_MS must be 0 (off) or a number of milliseconds").default(60_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000, "SHUTDOWN_TIMEOUT_MS must be at least 1000 (milliseconds)").default(25_000),
  // How many reverse proxies stand in front of the app: the client's address is the one the
  // nearest of them saw (X-Forwarded-For read from the right, ADR 011). "true" was the old way of
  // saying one; server.js warns and reads it as 1 (trusting every hop let clients choose their address).
  TRUST_PROXY: z
    .string()
    .regex(/^(?:\d|true|false)$/, "TRUST_PROXY is the number of reverse proxies in front of the app: 0 (none), 1 (one load balancer or nginx), 2…")
    .default("0")
    .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
  // Request bodies (ADR 011): larger ones are refused with 413 before anything reads them.
  BODY_LIMIT_FORM_KB: z.coerce.number().int().min(16, "BODY_LIMIT_FORM_KB must be at least 16 (kilobytes)").default(256),
  BODY_LIMIT_WEBHOOK_KB: z.coerce.number().int().min(16, "BODY_LIMIT_WEBHOOK_KB must be at least 16 (kilobytes)").default(128),
  // the default is what a photo form may carry: MAX_IMAGES_PER_UPLOAD (8) × MAX_UPLOAD_BYTES (15 MB) + 1 MB of fields
  BODY_LIMIT_UPLOAD_MB: z.coerce.number().int().min(1).max(121, "BODY_LIMIT_UPLOAD_MB is at most 121: the app refuses larger photo forms anyway (8 photos of 15 MB)").default(121),
});

const refined = schema.superRefine((v, ctx) => {
  if (!!v.STRIPE_SECRET_KEY !== !!v.STRIPE_WEBHOOK_SECRET) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["STRIPE_WEBHOOK_SECRET"], message: "set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together (card payments), or neither" });
  }
  const together = (keys: Array<keyof typeof v>, what: string) => {
    const set = keys.filter((k) => v[k] !== undefined);
    if (set.length > 0 && set.length < keys.length) {
      for (const k of keys.filter((k) => v[k] === undefined)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [k], message: `${String(k)} is required with ${set.join(", ")} (${what})` });
    }
  };
  together(["ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_REFRESH_TOKEN", "ZALO_ZNS_TEMPLATES"], "Zalo ZNS");
  together(["ESMS_API_KEY", "ESMS_SECRET_KEY", "ESMS_BRANDNAME"], "SMS through eSMS");
  together(["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"], "Web Push keys");
  together(["EKYC_API_URL", "EKYC_API_KEY", "EKYC_API_SECRET"], "the eKYC partner (seller identity)");
  if (v.MEDIA_STORE !== "s3") return;
  for (const key of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
    if (!v[key]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `${key} is required when MEDIA_STORE=s3` });
  }
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set" (docker-compose and .env files often write VAR=).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = refined.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);

/** Cookies get `Secure` whenever the public address is https (always the case in production). */
export const secureCookies = env.PUBLIC_URL.startsWith("https://");
