import { z } from "zod";
import { parseQuantityMilli } from "~/modules/catalog/schemas";

export const CartLineSchema = z.object({
  intent: z.enum(["add", "update", "remove"]),
  productId: z.string().min(1).max(40),
  quantity: z
    .string()
    .max(20, "quantityInvalid")
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return 1000;
      if (/^\s*-/.test(v)) return ctx.addIssue({ code: "custom", message: "quantityInvalid" }), z.NEVER;
      const n = parseQuantityMilli(v);
      return n === null ? (ctx.addIssue({ code: "custom", message: "quantityInvalid" }), z.NEVER) : n;
    }),
  redirectTo: z.string().optional(),
});
