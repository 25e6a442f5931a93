-- CreateTable
CREATE TABLE "SellerIdentity" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "fullName" TEXT NOT NULL,
    "idNumberHash" TEXT NOT NULL,
    "idNumberLast4" TEXT NOT NULL,
    "dateOfBirth" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "provider" TEXT,
    "providerRef" TEXT,
    "reason" TEXT,
    "verifiedAt" DATETIME,
    "verifiedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SellerIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SellerIdentity_idNumberHash_key" ON "SellerIdentity"("idNumberHash");
