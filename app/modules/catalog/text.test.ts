import { describe, expect, it } from "vitest";
import { foldVietnamese, productSearchText, slugify } from "./text";

describe("Vietnamese folding", () => {
  it("folds every tone and vowel mark, and đ", () => {
    expect(foldVietnamese("Sầu riêng Ri6 ĐẶC BIỆT")).toBe("sau rieng ri6 dac biet");
    expect(foldVietnamese("dừa  dưa\tđu đủ")).toBe("dua dua du du");
    expect(foldVietnamese("Ớt chỉ thiên, ổi, ửng, ỹ")).toBe("ot chi thien, oi, ung, y");
  });

  it("treats precomposed and decomposed input alike", () => {
    expect(foldVietnamese("Tiê\u0302u")).toBe(foldVietnamese("Tiêu"));
  });

  it("makes URL slugs", () => {
    expect(slugify("Vườn Sầu Riêng Út Hà")).toBe("vuon-sau-rieng-ut-ha");
    expect(slugify("  Cà phê Robusta (1 kg) — loại A!  ")).toBe("ca-phe-robusta-1-kg-loai-a");
    expect(slugify("???")).toBe("san-pham");
    expect(slugify("a".repeat(200))).toHaveLength(80);
  });

  it("builds search text from several parts", () => {
    expect(productSearchText(["Chôm chôm nhãn", null, "Trái cây", "Vườn Bà Tư"])).toBe("chom chom nhan trai cay vuon ba tu");
  });
});
