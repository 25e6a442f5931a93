import { parseWithZod as conformParseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LoginSchema } from "~/modules/auth/schemas";
import { CartLineSchema } from "~/modules/cart/schemas";
import { formSchema, parseWithZod } from "./forms";

const form = (fields: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
};
const Mixed = z.object({
  name: z.string().min(2),
  count: z.number().int().min(1),
  when: z.date().optional(),
  ok: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  kind: z.enum(["a", "b"]),
});

describe("parseWithZod from ~/utils/forms", () => {
  it("gives exactly what conform's own parseWithZod gives, valid or not", () => {
    const cases: [z.ZodTypeAny, [string, string][]][] = [
      [Mixed, [["name", "Xoài"], ["count", "3"], ["when", "2026-11-24"], ["ok", "on"], ["tags", "x"], ["tags", "y"], ["kind", "a"]]],
      [Mixed, [["name", ""], ["count", "ba"], ["kind", "c"]]],
      [Mixed, [["name", "  "], ["count", "1.5"], ["kind", "b"], ["when", "not a date"]]],
      [Mixed, []],
      [LoginSchema, [["email", "buyer@chonong.vn"], ["password", "x"]]],
      [LoginSchema, [["email", "not-an-email"]]],
      [CartLineSchema, [["intent", "add"], ["productId", "p1"], ["quantity", "1.5"], ["redirectTo", "/cart"]]],
      [CartLineSchema, [["intent", "add"], ["quantity", "-2"]]],
    ];
    for (const [schema, fields] of cases) {
      const ours = parseWithZod(form(fields), { schema });
      const theirs = conformParseWithZod(form(fields), { schema });
      expect(ours.status).toBe(theirs.status);
      expect(ours.status === "success" ? ours.value : ours.reply()).toEqual(theirs.status === "success" ? theirs.value : theirs.reply());
    }
    expect(parseWithZod(form(cases[0][1]), { schema: Mixed }).status).toBe("success"); // the cases do cover both outcomes
    expect(parseWithZod(form(cases[1][1]), { schema: Mixed }).status).toBe("error");
  });

  it("makes the coercing copy of a schema once", () => {
    expect(formSchema(Mixed)).toBe(formSchema(Mixed));
    expect(formSchema(Mixed)).not.toBe(Mixed);
    expect(formSchema(LoginSchema)).not.toBe(formSchema(Mixed));
  });
});
