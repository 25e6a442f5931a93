// Conform's parseWithZod, with the schema's form-value coercion made once per schema. By default
// parseWithZod rebuilds the coercing copy of the whole schema on every call (measured with
// `npm run bench:http -- --pages addToCart --cpu-prof dir`: 8 % of an add-to-cart request); the
// coercion it applies is `unstable_coerceFormValue(schema)` either way, so the result is the same.
// Used on the server and in the browser alike; schemas are immutable, so sharing the copy is safe.
import { parseWithZod as conformParseWithZod, unstable_coerceFormValue } from "@conform-to/zod";
import type { ZodTypeAny } from "zod";

const coerced = new WeakMap<ZodTypeAny, ZodTypeAny>();

/** The schema with conform's coercion of form values (empty → undefined, "3" → 3 …), made once. */
export function formSchema<Schema extends ZodTypeAny>(schema: Schema): Schema {
  let c = coerced.get(schema);
  if (!c) {
    c = unstable_coerceFormValue(schema) as unknown as ZodTypeAny;
    coerced.set(schema, c);
  }
  return c as Schema;
}

/** Exactly conform's `parseWithZod(payload, { schema })`, without remaking the coercion each time. */
export function parseWithZod<Schema extends ZodTypeAny>(payload: FormData | URLSearchParams, options: { schema: Schema }) {
  return conformParseWithZod(payload, { schema: formSchema(options.schema), disableAutoCoercion: true });
}
