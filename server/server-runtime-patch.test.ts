// patches/@remix-run+server-runtime: the server runtime (its CommonJS build, which Node loads)
// (1) hands loaders the request itself when there is no `index` or `_routes` parameter to strip,
// instead of a copy per loader, and (2) encodes a document's data for hydration when the page
// first reads `serverHandoffStream`, so a page answered from the render cache never encodes it
// (ADR 013). Driven here through the real request handler with a two-route build.
import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";

const require = createRequire(import.meta.url);
const runtime = require("@remix-run/server-runtime") as typeof import("@remix-run/server-runtime");
const singleFetch = require("@remix-run/server-runtime/dist/single-fetch.js") as { encodeViaTurboStream: (...args: unknown[]) => ReadableStream<Uint8Array> };

type Context = { serverHandoffStream?: ReadableStream<Uint8Array>; staticHandlerContext: { loaderData: Record<string, unknown>; errors: unknown } };
type Handler = (request: Request, status: number, headers: Headers, context: Context) => Promise<Response>;

function app(handle: Handler) {
  const seen: { route: string; request: Request }[] = [];
  const route = (id: string, extra: Record<string, unknown>) => ({
    id,
    ...extra,
    module: {
      default: () => null,
      ErrorBoundary: id === "root" ? () => null : undefined,
      loader: ({ request }: { request: Request }) => {
        seen.push({ route: id, request });
        return { from: id, at: new Date(0) };
      },
    },
  });
  const build = {
    mode: "production",
    basename: undefined,
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    isSpaMode: false,
    future: { v3_singleFetch: true },
    entry: { module: { default: handle, handleError: () => {} } },
    routes: { root: route("root", { path: "" }), "routes/page": route("routes/page", { parentId: "root", path: "page" }) },
    assets: { entry: { module: "/entry.js", imports: [] }, routes: {}, url: "/manifest.js", version: "1" },
  };
  return { handler: runtime.createRequestHandler(build as never, "production"), seen };
}

const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

afterEach(() => vi.restoreAllMocks());

describe("the server runtime's patches", () => {
  it("gives every loader the request itself when there is nothing to strip, a stripped copy otherwise", async () => {
    const { handler, seen } = app(async () => new Response("ok"));
    const request = new Request("http://127.0.0.1/page?q=sau+rieng", { headers: { "X-Test": "1" } });
    expect((await handler(request)).status).toBe(200);
    expect(seen.map((s) => s.route).sort()).toEqual(["root", "routes/page"]);
    expect(seen.every((s) => s.request === seen[0].request)).toBe(true);
    expect([seen[0].request.url, seen[0].request.headers.get("X-Test"), seen[0].request.signal.aborted]).toEqual(["http://127.0.0.1/page?q=sau+rieng", "1", false]);

    seen.length = 0;
    await handler(new Request("http://127.0.0.1/page?index&q=1&_routes=root"));
    expect(seen.map((s) => s.request.url)).toEqual(["http://127.0.0.1/page?q=1", "http://127.0.0.1/page?q=1"]);
  });

  it("encodes the data for hydration only when the page reads it, once, and lets it be replaced", async () => {
    const encode = vi.spyOn(singleFetch, "encodeViaTurboStream");
    let read = false;
    const { handler } = app(async (_request, status, headers, context) => {
      if (!read) return new Response("from a cache", { status, headers });
      const first = context.serverHandoffStream!;
      expect(context.serverHandoffStream).toBe(first); // the same stream on every read
      const data = await text(first);
      context.serverHandoffStream = new Response("replaced").body!;
      return new Response(`${data}|${await text(context.serverHandoffStream)}`, { status, headers });
    });
    expect(await (await handler(new Request("http://127.0.0.1/page"))).text()).toBe("from a cache");
    expect(encode).not.toHaveBeenCalled();

    read = true;
    const body = await (await handler(new Request("http://127.0.0.1/page"))).text();
    expect(encode).toHaveBeenCalledTimes(1);
    const [data, replaced] = body.split("|");
    expect(data).toContain('"routes/page"');
    expect(data).toContain('["D",0]'); // turbo-stream's date of 0: the real encoding of the loaders' data
    expect(replaced).toBe("replaced");
  });

  it("renders an error with its own data when the page throws, without encoding the first data", async () => {
    const encode = vi.spyOn(singleFetch, "encodeViaTurboStream");
    let calls = 0;
    const { handler } = app(async (_request, status, headers, context) => {
      if (calls++ === 0) throw new Error("render failed");
      expect(context.staticHandlerContext.errors).toBeTruthy();
      return new Response(await text(context.serverHandoffStream!), { status, headers });
    });
    const response = await handler(new Request("http://127.0.0.1/page"));
    expect(response.status).toBe(500);
    expect(encode).toHaveBeenCalledTimes(1); // the second rendering's, not the first's
    expect(await response.text()).toContain("Unexpected Server Error"); // the sanitised error it hydrates with
  });
});
