// Forms of the assisted path (ADR 017), shared by the server and the browser. Messages are keys
// under `errors.`.
import { z } from "zod";
import { isVnMobile } from "~/modules/auth/phone";
import { codeIdSchema, codeSchema, newPassword, vnPhoneSchema } from "~/modules/auth/schemas";
import { typedText } from "~/utils/text";

/** A mobile number (codes and invitations go to it), normalised to +84…: not a landline. */
export const mobileSchema = vnPhoneSchema.refine(isVnMobile, "mobileRequired");

const communeCode = z.string({ required_error: "communeRequired" }).regex(/^\d{5}$/, "communeRequired");
const personName = typedText(z.string({ required_error: "required" }).trim().min(2, "required").max(100, "nameTooLong"));

/** The helper's form: the household it signs up. */
export const AssistStartSchema = z.object({
  name: personName,
  phone: mobileSchema,
  communeCode,
  farmName: typedText(z.string().trim().max(120, "nameTooLong")).optional(),
});

export const AssistVerifySchema = z.object({ id: codeIdSchema, code: codeSchema });

/** The household's first password, typed on the helper's phone (the right to set it is in a cookie). */
export const FirstPasswordSchema = z.object({ password: newPassword });

/** An officer makes an account a helper for some communes. */
export const HelperSchema = z.object({
  name: personName,
  phone: mobileSchema,
  communes: z.array(communeCode, { required_error: "communeRequired" }).min(1, "communeRequired").max(20, "tooManyCommunes"),
});

/** A commune's target of selling households (blank: none). */
export const targetSchema = z
  .string()
  .trim()
  .max(7)
  .transform((v, ctx) => {
    if (v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "targetInvalid" });
      return z.NEVER;
    }
    return n;
  });
