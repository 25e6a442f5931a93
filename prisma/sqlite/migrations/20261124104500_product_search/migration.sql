-- Engine-specific (ADR 007): full-text search over the folded "searchText" with SQLite FTS5,
-- as an external-content index kept in step with "Product" by triggers. Not in the Prisma schema,
-- scripts/check-migrations.ts knows these objects. A later migration that redefines "Product"
-- (Prisma's copy-and-rename on SQLite) must recreate this index and its triggers.
CREATE VIRTUAL TABLE "ProductSearch" USING fts5("searchText", content='Product', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
INSERT INTO "ProductSearch"(rowid, "searchText") SELECT rowid, "searchText" FROM "Product";
CREATE TRIGGER "Product_search_ai" AFTER INSERT ON "Product" BEGIN
  INSERT INTO "ProductSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;
CREATE TRIGGER "Product_search_ad" AFTER DELETE ON "Product" BEGIN
  INSERT INTO "ProductSearch"("ProductSearch", rowid, "searchText") VALUES ('delete', old.rowid, old."searchText");
END;
CREATE TRIGGER "Product_search_au" AFTER UPDATE OF "searchText" ON "Product" BEGIN
  INSERT INTO "ProductSearch"("ProductSearch", rowid, "searchText") VALUES ('delete', old.rowid, old."searchText");
  INSERT INTO "ProductSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;
