import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nConfig, resources } from "~/modules/i18n/i18n";
import { describeSystemNote } from "./notes";
import { parseSystemNote, SystemNoteSchema, timelineEvent, type SystemNote } from "./notes.server";

// one of every kind of note the system writes
const notes: SystemNote[] = [
  { key: "reservationExpired" },
  { key: "cardPaid" },
  { key: "cardFailed" },
  { key: "cardExpired" },
  { key: "cardPaidTwice", first: "pi_1", second: "pi_2" },
  { key: "cardPaidLate", status: "EXPIRED" },
  { key: "refundRequested", amountVnd: 12_000 },
  { key: "refundConfirmed", amountVnd: 12_000 },
  { key: "refundedByTransfer", amountVnd: 12_000 },
  { key: "transferPaid", ref: "CNABCDEFGH" },
  { key: "transferWrongAccount", ref: "CNABCDEFGH" },
  { key: "transferWrongAmount", ref: "CNABCDEFGH", amountVnd: 100_000, expectedVnd: 105_000 },
  { key: "transferLate", ref: "CNABCDEFGH", status: "CANCELLED" },
  { key: "weighed", lines: [{ product: "Tiêu đen", unit: "kg", fromMilli: 1500, toMilli: 1400 }], refundVnd: 0 },
  { key: "weighed", lines: [{ product: "Tiêu đen", unit: "kg", fromMilli: 1500, toMilli: 1400 }], refundVnd: 12_000 },
];

async function tFor(lng: "vi" | "en") {
  const i = createInstance();
  await i.init({ ...i18nConfig, resources, lng, fallbackLng: false }); // a message missing in English shows as its key
  return i.t;
}

describe("system notes of the order timeline", () => {
  it("cover every kind the schema allows", () => {
    expect(new Set(notes.map((n) => n.key))).toEqual(new Set(SystemNoteSchema.options.map((o) => o.shape.key.value)));
  });

  it("are put into words in Vietnamese and English, values formatted for the reader", async () => {
    for (const lng of ["vi", "en"] as const) {
      const t = await tFor(lng);
      const texts = notes.map((n) => describeSystemNote(n, t, lng));
      for (const text of texts) {
        expect(text).not.toMatch(/orders\.|units\.|\{\{|undefined/); // no missing message, value or unit
        expect(text.length).toBeGreaterThan(10);
      }
      expect(new Set(texts).size).toBe(texts.length); // each kind says something of its own
    }
    const vi = await tFor("vi");
    expect(describeSystemNote({ key: "refundRequested", amountVnd: 12_000 }, vi, "vi")).toBe("Đã yêu cầu hoàn 12.000\u00a0₫ qua cổng thanh toán");
    expect(describeSystemNote({ key: "transferLate", ref: "CNABCDEFGH", status: "CANCELLED" }, vi, "vi")).toBe("Chuyển khoản mã CNABCDEFGH đến khi đơn đã ở trạng thái “Đã huỷ”: cần kiểm tra");
    expect(describeSystemNote(notes.at(-1)!, vi, "vi")).toBe("Đã cân: Tiêu đen: 1,5 → 1,4 kg; hoàn lại 12.000\u00a0₫");
    const en = await tFor("en");
    expect(describeSystemNote(notes.at(-1)!, en, "en")).toMatch(/^Weighed: Tiêu đen: 1\.5 → 1\.4 kg; .*12,000.* to refund$/);
  });

  it("are read back only when they are what this code writes", () => {
    for (const n of notes) expect(parseSystemNote(JSON.stringify(n))).toEqual(n);
    for (const bad of [null, "", "{", "[]", '{"key":"hacked"}', '{"key":"refundRequested","amountVnd":-5}', '{"key":"cardPaidLate","status":"<script>"}']) expect(parseSystemNote(bad)).toBeNull();
    expect(timelineEvent({ toStatus: "EXPIRED", note: "", systemNote: '{"key":"reservationExpired"}' })).toEqual({ toStatus: "EXPIRED", note: "", system: { key: "reservationExpired" } });
  });
});
