// Shared by the server (parseWithZod in actions) and the browser (conform's onValidate).
// Messages are i18n keys under `errors.`; the form translates them.
import { z } from "zod";
import { typedText } from "~/utils/text";
import { ROLES } from "./permissions";
import { looksLikePhone, normalizeVnPhone } from "./phone";

export type Identifier = { kind: "phone"; value: string } | { kind: "email"; value: string };

// The 30 most common passwords in leaked lists, plus Vietnamese favourites.
const COMMON_PASSWORDS = new Set([
  "12345678", "123456789", "1234567890", "password", "password1", "password123", "qwerty123",
  "11111111", "00000000", "88888888", "66666666", "12341234", "87654321", "abc12345", "abcd1234",
  "iloveyou", "qwertyui", "1q2w3e4r", "123123123", "11223344", "admin123", "matkhau123", "matkhau",
  "anhyeuem", "emyeuanh", "vietnam1", "vietnam123", "saigon123", "hanoi123", "01234567",
]);

export const identifierSchema = z
  .string({ required_error: "required" })
  .trim()
  .min(1, "required")
  .max(254, "identifierInvalid")
  .transform((raw, ctx): Identifier => {
    if (looksLikePhone(raw)) {
      const phone = normalizeVnPhone(raw);
      if (!phone) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "phoneInvalid" });
        return z.NEVER;
      }
      return { kind: "phone", value: phone };
    }
    const email = raw.toLowerCase();
    if (!z.string().email().safeParse(email).success) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: raw.includes("@") ? "emailInvalid" : "identifierInvalid" });
      return z.NEVER;
    }
    return { kind: "email", value: email };
  });

export const newPassword = z
  .string({ required_error: "required" })
  .min(8, "passwordTooShort")
  .max(128, "passwordTooLong")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "passwordTooCommon");

export const SignupSchema = z
  .object({
    name: typedText(z.string({ required_error: "required" }).trim().min(1, "required").max(100, "nameTooLong")),
    identifier: identifierSchema,
    password: newPassword,
    role: z.enum(["BUYER", "FARMER"], { errorMap: () => ({ message: "roleInvalid" }) }),
  })
  .superRefine((v, ctx) => {
    if (typeof v.identifier?.value !== "string" || typeof v.password !== "string") return; // already reported on its field
    const id = v.identifier.value.replace(/^\+84/, "0").toLowerCase();
    if (v.password.toLowerCase().includes(id) || id.includes(v.password.toLowerCase())) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message: "passwordSameAsIdentifier" });
    }
  });
export type SignupInput = z.infer<typeof SignupSchema>;

export const LoginSchema = z.object({
  identifier: identifierSchema,
  // No length rules at log-in: an old password must still work; just bound the size.
  password: z.string({ required_error: "required" }).min(1, "required").max(1024, "passwordTooLong"),
  redirectTo: z.string().optional(),
});
export type LoginInput = z.infer<typeof LoginSchema>;

/** An administrator's role change for one user (admin page). */
export const RoleChangeSchema = z.object({
  userId: z.string().min(1).max(40),
  role: z.enum(ROLES),
});

/** A 6-digit code as typed: spaces and dots ignored ("123 456"). */
export const codeSchema = z
  .string({ required_error: "required" })
  .transform((v) => v.replace(/[\s.-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "codeFormat"));

/** The random handle of a pending code (in the page's address). */
export const codeIdSchema = z.string().regex(/^[a-z2-7]{26}$/, "codeWrong");

export const SignupVerifySchema = z.object({ id: codeIdSchema, code: codeSchema });
export const ResendSchema = z.object({ id: codeIdSchema });

export const ForgotPasswordSchema = z.object({ identifier: identifierSchema });

/** The new password, with the code sent to the phone or the e-mail link's token. */
export const ResetPasswordSchema = z.discriminatedUnion("via", [
  z.object({ via: z.literal("code"), id: codeIdSchema, code: codeSchema, password: newPassword }),
  z.object({ via: z.literal("link"), id: codeIdSchema, token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "linkInvalid"), password: newPassword }),
]);

export const PasswordChangeSchema = z.discriminatedUnion("with", [
  z.object({ with: z.literal("current"), currentPassword: z.string({ required_error: "required" }).min(1, "required").max(1024, "passwordTooLong"), password: newPassword }),
  z.object({ with: z.literal("code"), id: codeIdSchema, code: codeSchema, password: newPassword }),
]);

/** A Vietnamese mobile or landline number as typed, normalised to +84… (no e-mail here). */
export const vnPhoneSchema = z
  .string({ required_error: "required" })
  .trim()
  .min(1, "required")
  .max(30, "phoneInvalid")
  .transform((raw, ctx) => {
    const phone = normalizeVnPhone(raw);
    if (!phone) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "phoneInvalid" });
      return z.NEVER;
    }
    return phone;
  });

export const PhoneChangeSchema = z.object({ phone: vnPhoneSchema });
export const PhoneVerifySchema = z.object({ id: codeIdSchema, code: codeSchema });
