// Memoised server rendering (issue 6, measured with bench:http; ADR 013). A document is a pure
// function of its URL and the data its loaders returned (root included: language, role, cart
// count): React renders the same HTML for the same inputs. So a GET answered 200 with exactly the
// same URL and loader data as a recent one gets that HTML again, with this response's CSP nonce,
// without React rendering it again. The key is a hash of every input, so two visitors share a
// rendering only when their own rendering would be byte-for-byte the same: nothing one person may
// see can reach another. That is what makes it useful for signed-in pages, which the anonymous
// page cache (server/page-cache.js) never serves: every officer looking at the same period of the
// department's dashboard, every member of a farm looking at its sales, buyers whose header shows
// the same cart count. Loaders still run for every request (sessions, permissions, fresh data).
//
// The key hashes the URL and V8's own serialisation of the loader data (node:v8 `serialize`, the
// structured clone of postMessage, in C++): it tells apart everything the page can see (undefined,
// null, NaN, -0, dates, maps, sets, a property missing or undefined) and refuses functions and
// promises (deferred data), so such a page is never cached. On a hit the page is not rendered and
// its data is not encoded for hydration either (the cached HTML carries that encoding; Remix encodes
// it on first read: patches/@remix-run+server-runtime). A page is kept only if Remix encoded its data
// exactly (`checkHandoff`): a class instance reaches the browser as its bare fields, so a loader
// returning one is refused there, not trusted to V8's bytes (which would not show the class).
// RENDER_CACHE_ENTRIES (default 300; 0 turns it off) and RENDER_CACHE_MB (default 32) bound the
// memory per process; entries live RENDER_CACHE_MS (default 60 s), and anything the data changes
// gets a new key at once.
import { createHash } from "node:crypto";
import { serialize } from "node:v8";

// A page is kept cut where its nonce was, so that each answer is the parts joined by its own nonce.
type Entry = { parts: Buffer[]; size: number; expires: number };

const MAX_PAGE_BYTES = 1024 * 1024;
const MAX_KEY_BYTES = 2 * 1024 * 1024;

function settings() {
  const num = (name: string, fallback: number) => {
    const v = process.env[name];
    return v === undefined || v === "" ? fallback : Number(v) || 0;
  };
  return { entries: num("RENDER_CACHE_ENTRIES", 300), bytes: num("RENDER_CACHE_MB", 32) * 1024 * 1024, ttlMs: num("RENDER_CACHE_MS", 60_000) };
}

/**
 * The SHA-256 of `url` and V8's serialisation of `loaderData`, or null when it cannot stand for the
 * data: a function or a promise in it (V8 refuses to clone them), more than 2 MB.
 */
export function dataKey(url: string, loaderData: unknown): string | null {
  let bytes: Buffer;
  try {
    bytes = serialize(loaderData);
  } catch {
    return null;
  }
  if (bytes.length > MAX_KEY_BYTES) return null;
  return createHash("sha256").update(url).update("\n").update(bytes).digest("base64url");
}

// What Remix sends the browser to hydrate the page with: its turbo-stream encoding of the loader
// data. These markers mean it could not encode a value exactly (a class instance becomes its
// fields, a function nothing), and then the page is not kept.
const INEXACT = [Buffer.from('"SingleFetchClassInstance"'), Buffer.from('"SingleFetchFallback"')];
const PENDING = Symbol("pending");

/**
 * Whether `handoff` (Remix's encoding of a page's data) is complete and exact, read from a copy:
 * the page still gets it whole. Not when a promise is still pending (deferred data streams in
 * later), a value was encoded inexactly, or it is over 2 MB.
 */
export async function checkHandoff(handoff: ReadableStream<Uint8Array>): Promise<{ exact: boolean; handoff: ReadableStream<Uint8Array> }> {
  const reader = handoff.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let exact = false;
  let done = false;
  let next: Promise<ReadableStreamReadResult<Uint8Array>> | null = null; // a read still waiting
  for (;;) {
    // Without deferred data Remix encodes all of it at once and closes the stream: every read
    // is answered before the event loop moves on. One that is not waits for a promise.
    const read = reader.read();
    const r = await Promise.race([read, new Promise<typeof PENDING>((resolve) => setImmediate(resolve, PENDING))]);
    if (r === PENDING) {
      next = read;
      break;
    }
    if (r.done) {
      exact = done = true;
      break;
    }
    chunks.push(r.value);
    const chunk = Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    size += chunk.length;
    if (size > MAX_KEY_BYTES || INEXACT.some((m) => chunk.includes(m))) break;
  }
  // The page gets the same bytes: those read here, then the rest as it comes.
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (done) controller.close();
    },
    async pull(controller) {
      const r = await (next ?? reader.read());
      next = null;
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { exact, handoff: rest };
}

