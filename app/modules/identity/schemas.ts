// The identity forms (ADR 018): the seller's own online check and an officer's in-person record.
import { z } from "zod";
import { typedText } from "~/utils/text";

const fullName = typedText(z.string({ required_error: "required" }).trim().min(2, "required").max(100, "nameTooLong"));
const idNumber = z.string({ required_error: "required" }).transform((v) => v.replace(/[\s.-]/g, "")).pipe(z.string().regex(/^\d{12}$/, "idNumberFormat"));
const dateOfBirth = z
  .string({ required_error: "required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dateInvalid")
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d && t < Date.now() && t > Date.parse("1900-01-01");
  }, "dateInvalid");

export const IdentitySchema = z.object({ fullName, idNumber, dateOfBirth });
export const InPersonSchema = z.object({ userId: z.string().min(1).max(40), fullName, idNumber, dateOfBirth, note: typedText(z.string().trim().max(300, "noteTooLong")).optional() });
