import { z } from "zod";
import { typedText } from "~/utils/text";
import { normalizeVnPhone } from "~/modules/auth/phone";
import { parseQuantityMilli } from "~/modules/catalog/schemas";

/** Checkout: the buyer, and for each farm in the cart how to receive and how to pay. */
export const CheckoutSchema = z.object({
  idempotencyKey: z.string().regex(/^[a-f0-9]{32}$/, "formExpired"),
  /** priceToken() of the cart as the form showed it */
  seenPrices: z.string().regex(/^[a-f0-9]{16}$/, "formExpired"),
  buyerName: typedText(z.string({ required_error: "required" }).trim().min(1, "required").max(100, "nameTooLong")),
  buyerPhone: z
    .string({ required_error: "required" })
    .transform((v, ctx) => normalizeVnPhone(v) ?? (ctx.addIssue({ code: "custom", message: "phoneInvalid" }), z.NEVER)),
  farms: z
    .array(
      z.object({
        farmId: z.string().min(1).max(40),
        fulfilment: z.enum(["DELIVERY", "PICKUP"], { errorMap: () => ({ message: "fulfilmentRequired" }) }),
        address: typedText(z.string().trim().max(300, "addressTooLong"), { multiline: true }).default(""),
        paymentMethod: z.enum(["VIETQR", "CARD"], { errorMap: () => ({ message: "paymentRequired" }) }),
      }),
    )
    .min(1, "cartEmpty")
    .max(50),
});
export type CheckoutInput = z.infer<typeof CheckoutSchema>;

/** Final weights from the farm's form: fields `w.<lineId>` typed like "1,8" (kg). */
export const FinalWeightsSchema = z
  .record(z.string(), z.unknown())
  .transform((form, ctx) => {
    const weights: Record<string, number> = {};
    for (const [k, v] of Object.entries(form)) {
      if (!k.startsWith("w.")) continue;
      const milli = typeof v === "string" && v.length <= 12 ? parseQuantityMilli(v) : null;
      if (milli === null || Object.keys(weights).length >= 100) return ctx.addIssue({ code: "custom", message: "weightInvalid" }), z.NEVER;
      weights[k.slice(2)] = milli;
    }
    return weights;
  });
