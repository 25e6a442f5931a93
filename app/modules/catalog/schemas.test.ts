import { parseWithZod } from "~/utils/forms";
import { describe, expect, it } from "vitest";
import { parseQuantityMilli, parseVnd, ProductFormSchema } from "./schemas";

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ name: "Sầu riêng Ri6", categoryId: "c1", unit: "kg", price: "85.000", stock: "40", ...fields })) fd.append(k, v);
  return fd;
};
const parse = (fields: Record<string, string>) => parseWithZod(form(fields), { schema: ProductFormSchema });
const errorsOf = (fields: Record<string, string>) => {
  const r = parse(fields);
  return r.status === "success" ? {} : (r.error ?? {});
};

describe("prices and quantities as farmers type them", () => {
  it.each([
    ["85.000", 85000], ["85,000", 85000], ["85000", 85000], ["85k", 85000], ["1,5k", 1500], ["1.250.000 ₫", 1250000], ["120000đ", 120000],
  ])("price %s -> %d đồng", (input, expected) => expect(parseVnd(input)).toBe(expected));

  it.each(["85.5", "abc", "", "1e6", "12.34.5"])("price %s is not whole đồng", (input) => expect(parseVnd(input)).toBeNull());

  it.each([["0,5", 500], ["12.5", 12500], ["3", 3000], ["0,125", 125]])("quantity %s -> %d thousandths", (input, expected) =>
    expect(parseQuantityMilli(input)).toBe(expected),
  );
  it.each(["-1", "1,2345", "mười", "1/2"])("quantity %s is refused", (input) => expect(parseQuantityMilli(input)).toBeNull());
});

describe("product form", () => {
  it("turns a valid form into integers and a status", () => {
    const r = parse({ soldByWeight: "on", step: "0,5", stock: "12,5", intent: "publish", seasonStartMonth: "11", seasonEndMonth: "2" });
    expect(r.status).toBe("success");
    if (r.status === "success")
      expect(r.value).toMatchObject({ priceVnd: 85000, stockMilli: 12500, stepMilli: 500, soldByWeight: true, status: "ACTIVE", seasonStartMonth: 11, seasonEndMonth: 2 });
  });

  it.each([
    [{ price: "-5" }, "price", "priceNegative"],
    [{ price: "500.000.000" }, "price", "priceTooHigh"],
    [{ price: "50" }, "price", "priceTooLow"],
    [{ price: "tám mươi" }, "price", "priceInvalid"],
    [{ stock: "nhiều" }, "stock", "stockInvalid"],
    [{ stock: "-3" }, "stock", "stockNegative"],
    [{ stock: "2000000" }, "stock", "stockTooHigh"],
    [{ stock: "2,5" }, "stock", "stockWholeUnits"],
    [{ soldByWeight: "on", step: "0" }, "step", "stepInvalid"],
    [{ unit: "tấn" }, "unit", "unitInvalid"],
    [{ categoryId: "" }, "categoryId", "categoryRequired"],
    [{ seasonStartMonth: "13", seasonEndMonth: "2" }, "seasonStartMonth", "monthInvalid"],
    [{ seasonStartMonth: "5" }, "seasonEndMonth", "seasonBoth"],
    [{ name: "x".repeat(200) }, "name", "nameTooLong"],
  ])("refuses %o", (fields, field, key) => {
    expect(errorsOf(fields)[field]).toContain(key);
  });
});
