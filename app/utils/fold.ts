// Vietnamese text folding, shared by slugs and search: "Vườn Sầu Riêng Út Hà" -> "vuon sau rieng ut ha".
// In utils (not a module): farms and catalog both make slugs, and neither imports the other for it.

/** Lower-case, diacritics removed, "đ" -> "d", whitespace collapsed. */
export function foldVietnamese(input: string): string {
  return input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** "Vườn Sầu Riêng Út Hà" -> "vuon-sau-rieng-ut-ha" (max 80 chars, never empty). */
export function slugify(input: string): string {
  const slug = foldVietnamese(input)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return slug || "san-pham";
}

/** `base` if free, else the first of base-2, base-3… not in `taken`. */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}
