import { z } from "zod";
import { normalizeVnPhone } from "~/modules/auth/phone";

/** Checkout: the buyer, and for each farm in the cart how to receive and how to pay. */
export const CheckoutSchema = z.object({
  idempotencyKey: z.string().regex(/^[a-f0-9]{32}$/, "formExpired"),
  buyerName: z.string({ required_error: "required" }).trim().min(1, "required").max(100, "nameTooLong"),
  buyerPhone: z
    .string({ required_error: "required" })
    .transform((v, ctx) => normalizeVnPhone(v) ?? (ctx.addIssue({ code: "custom", message: "phoneInvalid" }), z.NEVER)),
  farms: z
    .array(
      z.object({
        farmId: z.string().min(1).max(40),
        fulfilment: z.enum(["DELIVERY", "PICKUP"], { errorMap: () => ({ message: "fulfilmentRequired" }) }),
        address: z.string().trim().max(300, "addressTooLong").default(""),
        paymentMethod: z.enum(["VIETQR", "CARD"], { errorMap: () => ({ message: "paymentRequired" }) }),
      }),
    )
    .min(1, "cartEmpty")
    .max(50),
});
export type CheckoutInput = z.infer<typeof CheckoutSchema>;
