// Search text of products (folding and slugs live in ~/utils/fold, re-exported here).
import { foldVietnamese } from "../../utils/fold";

export { foldVietnamese, nextFreeSlug, slugify } from "../../utils/fold";

/** The normalised text a product is found by: its name, category and farm, folded. */
export function productSearchText(parts: Array<string | null | undefined>): string {
  return foldVietnamese(parts.filter(Boolean).join(" "));
}
