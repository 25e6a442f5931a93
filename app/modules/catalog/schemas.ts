// Product form, shared by browser and server. Farmers type prices the Vietnamese way ("125.000",
// "125k") and quantities with a comma ("0,5"); everything becomes integers here (ADR 005).
import { z } from "zod";
import { typedText } from "~/utils/text";

export const PRODUCT_UNITS = ["kg", "g", "bo", "qua", "hop", "chai", "tui", "cai"] as const;
export const MAX_PRICE_VND = 100_000_000;
export const MAX_STOCK_UNITS = 1_000_000;

/** "125.000" | "125,000" | "125000" | "125k" | "125.000 ₫" -> 125000; null when not whole đồng. */
export function parseVnd(input: string): number | null {
  let s = input.trim().toLowerCase().replace(/[\s₫đ]|vnd|dong/g, "");
  let factor = 1;
  if (/^\d+([.,]\d+)?k$/.test(s)) {
    factor = 1000;
    s = s.slice(0, -1).replace(",", ".");
    const n = Math.round(Number(s) * factor);
    return Number.isSafeInteger(n) ? n : null;
  }
  if (/^\d{1,3}([.,]\d{3})+$/.test(s)) s = s.replace(/[.,]/g, "");
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** "12,5" | "12.5" | "3" -> thousandths (12500, 3000); null when not a number ≥ 0 with ≤ 3 decimals. */
export function parseQuantityMilli(input: string): number | null {
  const s = input.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,3})?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  return Number(whole) * 1000 + Number(frac.padEnd(3, "0"));
}

const text = (max: number, tooLong: string) => typedText(z.string().trim().max(max, tooLong), { multiline: true });

/** A stock figure as typed ("12", "2,5"), in thousandths of the unit. */
function stockField() {
  return z
    .string({ required_error: "required" })
    .max(20, "stockInvalid")
    .transform((v, ctx) => {
      if (/^\s*-/.test(v)) return ctx.addIssue({ code: "custom", message: "stockNegative" }), z.NEVER;
      const n = parseQuantityMilli(v);
      if (n === null) return ctx.addIssue({ code: "custom", message: "stockInvalid" }), z.NEVER;
      if (n > MAX_STOCK_UNITS * 1000) return ctx.addIssue({ code: "custom", message: "stockTooHigh" }), z.NEVER;
      return n;
    });
}

/** The stock-only form (`?op=stock`), which staff may use (farms/roles.ts). */
export const StockFormSchema = z.object({ stock: stockField() });

export const ProductFormSchema = z
  .object({
    name: typedText(z.string({ required_error: "required" }).trim().min(2, "required").max(120, "nameTooLong")),
    categoryId: z.string({ required_error: "categoryRequired" }).min(1, "categoryRequired").max(40),
    unit: z.enum(PRODUCT_UNITS, { errorMap: () => ({ message: "unitInvalid" }) }),
    price: z
      .string({ required_error: "required" })
      .max(30, "priceInvalid")
      .transform((v, ctx) => {
        if (/^\s*-/.test(v)) return ctx.addIssue({ code: "custom", message: "priceNegative" }), z.NEVER;
        const n = parseVnd(v);
        if (n === null) return ctx.addIssue({ code: "custom", message: "priceInvalid" }), z.NEVER;
        if (n < 100) return ctx.addIssue({ code: "custom", message: "priceTooLow" }), z.NEVER;
        if (n > MAX_PRICE_VND) return ctx.addIssue({ code: "custom", message: "priceTooHigh" }), z.NEVER;
        return n;
      }),
    soldByWeight: z.boolean().default(false),
    step: z.string().max(12).optional(),
    stock: stockField(),
    seasonStartMonth: z.number({ invalid_type_error: "monthInvalid" }).int().min(1, "monthInvalid").max(12, "monthInvalid").optional(),
    seasonEndMonth: z.number({ invalid_type_error: "monthInvalid" }).int().min(1, "monthInvalid").max(12, "monthInvalid").optional(),
    description: text(2000, "descriptionTooLong").default(""),
    intent: z.enum(["draft", "publish"]).default("draft"),
  })
  .superRefine((v, ctx) => {
    if (typeof v.stock !== "number") return;
    if (v.soldByWeight) {
      const step = v.step ? parseQuantityMilli(v.step) : 1000;
      if (step === null || step <= 0 || step > 100_000) ctx.addIssue({ code: "custom", path: ["step"], message: "stepInvalid" });
    } else if (v.stock % 1000 !== 0) {
      ctx.addIssue({ code: "custom", path: ["stock"], message: "stockWholeUnits" });
    }
    if ((v.seasonStartMonth === undefined) !== (v.seasonEndMonth === undefined)) {
      ctx.addIssue({ code: "custom", path: ["seasonEndMonth"], message: "seasonBoth" });
    }
  })
  .transform(({ step, intent, price, stock, seasonStartMonth, seasonEndMonth, ...v }) => ({
    ...v,
    priceVnd: price,
    stockMilli: stock,
    seasonStartMonth: seasonStartMonth ?? null,
    seasonEndMonth: seasonEndMonth ?? null,
    stepMilli: v.soldByWeight ? (step ? parseQuantityMilli(step)! : 1000) : 1000,
    status: intent === "publish" ? ("ACTIVE" as const) : ("DRAFT" as const),
  }));

export type ProductFormInput = z.infer<typeof ProductFormSchema>;
