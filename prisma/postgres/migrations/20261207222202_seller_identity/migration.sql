-- CreateTable
CREATE TABLE "SellerIdentity" (
    "userId" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "idNumberHash" TEXT NOT NULL,
    "idNumberLast4" TEXT NOT NULL,
    "dateOfBirth" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "provider" TEXT,
    "providerRef" TEXT,
    "reason" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "verifiedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SellerIdentity_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SellerIdentity_idNumberHash_key" ON "SellerIdentity"("idNumberHash");

-- AddForeignKey
ALTER TABLE "SellerIdentity" ADD CONSTRAINT "SellerIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
