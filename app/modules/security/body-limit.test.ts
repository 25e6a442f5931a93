// Bounded request bodies, where the middleware lives: in an Express app in front of a handler that
// reads the body exactly as Remix does (@remix-run/express's request, a fetch Request over the
// Node stream), driven by raw HTTP, chunked bodies included.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
// the adapter's own functions (server.js uses them through createRequestHandler)
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_IMAGES_PER_UPLOAD, MAX_UPLOAD_BYTES } from "~/modules/media/validate.server";
import { parseEnv } from "~/utils/env.server";
import { routeModules } from "../../../tests/routes";
import { bodyClassOf, bodyLimitMiddleware, bodyLimitsFromEnv, BodyTooLarge, formatSize, isBodyTooLarge, routedPath, type BodyLimits } from "./body-limit.server";

const LIMITS: BodyLimits = { form: 16 * 1024, upload: 64 * 1024, webhook: 20 * 1024 };
const MULTIPART = "multipart/form-data; boundary=x";

describe("which limit a request gets", () => {
  it("defaults to the sizes in the README, the photo forms' from what parseUpload accepts", () => {
    expect(bodyLimitsFromEnv(parseEnv({}))).toEqual({ form: 256 * 1024, upload: 121 * 1024 * 1024, webhook: 128 * 1024 });
    expect(121 * 1024 * 1024).toBe(MAX_IMAGES_PER_UPLOAD * MAX_UPLOAD_BYTES + 1024 * 1024);
    expect([formatSize(256 * 1024), formatSize(121 * 1024 * 1024), formatSize(1536 * 1024)]).toEqual(["256 KB", "121 MB", "1536 KB"]);
  });

  it("gives the upload limit to multipart posts to the routes that take photos or a household list, and only to them", () => {
    const actions = routeModules().filter((r) => r.hasAction);
    expect(actions.length).toBeGreaterThan(20);
    const takesPhotos = actions.filter((r) => /\bparseUpload\(|\breadProductSubmission\(/.test(r.source));
    expect(takesPhotos.map((r) => r.file).sort()).toEqual(["onboarding+/import.tsx", "seller+/farms.$farmId.certifications.tsx", "seller+/farms.$farmId.photos.tsx", "seller+/products.$productId.tsx", "seller+/products.new.tsx"]);
    for (const r of actions) {
      const expected = r.file.startsWith("resources+/webhooks.") ? "webhook" : takesPhotos.includes(r) ? "upload" : "form";
      for (const url of [r.url, `${r.url}.data`]) {
        expect([url, bodyClassOf(url, MULTIPART)]).toEqual([url, expected]);
        expect([url, bodyClassOf(url, "application/x-www-form-urlencoded")]).toEqual([url, expected === "upload" ? "form" : expected]);
      }
    }
    // nothing else looks like a photo route, however it is written
    for (const p of ["/seller/farms/x/photos/extra", "/seller/products/x/y", "/seller/farms/x/bank", "/seller/farms/x/photos%2F..%2F..%2Fbank"].map(routedPath)) expect([p, bodyClassOf(p, MULTIPART)]).toEqual([p, "form"]);
    expect(bodyClassOf(routedPath("/seller/farms/x/%70hotos"), MULTIPART)).toBe("upload"); // Remix routes it there too
    expect(bodyClassOf(routedPath("/Resources/Webhooks/../webhooks/bank?x=1"), "application/json")).toBe("webhook");
    expect(bodyClassOf(routedPath("/resources/webhooks/../../seller/farms/x/photos"), MULTIPART)).toBe("upload");
  });

  it("recognises its own failure through wrappers", () => {
    expect(isBodyTooLarge(new BodyTooLarge(1))).toBe(true);
    expect(isBodyTooLarge(new TypeError("failed", { cause: new BodyTooLarge(1) }))).toBe(true);
    expect(isBodyTooLarge(new Error("other"))).toBe(false);
  });
});

let server: http.Server;
let base: string;
type Seen = { path: string; bytes?: number; error?: unknown };
const seen: Seen[] = [];
const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});

