import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FarmProfileSchema } from "~/modules/farms/schemas";
import { ProductFormSchema } from "~/modules/catalog/schemas";
import { SignupSchema } from "~/modules/auth/schemas";
import { CheckoutSchema } from "~/modules/orders/schemas";
import { parseWithZod } from "./forms";
import { cleanLine, cleanText, typedText } from "./text";

const BIDI = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"];

describe("cleanLine / cleanText", () => {
  it.each([...BIDI, ...ZERO_WIDTH].map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`, c]))("removes %s", (_, c) => {
    expect(cleanLine(`Vườn${c} Út${c}Hà`)).toBe("Vườn ÚtHà");
    expect(cleanText(`${c}Dòng 1\nDòng 2${c}`)).toBe("Dòng 1\nDòng 2");
  });

  it("defeats a right-to-left override that makes a name read as another", () => {
    // shows as "Vườn Út Hà" reversed after the override; stored without it
    expect(cleanLine("Vườn \u202Eàh tÚ\u202C")).toBe("Vườn àh tÚ");
    expect(cleanLine("\u2067\u2066admin\u2069\u2069")).toBe("admin");
  });

  it("leaves Vietnamese exactly as typed, and makes combining marks precomposed (NFC)", () => {
    const names = ["Vườn Sầu Riêng Út Hà", "Hợp tác xã Nông nghiệp Đồng Tâm", "Ớt chỉ thiên, ổi, ửng, ỹ", "Bưởi da xanh — loại 1 (1,5 kg)", "Cà phê Robusta 🌱"];
    for (const n of names) expect(cleanLine(n)).toBe(n);
    expect(cleanLine("Tie\u0302\u0301u đen")).toBe("Tiếu đen");
    expect(cleanLine("Tie\u0302\u0301u đen")).toBe("Tiếu đen".normalize("NFC"));
  });

  it("removes control characters; line breaks stay in text and become spaces in a line", () => {
    expect(cleanLine("a\u0000b\u001Bc\u007Fd\u0085e")).toBe("abcde");
    expect(cleanText("Dòng 1\r\nDòng 2\rDòng 3\u2028Dòng 4\tcột")).toBe("Dòng 1\nDòng 2\nDòng 3\nDòng 4\tcột");
    expect(cleanLine("Vườn\r\n  Út\tHà")).toBe("Vườn Út Hà");
  });

  it("replaces a lone surrogate half, keeps a whole emoji", () => {
    expect(cleanLine("a\uD83Db")).toBe("a\uFFFDb");
    expect(cleanLine("a\uDE00b")).toBe("a\uFFFDb");
    expect(cleanLine("a😀b")).toBe("a😀b");
  });
});

describe("typedText in a form schema", () => {
  const Schema = z.object({
    name: typedText(z.string({ required_error: "required" }).trim().min(2, "required").max(10, "nameTooLong")),
    note: typedText(z.string().trim().max(20, "tooLong"), { multiline: true }).default(""),
  });
  const parse = (fields: Record<string, string>) => parseWithZod(new URLSearchParams(fields), { schema: Schema });

  it("checks the length of what remains: invisible padding is neither counted nor a name", () => {
    expect(parse({ name: "\u200B\u200B\u200B" }).reply().error).toEqual({ name: ["required"] });
    expect(parse({ name: "" }).reply().error).toEqual({ name: ["required"] });
    expect(parse({}).reply().error).toEqual({ name: ["required"] });
    const ok = parse({ name: `Út\u202E${"\u200B".repeat(50)}Hà` });
    expect(ok.status === "success" && ok.value).toEqual({ name: "ÚtHà", note: "" });
    expect(parse({ name: "Vườn Út Hà nhà" }).reply().error).toEqual({ name: ["nameTooLong"] });
  });

  it("keeps an optional field optional, and its line breaks", () => {
    const ok = parse({ name: "Út Hà", note: "\u200Bdòng 1\r\ndòng 2" });
    expect(ok.status === "success" && ok.value.note).toBe("dòng 1\ndòng 2");
    const empty = parse({ name: "Út Hà", note: "\uFEFF" });
    expect(empty.status === "success" && empty.value.note).toBe("");
  });

  it("cleans what other people read in the app's forms", () => {
    const farm = parseWithZod(
      new URLSearchParams({ name: "Vườn\u202E Út Hà", communeCode: "77020", phone: "0912345678", addressLine: "Ấp\u200B 3", story: "Vườn\u2066 nhà\nba đời" }),
      { schema: FarmProfileSchema },
    );
    expect(farm.status === "success" && farm.value).toMatchObject({ name: "Vườn Út Hà", addressLine: "Ấp 3", story: "Vườn nhà\nba đời" });
    const product = parseWithZod(new URLSearchParams({ name: "Bưởi\u200F da xanh", categoryId: "c", unit: "kg", price: "60.000", stock: "10", description: "\u202Bngọt" }), { schema: ProductFormSchema });
    expect(product.status === "success" && product.value).toMatchObject({ name: "Bưởi da xanh", description: "ngọt" });
    const signup = parseWithZod(new URLSearchParams({ name: "\u202EAdmin", identifier: "0912345678", password: "mat-khau-Moi-2026", role: "BUYER" }), { schema: SignupSchema });
    expect(signup.status === "success" && signup.value.name).toBe("Admin");
    const checkout = parseWithZod(
      new URLSearchParams({ idempotencyKey: "a".repeat(32), seenPrices: "0123456789abcdef", buyerName: "Anh\u2060 Ba", buyerPhone: "0912345678", "farms[0].farmId": "f", "farms[0].fulfilment": "DELIVERY", "farms[0].address": "12\u200D Lê Lợi", "farms[0].paymentMethod": "VIETQR" }),
      { schema: CheckoutSchema },
    );
    expect(checkout.status === "success" && checkout.value).toMatchObject({ buyerName: "Anh Ba", farms: [{ address: "12 Lê Lợi" }] });
  });
});
