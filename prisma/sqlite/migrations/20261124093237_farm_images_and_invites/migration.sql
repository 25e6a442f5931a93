-- CreateTable
CREATE TABLE "FarmImage" (
    "farmId" TEXT NOT NULL,
    "mediaId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("farmId", "mediaId"),
    CONSTRAINT "FarmImage_farmId_fkey" FOREIGN KEY ("farmId") REFERENCES "Farm" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FarmImage_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "Media" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FarmInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "farmId" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'STAFF',
    "invitedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FarmInvite_farmId_fkey" FOREIGN KEY ("farmId") REFERENCES "Farm" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FarmImage_farmId_position_idx" ON "FarmImage"("farmId", "position");

-- CreateIndex
CREATE INDEX "FarmInvite_identifier_idx" ON "FarmInvite"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "FarmInvite_farmId_identifier_key" ON "FarmInvite"("farmId", "identifier");
