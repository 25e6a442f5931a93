// The migration that made system notes message keys (OrderEvent.systemNote) also turns the English
// text earlier versions wrote into keys, on both engines. Its UPDATE statements are run here, from
// the migration file itself, over events written the old way.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSystemNote } from "~/modules/orders/notes.server";
import { db } from "~/utils/db.server";
import { createCategory, createFarm, createProduct, createSale, createUser, ensureProvince } from "../factories";

const engineDir = process.env.TEST_DB_ENGINE === "postgresql" ? "postgres" : "sqlite";
const migration = fs.readFileSync(path.join("prisma", engineDir, "migrations", "20261124233551_order_event_system_note", "migration.sql"), "utf8");
const updates = migration.split(";").map((s) => s.replace(/^\s*--.*$/gm, "").trim()).filter((s) => s.startsWith("UPDATE"));

describe(`old English system notes become message keys (${process.env.TEST_DB_ENGINE})`, () => {
  it("maps the notes it knows, and leaves typed reasons and notes with amounts as they are", async () => {
    expect(updates).toHaveLength(4);
    await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77" });
    const product = await createProduct(db, { farmId: farm.id, categoryId: (await createCategory(db)).id, priceVnd: 10_000 });
    const part = await createSale(db, { farmId: farm.id, createdAt: new Date(), lines: [{ productId: product.id, priceVnd: 10_000, quantityMilli: 1000 }] });
    const old = [
      { fromStatus: "AWAITING_PAYMENT", toStatus: "EXPIRED", actorRole: "SYSTEM", note: "reservation expired" },
      { fromStatus: "AWAITING_PAYMENT", toStatus: "PAID", actorRole: "PAYMENT", note: "stripe evt_123" },
      { fromStatus: "AWAITING_PAYMENT", toStatus: "CANCELLED", actorRole: "PAYMENT", note: "stripe evt_124" },
      { fromStatus: "AWAITING_PAYMENT", toStatus: "EXPIRED", actorRole: "PAYMENT", note: "stripe evt_125" },
      { fromStatus: "PAID", toStatus: "PAID", actorRole: "PAYMENT", note: "stripe evt_126: paid twice (pi_1 and pi_2), refund one" },
      { fromStatus: "PAID", toStatus: "CANCELLED", actorRole: "FARM", note: "reservation expired" }, // typed by a farmer
    ];
    const ids: string[] = [];
    for (const e of old) ids.push((await db.orderEvent.create({ data: { ...e, farmOrderId: part.id } })).id);
    for (const sql of updates) await db.$executeRawUnsafe(sql);
    const after = await db.orderEvent.findMany({ where: { id: { in: ids } }, select: { id: true, note: true, systemNote: true } });
    const byId = new Map(after.map((e) => [e.id, e]));
    expect(ids.map((id) => ({ note: byId.get(id)!.note, system: parseSystemNote(byId.get(id)!.systemNote) }))).toEqual([
      { note: "", system: { key: "reservationExpired" } },
      { note: "", system: { key: "cardPaid" } },
      { note: "", system: { key: "cardFailed" } },
      { note: "", system: { key: "cardExpired" } },
      { note: "stripe evt_126: paid twice (pi_1 and pi_2), refund one", system: null },
      { note: "reservation expired", system: null },
    ]);
  });
});
