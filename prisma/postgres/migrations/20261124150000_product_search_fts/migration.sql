-- Engine-specific (ADR 007): full-text index over the folded "searchText" with the 'simple'
-- configuration (no stemming: the text is already folded). Word-prefix queries (sau:* & rieng:*)
-- read exact posting lists, as FTS5 does on SQLite. It replaces the trigram index, which the
-- word search never used (LIKE ALL over an array cannot use it) and which only cost writes.
CREATE INDEX "Product_searchText_fts_idx" ON "Product" USING GIN (to_tsvector('simple', "searchText"));
DROP INDEX IF EXISTS "Product_searchText_trgm_idx";
