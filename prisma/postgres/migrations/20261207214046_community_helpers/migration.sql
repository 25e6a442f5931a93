-- CreateTable
CREATE TABLE "HelperCommune" (
    "userId" TEXT NOT NULL,
    "communeCode" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HelperCommune_pkey" PRIMARY KEY ("userId","communeCode")
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "communeCode" TEXT NOT NULL,
    "products" TEXT NOT NULL DEFAULT '',
    "certificates" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL,
    "batchId" TEXT,
    "helperId" TEXT,
    "invitedAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "userId" TEXT,
    "farmId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'CHECKED',
    "rows" INTEGER NOT NULL,
    "valid" TEXT NOT NULL DEFAULT '[]',
    "created" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "confirmedById" TEXT,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommuneTarget" (
    "communeCode" TEXT NOT NULL,
    "target" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommuneTarget_pkey" PRIMARY KEY ("communeCode")
);

-- CreateIndex
CREATE INDEX "HelperCommune_communeCode_idx" ON "HelperCommune"("communeCode");

-- CreateIndex
CREATE UNIQUE INDEX "Household_phone_key" ON "Household"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "Household_userId_key" ON "Household"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Household_farmId_key" ON "Household"("farmId");

-- CreateIndex
CREATE INDEX "Household_communeCode_idx" ON "Household"("communeCode");

-- CreateIndex
CREATE INDEX "Household_helperId_idx" ON "Household"("helperId");

-- CreateIndex
CREATE INDEX "Household_batchId_idx" ON "Household"("batchId");

-- CreateIndex
CREATE INDEX "ImportBatch_createdAt_idx" ON "ImportBatch"("createdAt");

-- AddForeignKey
ALTER TABLE "HelperCommune" ADD CONSTRAINT "HelperCommune_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_helperId_fkey" FOREIGN KEY ("helperId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_farmId_fkey" FOREIGN KEY ("farmId") REFERENCES "Farm"("id") ON DELETE SET NULL ON UPDATE CASCADE;
