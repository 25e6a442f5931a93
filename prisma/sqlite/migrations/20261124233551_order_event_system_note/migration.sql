-- AlterTable
ALTER TABLE "OrderEvent" ADD COLUMN "systemNote" TEXT;