export type RenderCache = ReturnType<typeof createRenderCache>;

export function createRenderCache(options = settings()) {
  const store = new Map<string, Entry>();
  let bytes = 0;
  const drop = (key: string) => {
    const e = store.get(key);
    if (e) {
      bytes -= e.size;
      store.delete(key);
    }
  };
  // renderings under way: a burst of identical requests waits for the first one's HTML instead of
  // rendering it fifty times at once
  const pending = new Map<string, Promise<void>>();
  const enabled = options.entries > 0 && options.ttlMs > 0 && options.bytes > 0;
  // keys whose page turned out not to be keepable (see checkHandoff): asked for again within the
  // time a page would live, they render at once instead of queueing behind each other's rendering
  const refused = new Map<string, number>();
  const isRefused = (key: string) => {
    const until = refused.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    refused.delete(key);
    return false;
  };
  return {
    enabled,
    /**
     * The key for a document answered with `status` to `request` with this data, or null when it
     * must render (and not be kept).
     */
    key(request: Request, status: number, data: { loaderData: unknown; actionData: unknown; errors: unknown }): string | null {
      if (!enabled || request.method !== "GET" || status !== 200 || data.actionData || data.errors) return null;
      const key = dataKey(request.url, data.loaderData);
      return key && !isRefused(key) ? key : null;
    },
    /** The HTML rendered for `key`, carrying `nonce` in place of the one it was rendered with. */
    get(key: string, nonce: string): Buffer<ArrayBuffer> | null {
      const e = store.get(key);
      if (!e) return null;
      if (e.expires <= Date.now()) {
        drop(key);
        return null;
      }
      store.delete(key); // most recently used last
      store.set(key, e);
      const glue = Buffer.from(nonce);
      return Buffer.concat(e.parts.flatMap((part, i) => (i ? [glue, part] : [part])));
    },
    /**
     * Resolves when no rendering of `key` is under way any more (at once if none is, or after at
     * most `maxWaitMs`); the caller then looks again, and renders if there is still nothing. A
     * caller that finds none under way is now the one rendering, until it calls `done`.
     */
    async turn(key: string, maxWaitMs = 2000): Promise<() => void> {
      for (let waited = pending.get(key); waited; waited = pending.get(key)) {
        if ((await Promise.race([waited.then(() => true), new Promise<false>((r) => setTimeout(r, maxWaitMs, false).unref())])) === false) break;
        if (store.has(key) || isRefused(key)) return () => {};
      }
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      pending.set(key, mine);
      return () => {
        if (pending.get(key) === mine) pending.delete(key);
        release();
      };
    },
    set(key: string, html: Buffer, nonce: string): void {
      if (html.length > MAX_PAGE_BYTES || nonce.length < 16) return;
      const glue = Buffer.from(nonce);
      const parts: Buffer[] = [];
      for (let from = 0; ; ) {
        const at = html.indexOf(glue, from);
        parts.push(html.subarray(from, at < 0 ? html.length : at));
        if (at < 0) break;
        from = at + glue.length;
      }
      if (parts.length < 2) return; // a page without its nonce cannot be given to anybody else
      drop(key);
      store.set(key, { parts, size: html.length, expires: Date.now() + options.ttlMs });
      bytes += html.length;
      while (store.size > options.entries || bytes > options.bytes) drop(store.keys().next().value!);
    },
    /** The page for `key` could not be kept: for a while, requests with this key just render. */
    refuse(key: string): void {
      refused.delete(key);
      refused.set(key, Date.now() + options.ttlMs);
      while (refused.size > options.entries) refused.delete(refused.keys().next().value!);
    },
    get size() {
      return store.size;
    },
    /** Empties it (the admins' "purge", /admin). */
    purge(): void {
      store.clear();
      refused.clear();
      bytes = 0;
    },
  };
}

export const renderCache = createRenderCache();
