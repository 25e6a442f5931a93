-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN "orderedMilli" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FarmOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "farmId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "fulfilment" TEXT NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "paymentMethod" TEXT NOT NULL,
    "paymentStatus" TEXT NOT NULL DEFAULT 'UNPAID',
    "transferRef" TEXT NOT NULL,
    "paymentRef" TEXT,
    "paymentIntent" TEXT,
    "subtotalVnd" INTEGER NOT NULL,
    "paidVnd" INTEGER,
    "refundRequestedVnd" INTEGER NOT NULL DEFAULT 0,
    "refundedVnd" INTEGER NOT NULL DEFAULT 0,
    "weighedAt" DATETIME,
    "reservedUntil" DATETIME,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FarmOrder_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FarmOrder_farmId_fkey" FOREIGN KEY ("farmId") REFERENCES "Farm" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_FarmOrder" ("address", "cancelReason", "createdAt", "farmId", "fulfilment", "id", "orderId", "paymentIntent", "paymentMethod", "paymentRef", "paymentStatus", "reservedUntil", "status", "subtotalVnd", "transferRef", "updatedAt") SELECT "address", "cancelReason", "createdAt", "farmId", "fulfilment", "id", "orderId", "paymentIntent", "paymentMethod", "paymentRef", "paymentStatus", "reservedUntil", "status", "subtotalVnd", "transferRef", "updatedAt" FROM "FarmOrder";
DROP TABLE "FarmOrder";
ALTER TABLE "new_FarmOrder" RENAME TO "FarmOrder";
CREATE UNIQUE INDEX "FarmOrder_transferRef_key" ON "FarmOrder"("transferRef");
CREATE INDEX "FarmOrder_farmId_status_createdAt_idx" ON "FarmOrder"("farmId", "status", "createdAt");
CREATE INDEX "FarmOrder_status_reservedUntil_idx" ON "FarmOrder"("status", "reservedUntil");
CREATE INDEX "FarmOrder_paymentRef_idx" ON "FarmOrder"("paymentRef");
CREATE INDEX "FarmOrder_paymentIntent_idx" ON "FarmOrder"("paymentIntent");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
