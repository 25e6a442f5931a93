-- AlterTable
ALTER TABLE "User" ADD COLUMN     "nameFolded" TEXT NOT NULL DEFAULT '';
