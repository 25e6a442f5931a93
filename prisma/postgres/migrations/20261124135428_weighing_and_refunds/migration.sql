-- AlterTable
ALTER TABLE "FarmOrder" ADD COLUMN     "paidVnd" INTEGER,
ADD COLUMN     "refundRequestedVnd" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refundedVnd" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "weighedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "orderedMilli" INTEGER;
