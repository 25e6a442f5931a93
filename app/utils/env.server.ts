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
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  TARGET_HOUSEHOLDS: z.coerce.number().int().min(1).default(7000),
  // read by server.js and the housekeeping timer; validated here so a typo stops the start-up
  HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().min(0, "HOUSEKEEPING_INTERVAL_MS must be 0 (off) or a number of milliseconds").default(60_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000, "SHUTDOWN_TIMEOUT_MS must be at least 1000 (milliseconds)").default(25_000),
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
});

const refined = schema.superRefine((v, ctx) => {
  if (!!v.STRIPE_SECRET_KEY !== !!v.STRIPE_WEBHOOK_SECRET) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["STRIPE_WEBHOOK_SECRET"], message: "set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together (card payments), or neither" });
  }
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