beforeAll(async () => {
  const app = express();
  app.use(bodyLimitMiddleware(LIMITS));
  // What Remix does with a request: a fetch Request over the Node stream, read by the action,
  // then its answer written with res.status/res.append/res.write/res.end.
  app.all("*", async (req, res, next) => {
    const request = createRemixRequest(req, res);
    const entry: Seen = { path: req.path };
    seen.push(entry);
    try {
      let answer: Response;
      try {
        entry.bytes = req.method === "GET" ? 0 : (await request.arrayBuffer()).byteLength;
        answer = new Response(`read ${entry.bytes}`, { headers: { "Content-Type": "text/plain", "X-From": "app" } });
      } catch (error) {
        entry.error = error;
        answer = new Response("<!DOCTYPE html><p>the error page</p>".repeat(200), { status: 500, headers: { "Content-Type": "text/html", "Set-Cookie": "a=b" } });
      }
      await sendRemixResponse(res, answer);
    } catch (error) {
      next(error);
    }
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    seen.push({ path: "error middleware", error });
    if (!res.headersSent) res.status(500).end();
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  warnings.mockRestore();
  server.close();
});

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; sent: number };

/** A POST whose body comes from a generator, with Content-Length or chunked; stops sending once answered. */
function post(path: string, size: number, { chunked = false, headers = {} as Record<string, string>, method = "POST" } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method, agent: false, headers: { "Content-Type": "application/x-www-form-urlencoded", ...(chunked ? {} : { "Content-Length": String(size) }), ...headers } });
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(4096, "a");
    const pump = () => {
      while (!answered && sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        resolve({ status: res.statusCode!, headers: res.headers, body, sent });
        req.destroy();
      });
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    pump();
  });
}

