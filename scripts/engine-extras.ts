// Database objects that migrations create by hand for one engine (ADR 007) and that Prisma's
// schema cannot describe. Prisma's diff would drop them; these helpers take those statements out.
const EXTRA = [/"ProductSearch(_\w+)?"/, /"Product_searchText_(trgm|fts)_idx"/];

/** The diff script without statements about engine extras (and without their PRAGMA wrappers). */
export function withoutEngineExtras(script: string): string {
  const blocks = script.split(/\n\s*\n/);
  return blocks
    .filter((b) => !EXTRA.some((re) => re.test(b)))
    .join("\n\n")
    .trim();
}

/** True when what is left has no SQL statement (comments and empty lines only). */
export function isEmptyScript(script: string): boolean {
  return script
    .split("\n")
    .map((l) => l.trim())
    .every((l) => l === "" || l.startsWith("--"));
}
