// Storefront loaders on the real engine: product JSON-LD that a hostile name cannot break out of,
// the gallery, and category pages that include sub-categories.
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { loader as productLoader } from "~/routes/_store+/products.$slug";
import { loader as categoryLoader } from "~/routes/_store+/categories.$slug";
import { loader as homeLoader } from "~/routes/_store+/_index";
import { createCategory, createFarm, createProduct, createUser, ensureProvince } from "../factories";
import { call, getRequest } from "./helpers";

describe(`storefront (${process.env.TEST_DB_ENGINE})`, () => {
  it("serves schema.org Product data, escaped, with price in VND and availability", async () => {
    await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [{ code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" }]);
    const owner = await createUser(db, { role: "FARMER" });
    const farm = await createFarm(db, { ownerId: owner.id, communeCode: "77020", provinceCode: "77", name: "Vườn An" });
    const fruit = await createCategory(db, { slug: "trai-cay-sf", nameVi: "Trái cây" });
    const durian = await createCategory(db, { slug: "sau-rieng-sf", nameVi: "Sầu riêng", parentId: fruit.id });
    await createProduct(db, { farmId: farm.id, categoryId: durian.id, slug: "hostile", name: "Mít </script><script>alert(1)</script>", priceVnd: 42_000, stockMilli: 0 });

    const data = (await call(productLoader as never, getRequest("/products/hostile"), undefined, { slug: "hostile" })) as any;
    expect(data.jsonLd).not.toContain("</script");
    const ld = JSON.parse(data.jsonLd);
    expect(ld).toMatchObject({ "@type": "Product", name: "Mít </script><script>alert(1)</script>", offers: { priceCurrency: "VND", price: 42_000, availability: "https://schema.org/OutOfStock" }, brand: { name: "Vườn An" } });

    const cat = (await call(categoryLoader as never, getRequest("/categories/trai-cay-sf"), undefined, { slug: "trai-cay-sf" })) as any;
    expect(cat.products.map((p: any) => p.slug)).toEqual(["hostile"]); // a sub-category's product shows on the parent
    expect(((await call(categoryLoader as never, getRequest("/categories/none"), undefined, { slug: "none" })) as Response).status).toBe(404);
  });

  it("home lists farms of the buyer's commune first, remembers the choice, ignores an unknown one", async () => {
    await ensureProvince(db, { code: "77", name: "BR-VT", nameEn: "BR-VT" }, [
      { code: "77020", name: "Xã Long Điền", nameEn: "Long Dien" },
      { code: "77030", name: "Xã Châu Đức", nameEn: "Chau Duc" },
    ]);
    const mk = async (communeCode: string, name: string) => {
      const owner = await createUser(db, { role: "FARMER" });
      return createFarm(db, { ownerId: owner.id, communeCode, provinceCode: "77", name });
    };
    const here = await mk("77030", "Vườn Gần Nhà");
    await mk("77020", "Vườn Xa A");
    const names = (d: any) => d.farms.map((f: any) => f.name);

    const chosen = (await call(homeLoader as never, getRequest("/?area=77030"))) as any;
    expect(chosen.data.area).toBe("77030");
    expect(chosen.data.farms[0]).toMatchObject({ name: here.name, sameCommune: true });
    expect(chosen.data.farms.filter((f: any) => f.sameCommune)).toHaveLength(1);
    const cookie = (chosen.init.headers["Set-Cookie"] as string).split(";")[0];
    expect(cookie).toMatch(/^cn_area=/);

    const remembered = (await call(homeLoader as never, getRequest("/", cookie))) as any;
    expect(remembered.data.area).toBe("77030");
    expect(names(remembered.data)[0]).toBe(here.name);

    const bogus = (await call(homeLoader as never, getRequest("/?area=99999", cookie))) as any;
    expect(bogus.data.area).toBeNull();
    expect(bogus.data.farms.some((f: any) => f.sameCommune)).toBe(false);
    expect(bogus.init.headers["Set-Cookie"]).toMatch(/Max-Age=0/);
  });
});
