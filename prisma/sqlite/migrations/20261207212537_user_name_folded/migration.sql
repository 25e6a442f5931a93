-- AlterTable (ADD COLUMN, not the table rebuilt: SQLite adds a NOT NULL column with a default in place)
ALTER TABLE "User" ADD COLUMN "nameFolded" TEXT NOT NULL DEFAULT '';
