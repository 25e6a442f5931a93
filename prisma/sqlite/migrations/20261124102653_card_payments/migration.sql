-- AlterTable
ALTER TABLE "FarmOrder" ADD COLUMN "paymentIntent" TEXT;
ALTER TABLE "FarmOrder" ADD COLUMN "paymentRef" TEXT;

-- CreateTable
CREATE TABLE "PaymentEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT '',
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "FarmOrder_paymentRef_idx" ON "FarmOrder"("paymentRef");

-- CreateIndex
CREATE INDEX "FarmOrder_paymentIntent_idx" ON "FarmOrder"("paymentIntent");
