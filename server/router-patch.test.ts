// patches/@remix-run+router: the server's copy of the router (its CommonJS build, which Node
// loads) caches ranked route branches, compiled patterns and the matches of recent pathnames
// (ADR 013). The browser's copy (the ES module build) is untouched: it is the reference here.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type * as Router from "@remix-run/router";
import * as browserBuild from "@remix-run/router/dist/router.js";

const reference = browserBuild as unknown as typeof Router;
const patched = createRequire(import.meta.url)("@remix-run/router") as typeof Router;

// the shape of our route tree: layouts without paths, dynamic segments, splats, an index
const routes: Router.AgnosticRouteObject[] = [
  {
    id: "root",
    path: "",
    children: [
      { id: "store", children: [{ id: "home", index: true }, { id: "search", path: "search" }, { id: "product", path: "products/:slug" }, { id: "farm", path: "farms/:slug" }] },
      { id: "seller", path: "seller", children: [{ id: "sales", path: "farms/:farmId/sales" }, { id: "sellerHome", index: true }] },
      { id: "media", path: "media/*" },
      { id: "ping", path: "ping" },
    ],
  },
];
const paths = ["/", "/search", "/products/sau-rieng-ri6", "/products/s%E1%BA%A7u-ri%C3%AAng", "/farms/vuon-ut-ha/", "/seller", "/seller/farms/abc/sales", "/media/4e/4e8c-320.webp", "/ping", "/nowhere/at/all", "/PRODUCTS/Upper"];
const shape = (m: ReturnType<typeof reference.matchRoutes>) => m?.map((x) => ({ id: x.route.id, params: { ...x.params }, pathname: x.pathname, pathnameBase: x.pathnameBase })) ?? null;

describe("the server's patched route matching", () => {
  it("matches exactly as the unpatched router, the first time and every time after", () => {
    for (let round = 0; round < 3; round++) {
      for (const p of paths) expect(shape(patched.matchRoutes(routes, p)), p).toEqual(shape(reference.matchRoutes(routes, p)));
    }
    expect(shape(patched.matchRoutes(routes, "/products/s%E1%BA%A7u-ri%C3%AAng"))?.at(-1)?.params).toEqual({ slug: "sầu-riêng" });
    expect(patched.matchRoutes(routes, "/nowhere/at/all")).toBeNull();
  });

  it("gives each caller its own matches: changing one answer changes no later one", () => {
    for (let i = 0; i < 2; i++) {
      const answer = patched.matchRoutes(routes, "/products/xoai")!; // the first computed, the second remembered
      (answer.at(-1)!.params as Record<string, string>).slug = "changed";
      (answer as unknown[]).push("junk");
    }
    const again = patched.matchRoutes(routes, "/products/xoai")!;
    expect(shape(again)).toEqual(shape(reference.matchRoutes(routes, "/products/xoai")));
    expect(again[0].params).toBe(again.at(-1)!.params); // one params object per answer, as unpatched
  });

  it("keeps answering correctly past its 1,000 remembered pathnames", () => {
    for (let i = 0; i < 1500; i++) expect(patched.matchRoutes(routes, `/farms/f-${i}`)?.at(-1)?.params.slug).toBe(`f-${i}`);
    expect(patched.matchRoutes(routes, "/farms/f-3")?.at(-1)?.params.slug).toBe("f-3");
  });
});
