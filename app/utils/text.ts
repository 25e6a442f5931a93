// Text a person types that other people will read — farm, product and user names, addresses,
// stories, descriptions, reasons — is cleaned once, in the zod schemas (shared by browser and
// server), before its length is checked:
//
// - bidirectional controls (U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates, the
//   U+200E/U+200F/U+061C marks) and zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF)
//   are removed: invisible, they make a name display as something else ("Vườn ‮ahnoN" shows
//   reversed) or two different names look the same. Nobody types them on purpose; they arrive
//   pasted from chat apps and web pages, so they are dropped silently rather than refused;
// - other control characters (NUL, ESC…) are removed too (PostgreSQL cannot even store NUL);
//   line breaks and tabs stay in multi-line text and become spaces in a single line;
// - lone surrogate halves become U+FFFD, so what is stored is well-formed UTF-8;
// - the result is NFC: Vietnamese typed with combining marks ("e\u0302" from some keyboards)
//   is stored precomposed ("ê"), so equal names are equal strings. Vietnamese is otherwise unchanged.
import { z, type ZodTypeAny } from "zod";

const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// C0 controls but tab, LF and CR; DEL; C1 controls
const CONTROLS = /(?![\t\n\r])\p{Cc}/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Several lines (a story, a description): cleaned as above; line breaks become "\n". */
export function cleanText(input: string): string {
  return input
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(INVISIBLE, "")
    .replace(CONTROLS, "")
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .normalize("NFC");
}

/** One line (a name, an address): cleaned as above; any run of whitespace becomes one space. */
export function cleanLine(input: string): string {
  return cleanText(input).replace(/\s+/g, " ");
}

/**
 * A form field of typed text: cleaned (one line, or several with `multiline`), then checked by
 * `schema` (trim, length…). A field left empty, or holding only invisible characters, reaches
 * `schema` as missing; give its `z.string()` a `required_error` when the field is required.
 */
export function typedText<T extends ZodTypeAny>(schema: T, { multiline = false }: { multiline?: boolean } = {}) {
  return z
    .string({ required_error: "required", invalid_type_error: "required" })
    .transform(multiline ? cleanText : cleanLine)
    .pipe(schema);
}
