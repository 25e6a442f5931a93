-- AlterTable
ALTER TABLE "FarmOrder" ADD COLUMN     "paymentIntent" TEXT,
ADD COLUMN     "paymentRef" TEXT;

-- CreateTable
CREATE TABLE "PaymentEvent" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT '',
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FarmOrder_paymentRef_idx" ON "FarmOrder"("paymentRef");

-- CreateIndex
CREATE INDEX "FarmOrder_paymentIntent_idx" ON "FarmOrder"("paymentIntent");
