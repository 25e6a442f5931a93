-- DropIndex
DROP INDEX "OrderLine_farmOrderId_idx";

-- CreateIndex
CREATE INDEX "FarmOrder_status_createdAt_farmId_paymentMethod_subtotalVnd_idx" ON "FarmOrder"("status", "createdAt", "farmId", "paymentMethod", "subtotalVnd", "id");

-- CreateIndex
CREATE INDEX "OrderLine_farmOrderId_productId_quantityMilli_lineTotalVnd_idx" ON "OrderLine"("farmOrderId", "productId", "quantityMilli", "lineTotalVnd");
