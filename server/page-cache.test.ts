import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageCache } from "./page-cache.js";

let base = "";
let renders = 0;
let close: () => void;

beforeAll(async () => {
  const app = express();
  let requests = 0;
  app.use((_req, res, next) => {
    // as the security middleware does: a nonce of this response's own, in the CSP header
    res.locals.cspNonce = `nonce${++requests}x`;
    res.setHeader("Content-Security-Policy", `script-src 'nonce-${res.locals.cspNonce}'`);
    next();
  });
  app.use(pageCache({ ttlMs: 200 }));
  app.get("/", (_req, res) => {
    renders++;
    res.write(`<p>page ${renders}</p><script nonce="${res.locals.cspNonce}">`);
    res.end("</script>");
  });
  app.get("/products/:slug", (req, res) => {
    renders++;
    if (req.params.slug === "sets-cookie") res.setHeader("Set-Cookie", "cn_cart=1");
    if (req.params.slug === "missing") return res.status(404).end("nope");
    res.end(`product ${renders}`);
  });
  app.get("/seller", (_req, res) => res.end(`seller ${++renders}`));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const r = await fetch(base + path, { headers });
  return { body: await r.text(), cache: r.headers.get("x-page-cache"), csp: r.headers.get("content-security-policy") };
};

describe("page micro-cache", () => {
  it("shares an anonymous public page for the TTL, with the headers it was rendered with", async () => {
    const first = await get("/");
    const second = await get("/");
    expect(first.cache).toBe("miss");
    expect(second.cache).toBe("hit");
    expect(second.body.replace(/nonce\d+x/g, "N")).toBe(first.body.replace(/nonce\d+x/g, "N")); // the same render…
    const nonceOf = (r: { body: string; csp: string | null }) => [/nonce="(\w+)"/.exec(r.body)![1], /'nonce-(\w+)'/.exec(r.csp!)![1]];
    const [bodyNonce, headerNonce] = nonceOf(second);
    expect(bodyNonce).toBe(headerNonce); // …with this response's own nonce in both places
    expect(bodyNonce).not.toBe(nonceOf(first)[0]);
    await new Promise((r) => setTimeout(r, 250));
    const later = await get("/");
    expect(later.cache).toBe("miss");
    expect(later.body).not.toBe(first.body);
  });

  it("never serves or keeps personal, failed or cookie-setting responses", async () => {
    const withCookie = [await get("/", { Cookie: "cn_session=abc" }), await get("/", { Cookie: "cn_session=abc" })];
    expect(withCookie.map((r) => r.cache)).toEqual([null, null]);
    expect(withCookie[0].body).not.toBe(withCookie[1].body);
    expect((await get("/", { Authorization: "Bearer x" })).cache).toBeNull();
    for (const path of ["/products/sets-cookie", "/products/missing", "/seller"]) {
      const a = await get(path), b = await get(path);
      expect(b.cache, path).not.toBe("hit");
      expect(a.body === b.body && !path.endsWith("missing"), path).toBe(false);
    }
  });
});
