// The middleware where it lives: in an Express app like server.js's (static files after it, the
// app behind it), driven by raw HTTP so that paths reach it unnormalised, as an attacker sends them.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { securityConfigFromEnv } from "./headers.server";
import { errorMiddleware, securityMiddleware } from "./middleware.server";

let server: http.Server;
let base: string;
const reached: string[] = [];
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-static-"));
const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});

beforeAll(async () => {
  fs.writeFileSync(path.join(staticDir, "app.js"), "console.log(1)");
  const app = express();
  app.use(securityMiddleware(securityConfigFromEnv({ PUBLIC_URL: "https://chonong.example.vn", NODE_ENV: "production" })));
  app.use(express.static(staticDir));
  app.get("/media/x.webp", (_req, res) => {
    res.append("X-Content-Type-Options", "nosniff"); // as the media route does through Remix
    res.type("image/webp").send("webp");
  });
  app.get("/boom", () => {
    throw new Error("failed for 0912345678 with cookie cn_session=abcdefghijklmnopqrstuvwxyz234567");
  });
  app.all("*", (req, res) => {
    reached.push(`${req.method} ${req.originalUrl}`);
    res.send(`reached, nonce ${res.locals.cspNonce}`);
  });
  app.use(errorMiddleware());
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  warnings.mockRestore();
  server.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

/** A raw request: the path goes on the wire exactly as written. */
function send(method: string, rawPath: string, headers: Record<string, string> = {}, body = "") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(base + "/", { method, path: rawPath, headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("securityMiddleware in an Express app", () => {
  it("puts the headers on every kind of response, with a fresh nonce each time", async () => {
    const responses = [await send("GET", "/"), await send("GET", "/app.js"), await send("GET", "/media/x.webp"), await send("GET", "/missing.css"), await send("POST", "/cart", { Origin: "https://evil.example" })];
    for (const res of responses) {
      expect(res.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(res.headers["permissions-policy"]).toContain("camera=(self)");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    }
    const [a, b] = [await send("GET", "/"), await send("GET", "/")];
    const nonce = (r: typeof a) => /'nonce-([^']+)'/.exec(String(r.headers["content-security-policy"]))![1];
    expect(nonce(a)).not.toBe(nonce(b));
    expect(a.body).toBe(`reached, nonce ${nonce(a)}`); // the same nonce reaches the app (load context)
  });

  it("refuses a NUL in the address (a route parameter or query value no database can hold), with its headers", async () => {
    const before = reached.length;
    for (const [method, p] of [["GET", "/seller/farms/%00/photos"], ["POST", "/seller/farms/abc%00/bank"], ["GET", "/admin?changed=%00"]]) {
      const res = await send(method, p, { Origin: "https://chonong.example.vn" });
      expect(res.status, p).toBe(400);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    }
    expect(reached.length).toBe(before);
    expect((await send("GET", "/search?q=%2500")).status).toBe(200); // a typed "%00" arrives as %2500
  });

  it("lets a route's own value replace a header instead of doubling it", async () => {
    expect((await send("GET", "/media/x.webp")).headers["x-content-type-options"]).toBe("nosniff");
  });

  it("passes same-origin posts and refuses cross-site ones before the app sees them", async () => {
    reached.length = 0;
    expect((await send("POST", "/cart", { Origin: "https://chonong.example.vn" }, "intent=add")).status).toBe(200);
    expect((await send("POST", "/cart", { Referer: "https://chonong.example.vn/products/x" })).status).toBe(200);
    expect((await send("POST", "/cart", { Origin: `http://127.0.0.1:${new URL(base).port}` })).status).toBe(200); // the Host it was sent to
    expect(reached).toEqual(["POST /cart", "POST /cart", "POST /cart"]);

    reached.length = 0;
    for (const headers of [{ Origin: "https://evil.example" }, { Origin: "null" }, {}, { Referer: "https://evil.example/x" }] as Array<Record<string, string>>) {
      expect((await send("POST", "/cart", headers)).status).toBe(403);
    }
    for (const method of ["PUT", "PATCH", "DELETE"]) expect((await send(method, "/account", { Origin: "https://evil.example" })).status).toBe(403);
    expect(reached).toEqual([]);
    expect(warnings).toHaveBeenLastCalledWith("refused DELETE /account: crossOrigin from https://evil.example");
  });

  it("exempts the signed webhooks, but not paths that only look like them", async () => {
    reached.length = 0;
    expect((await send("POST", "/resources/webhooks/stripe", { Origin: "https://evil.example" })).status).toBe(200);
    expect((await send("POST", "/Resources/Webhooks/bank")).status).toBe(200);
    expect(reached).toHaveLength(2);
    reached.length = 0;
    for (const p of ["/resources/webhooks/../../account", "/resources/webhooks/%2e%2e/%2e%2e/account", "/resources/webhooks/..%2f..%2faccount/..", "//evil.example/resources/webhooks/x", "/resources/webhooksx"]) {
      const res = await send("POST", p, { Origin: "https://evil.example" });
      expect([p, res.status]).toEqual([p, p === "/resources/webhooks/..%2f..%2faccount/.." ? 200 : 403]);
    }
    // the one let through is still a webhook path to Remix (%2f is not a separator)
    expect(reached).toEqual(["POST /resources/webhooks/..%2f..%2faccount/.."]);
  });

  it("answers in the visitor's language, as a page for browsers and as text otherwise", async () => {
    const vi = await send("POST", "/cart", { Origin: "https://evil.example", Accept: "text/html" });
    expect(vi.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(vi.body).toContain("<h1>Yêu cầu bị từ chối</h1>");
    expect(vi.body).not.toMatch(/<script|style=/);
    const en = await send("POST", "/cart?lng=en", { Origin: "https://evil.example", Accept: "text/html" });
    expect(en.body).toContain("<h1>Request refused</h1>");
    const enCookie = await send("POST", "/cart", { Origin: "https://evil.example", Cookie: `lng=${Buffer.from(JSON.stringify("en")).toString("base64")}`, Accept: "application/json" });
    expect(enCookie.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(enCookie.body).toMatch(/^Request refused\. This form was sent from another website/);
  });

  it("logs an error that escaped the app without personal data and answers a bare 500", async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    try {
      const res = await send("GET", "/boom?phone=0912345678");
      expect(res.status).toBe(500);
      expect(res.body).toBe("Internal Server Error\n");
      expect(res.headers["content-security-policy"]).toBeDefined();
    } finally {
      console.error = original;
    }
    expect(lines.join("\n")).toMatch(/^GET \/boom: Error: failed for \[phone\] with cookie/);
    expect(lines.join("\n")).not.toMatch(/0912345678|abcdefghijklmnopqrstuvwxyz234567/);
  });
});