describe("bodyLimitMiddleware in front of Remix's way of reading", () => {
  it("passes bodies up to the limit whole, declared or chunked", async () => {
    seen.length = 0;
    for (const chunked of [false, true]) {
      const r = await post("/login", LIMITS.form, { chunked });
      expect([r.status, r.body]).toEqual([200, `read ${LIMITS.form}`]);
    }
    expect((await post("/seller/farms/f1/photos", LIMITS.upload, { chunked: true, headers: { "Content-Type": MULTIPART } })).body).toBe(`read ${LIMITS.upload}`);
    expect((await post("/resources/webhooks/bank", LIMITS.webhook, { headers: { "Content-Type": "application/json" } })).body).toBe(`read ${LIMITS.webhook}`);
    expect(seen.every((s) => s.error === undefined)).toBe(true);
  });

  it("refuses a declared length over the limit at once, in Vietnamese, without reading it or reaching the app", async () => {
    seen.length = 0;
    const r = await post("/login", 100 * 1024 * 1024, { headers: { Accept: "text/html" } });
    expect(r.status).toBe(413);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.body).toContain("<h1>Dữ liệu gửi lên quá lớn</h1>");
    expect(r.body).toContain("lớn hơn 16 KB");
    expect(r.body).not.toMatch(/<script|style=/);
    expect(r.sent).toBeLessThan(100 * 1024 * 1024); // answered while the client was still sending
    expect(seen).toEqual([]);
    expect(warnings).toHaveBeenLastCalledWith("refused POST /login: body over 16 KB (form)");
  });

  it("answers in English when the visitor chose it, and as text to other clients", async () => {
    const cookie = `lng=${Buffer.from(JSON.stringify("en")).toString("base64")}`;
    const en = await post("/cart", LIMITS.form + 1, { headers: { Cookie: cookie } });
    expect([en.status, en.headers["content-type"]]).toEqual([413, "text/html; charset=utf-8"]);
    expect(en.body).toContain("<h1>Too much data sent</h1>");
    const text = await post("/cart?lng=en", LIMITS.form + 1, { chunked: true, headers: { Accept: "application/json" } });
    expect([text.status, text.headers["content-type"]]).toEqual([413, "text/plain; charset=utf-8"]);
    expect(text.body).toBe("Too much data sent. What you sent is larger than 16 KB, so Chợ Nông did not accept it. Send fewer or smaller photos and try again.\n");
  });

  it("applies each kind of route's limit", async () => {
    const photos = "/seller/products/p1";
    expect((await post(photos, LIMITS.upload + 1, { headers: { "Content-Type": MULTIPART } })).status).toBe(413);
    expect((await post(photos, LIMITS.form + 1, { headers: { "Content-Type": MULTIPART } })).status).toBe(200);
    expect((await post(photos, LIMITS.form + 1)).status).toBe(413); // not multipart: an ordinary form
    expect((await post("/checkout", LIMITS.form + 1, { headers: { "Content-Type": MULTIPART } })).status).toBe(413);
    expect((await post("/resources/webhooks/stripe", LIMITS.webhook + 1, { headers: { "Content-Type": "application/json" } })).status).toBe(413);
    for (const method of ["PUT", "PATCH", "DELETE"]) expect((await post("/account", LIMITS.form + 1, { method })).status).toBe(413);
  });

  it("counts a chunked body on its way to the app, fails the app's read past the limit and answers 413 instead of it", async () => {
    seen.length = 0;
    warnings.mockClear();
    const r = await post("/signup?lng=en", 20 * 1024 * 1024, { chunked: true });
    expect(r.status).toBe(413);
    expect(r.body).toContain("<h1>Too much data sent</h1>");
    expect(r.headers["x-from"]).toBeUndefined();
    expect(r.headers["set-cookie"]).toBeUndefined(); // nothing of the app's own answer got through
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toHaveLength(1); // the app ran, its read failed, its answer went nowhere (no error middleware)
    expect(seen[0].error).toBeInstanceOf(BodyTooLarge);
    expect(warnings).toHaveBeenCalledWith("refused POST /signup: body over 16 KB (form)");
    expect((await post("/login", 10)).body).toBe("read 10"); // and the server carries on
  });

  it("reads and drops the rest of a refused body, so that a client that goes on sending gets the answer, not a reset", async () => {
    // A client (or proxy) that sends its whole body whatever the answer: raw TCP. "Connection:
    // close" is how nginx talks to its upstreams by default, and Node would then close at once.
    const stubborn = (connection: string, chunked: boolean, size: number) =>
      new Promise<{ answer: string; sent: number }>((resolve, reject) => {
        const socket = net.connect({ port: Number(new URL(base).port), host: "127.0.0.1", allowHalfOpen: true }); // goes on sending after the answer
        let answer = "";
        let sent = 0;
        socket.setEncoding("utf8");
        socket.on("data", (c: string) => (answer += c));
        socket.on("error", (e) => reject(new Error(`${connection} ${chunked ? "chunked" : "declared"} after ${sent} bytes: ${e.message}`))); // a reset (EPIPE, ECONNRESET) fails the test
        socket.on("close", () => resolve({ answer, sent }));
        socket.write(`POST /login HTTP/1.1\r\nHost: x\r\nConnection: ${connection}\r\nContent-Type: application/x-www-form-urlencoded\r\n${chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${size}`}\r\n\r\n`);
        const chunk = Buffer.alloc(64 * 1024, "a");
        const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
        const pump = () => {
          while (sent < size) {
            sent += chunk.length;
            if (!socket.write(frame)) return void socket.once("drain", pump);
          }
          socket.end(chunked ? "0\r\n\r\n" : ""); // all sent: the server closes once it has read it
        };
        pump();
      });
    for (const connection of ["close", "keep-alive"]) {
      for (const chunked of [false, true]) {
        const { answer, sent } = await stubborn(connection, chunked, 8 * 1024 * 1024);
        expect([connection, chunked, answer.split("\r\n")[0], sent]).toEqual([connection, chunked, "HTTP/1.1 413 Payload Too Large", 8 * 1024 * 1024]);
        expect(answer).toContain("<h1>Dữ liệu gửi lên quá lớn</h1>");
      }
    }
  });

  it("leaves GET and HEAD alone", async () => {
    seen.length = 0;
    const r = await post("/farms", LIMITS.form * 4, { method: "GET" });
    expect([r.status, r.body]).toEqual([200, "read 0"]);
  });
});
