// React 18.3.1's server renderer wrote its whole 2 KB buffer when a multi-byte character did not
// fit at its end, so the unused bytes went out as NUL (facebook/react#24985, fixed upstream by
// #26228, never released for 18): Vietnamese text showed "U+FFFD" in pages rendered without
// JavaScript. patches/react-dom+18.3.1.patch applies the upstream fix; this fails without it.
import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import { renderToPipeableStream as renderDevelopment } from "react-dom/server";
import { describe, expect, it } from "vitest";

// the build the production server runs, whatever NODE_ENV the tests have
const require = createRequire(import.meta.url);
const productionFile = path.join(path.dirname(require.resolve("react-dom/server")), "cjs/react-dom-server.node.production.min.js");
const { renderToPipeableStream: renderProduction } = require(productionFile) as { renderToPipeableStream: typeof renderDevelopment };

function render(node: React.ReactNode, renderToPipeableStream = renderDevelopment): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
      final(cb) {
        resolve(Buffer.concat(chunks));
        cb();
      },
    });
    const stream = renderToPipeableStream(node, { onAllReady: () => stream.pipe(sink), onError: reject });
  });
}

describe("server rendering of Vietnamese text", () => {
  it.each([["production", renderProduction], ["development", renderDevelopment]] as const)("writes no NUL byte wherever a character crosses the 2 KB buffer (%s build)", async (_build, renderer) => {
    const text = "Đơn mua của tôi: xác nhận, giao hàng…";
    // small chunks (as pages are made of), shifted one byte at a time so that every position of a
    // multi-byte character meets the buffer's end somewhere
    for (let shift = 0; shift < 12; shift++) {
      const html = await render(
        <div>
          <b>{"a".repeat(shift)}</b>
          {Array.from({ length: 120 }, (_, i) => <span key={i} aria-label={text}>{text}</span>)}
        </div>,
        renderer,
      );
      expect(html.includes(0), `shift ${shift}`).toBe(false);
      expect(html.toString("utf8").split(text).length - 1).toBe(240);
    }
  });
});
