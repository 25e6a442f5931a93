-- Engine-specific (ADR 007): trigram index over the folded "searchText", so word searches
-- (LIKE '%sau%' AND LIKE '%rieng%') use an index and similarity() can rank. Not in the Prisma
-- schema, and scripts/check-migrations.ts knows this index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Product_searchText_trgm_idx" ON "Product" USING GIN ("searchText" gin_trgm_ops);
