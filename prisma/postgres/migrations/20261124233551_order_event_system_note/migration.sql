-- AlterTable
ALTER TABLE "OrderEvent" ADD COLUMN     "systemNote" TEXT;

-- What the system wrote in English before becomes a message key, shown in the reader's language
-- (app/modules/orders/notes.server.ts). Notes with amounts or references stay as they were written.
UPDATE "OrderEvent" SET "systemNote" = '{"key":"reservationExpired"}', "note" = '' WHERE "actorRole" = 'SYSTEM' AND "toStatus" = 'EXPIRED' AND "note" = 'reservation expired';
UPDATE "OrderEvent" SET "systemNote" = '{"key":"cardPaid"}', "note" = '' WHERE "actorRole" = 'PAYMENT' AND "fromStatus" = 'AWAITING_PAYMENT' AND "toStatus" = 'PAID' AND "note" LIKE 'stripe %' AND "note" NOT LIKE '%:%';
UPDATE "OrderEvent" SET "systemNote" = '{"key":"cardFailed"}', "note" = '' WHERE "actorRole" = 'PAYMENT' AND "fromStatus" = 'AWAITING_PAYMENT' AND "toStatus" = 'CANCELLED' AND "note" LIKE 'stripe %' AND "note" NOT LIKE '%:%';
UPDATE "OrderEvent" SET "systemNote" = '{"key":"cardExpired"}', "note" = '' WHERE "actorRole" = 'PAYMENT' AND "fromStatus" = 'AWAITING_PAYMENT' AND "toStatus" = 'EXPIRED' AND "note" LIKE 'stripe %' AND "note" NOT LIKE '%:%';
