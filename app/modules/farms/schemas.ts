// Farm onboarding forms, shared by browser and server; messages are i18n keys under errors.
import { z } from "zod";
import { normalizeVnPhone } from "~/modules/auth/phone";
import { identifierSchema } from "~/modules/auth/schemas";
import { typedText } from "~/utils/text";

const phone = z
  .string({ required_error: "required" })
  .trim()
  .transform((v, ctx) => normalizeVnPhone(v) ?? (ctx.addIssue({ code: "custom", message: "phoneInvalid" }), z.NEVER));

export const FarmProfileSchema = z.object({
  name: typedText(z.string({ required_error: "required" }).trim().min(2, "required").max(100, "nameTooLong")),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(80, "slugInvalid")
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "slugInvalid")
    .optional(),
  communeCode: z.string({ required_error: "communeRequired" }).min(1, "communeRequired").max(20),
  phone,
  addressLine: typedText(z.string().trim().max(200, "nameTooLong")).default(""),
  story: typedText(z.string().trim().max(3000, "storyTooLong"), { multiline: true }).default(""),
  offersPickup: z.boolean().default(false),
  offersDelivery: z.boolean().default(false),
});
export type FarmProfileInput = z.infer<typeof FarmProfileSchema>;

export const BankAccountSchema = z.object({
  bankBin: z.string({ required_error: "bankRequired" }).regex(/^\d{6}$/, "bankRequired"),
  bankAccountNumber: z.string({ required_error: "required" }).trim().regex(/^\d{6,19}$/, "accountNumberInvalid"),
  bankAccountName: typedText(
    z
      .string({ required_error: "required" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z][A-Z ]{1,69}$/, "accountNameInvalid"),
  ),
});

export const CERT_KINDS = ["VIETGAP", "GLOBALGAP", "OCOP", "ORGANIC", "OTHER"] as const;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dateInvalid")
  .transform((v, ctx) => {
    const d = new Date(`${v}T00:00:00+07:00`);
    return Number.isNaN(d.getTime()) ? (ctx.addIssue({ code: "custom", message: "dateInvalid" }), z.NEVER) : d;
  });

export const CertificationSchema = z
  .object({
    kind: z.enum(CERT_KINDS, { errorMap: () => ({ message: "certKindInvalid" }) }),
    stars: z.number({ invalid_type_error: "starsInvalid" }).int().min(3, "starsInvalid").max(5, "starsInvalid").optional(),
    number: typedText(z.string({ required_error: "required" }).trim().min(1, "required").max(60, "nameTooLong")),
    issuer: typedText(z.string({ required_error: "required" }).trim().min(1, "required").max(120, "nameTooLong")),
    expiresAt: date.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "OCOP" && v.stars === undefined) ctx.addIssue({ code: "custom", path: ["stars"], message: "starsInvalid" });
  });

export const InviteSchema = z.object({ identifier: identifierSchema, role: z.enum(["MANAGER", "STAFF"], { errorMap: () => ({ message: "roleInvalid" }) }).default("STAFF") });
