-- AlterTable
ALTER TABLE "Farm" ADD COLUMN "moderationNote" TEXT;

-- AlterTable
ALTER TABLE "FarmOrder" ADD COLUMN "bankAccountName" TEXT;
ALTER TABLE "FarmOrder" ADD COLUMN "bankAccountNumber" TEXT;
ALTER TABLE "FarmOrder" ADD COLUMN "bankBin" TEXT;

-- AlterTable
ALTER TABLE "Product" ADD COLUMN "moderationNote" TEXT;

-- CreateTable
CREATE TABLE "FarmAuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "farmId" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "oldValue" TEXT NOT NULL DEFAULT '{}',
    "newValue" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FarmAuditEntry_farmId_fkey" FOREIGN KEY ("farmId") REFERENCES "Farm" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FarmAuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "farmId" TEXT NOT NULL,
    "productId" TEXT,
    "reporterId" TEXT,
    "reason" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "resolvedById" TEXT,
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Report_farmId_fkey" FOREIGN KEY ("farmId") REFERENCES "Farm" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Report_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FarmAuditEntry_farmId_createdAt_idx" ON "FarmAuditEntry"("farmId", "createdAt");

-- CreateIndex
CREATE INDEX "Report_status_createdAt_idx" ON "Report"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Report_reporterId_farmId_idx" ON "Report"("reporterId", "farmId");

-- Orders placed before this release: the account their VietQR showed is the farm's current one.
UPDATE "FarmOrder" SET "bankBin" = (SELECT "bankBin" FROM "Farm" WHERE "Farm"."id" = "FarmOrder"."farmId"),
  "bankAccountNumber" = (SELECT "bankAccountNumber" FROM "Farm" WHERE "Farm"."id" = "FarmOrder"."farmId"),
  "bankAccountName" = (SELECT "bankAccountName" FROM "Farm" WHERE "Farm"."id" = "FarmOrder"."farmId")
WHERE "paymentMethod" = 'VIETQR';
