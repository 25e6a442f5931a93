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
// Inputs it cannot hash exactly (Maps, class instances, promises of deferred data) make the page
// uncacheable rather than risk a wrong match. RENDER_CACHE_ENTRIES (default 300; 0 turns it off)
// and RENDER_CACHE_MB (default 32) bound the memory per process; entries live RENDER_CACHE_MS
// (default 60 s), and anything the data changes gets a new key at once.
import { createHash } from "node:crypto";

type Entry = { html: string; nonce: string; expires: number };

const MAX_PAGE_BYTES = 1024 * 1024;
const MAX_KEY_CHARS = 2 * 1024 * 1024;

function settings() {
  const num = (name: string, fallback: number) => {
    const v = process.env[name];
    return v === undefined || v === "" ? fallback : Number(v) || 0;
  };
  return { entries: num("RENDER_CACHE_ENTRIES", 300), bytes: num("RENDER_CACHE_MB", 32) * 1024 * 1024, ttlMs: num("RENDER_CACHE_MS", 60_000) };
}

/**
 * An exact, type-tagged serialisation of loader data, or null when it holds something that
 * cannot be compared this way. Unlike JSON it keeps undefined, NaN, -0, Infinity and dates apart
 * from null and strings.
 */
export function serialiseInputs(value: unknown): string | null {
  const out: string[] = [];
  let size = 0;
  const walk = (v: unknown, depth: number): boolean => {
    if (depth > 64 || size > MAX_KEY_CHARS) return false;
    let s: string;
    switch (typeof v) {
      case "string":
        s = JSON.stringify(v);
        break;
      case "number":
        s = Object.is(v, -0) ? "n-0" : `n${v}`;
        break;
      case "boolean":
        s = v ? "T" : "F";
        break;
      case "undefined":
        s = "U";
        break;
      case "bigint":
        s = `b${v}`;
        break;
      case "object": {
        if (v === null) {
          s = "N";
          break;
        }
        if (v instanceof Date) {
          s = `d${v.getTime()}`;
          break;
        }
        if (Array.isArray(v)) {
          out.push("[");
          for (const item of v) if (!walk(item, depth + 1)) return false;
          out.push("]");
          return true;
        }
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return false;
        out.push("{");
        for (const [k, item] of Object.entries(v)) {
          out.push(JSON.stringify(k), ":");
          if (!walk(item, depth + 1)) return false;
        }
        out.push("}");
        return true;
      }
      default:
        return false; // functions, symbols
    }
    size += s.length;
    out.push(s, ",");
    return true;
  };
  return walk(value, 0) ? out.join("") : null;
}

export type RenderCache = ReturnType<typeof createRenderCache>;

export function createRenderCache(options = settings()) {
  const store = new Map<string, Entry>();
  let bytes = 0;
  const drop = (key: string) => {
    const e = store.get(key);
    if (e) {
      bytes -= e.html.length;
      store.delete(key);
    }
  };
  // renderings under way: a burst of identical requests waits for the first one's HTML instead of
  // rendering it fifty times at once
  const pending = new Map<string, Promise<void>>();
  const enabled = options.entries > 0 && options.ttlMs > 0 && options.bytes > 0;
  return {
    enabled,
    /** The key for a document answered with `status` to `request` with this data, or null when it must render. */
    key(request: Request, status: number, data: { loaderData: unknown; actionData: unknown; errors: unknown }): string | null {
      if (!enabled || request.method !== "GET" || status !== 200 || data.actionData || data.errors) return null;
      const inputs = serialiseInputs([request.url, data.loaderData]);
      return inputs === null ? null : createHash("sha256").update(inputs).digest("base64url");
    },
    /** The HTML rendered for `key`, carrying `nonce` in place of the one it was rendered with. */
    get(key: string, nonce: string): string | null {
      const e = store.get(key);
      if (!e) return null;
      if (e.expires <= Date.now()) {
        drop(key);
        return null;
      }
      store.delete(key); // most recently used last
      store.set(key, e);
      return e.nonce === nonce ? e.html : e.html.replaceAll(e.nonce, nonce);
    },
    /**
     * Resolves when no rendering of `key` is under way any more (at once if none is, or after at
     * most `maxWaitMs`); the caller then looks again, and renders if there is still nothing. A
     * caller that finds none under way is now the one rendering, until it calls `done`.
     */
    async turn(key: string, maxWaitMs = 2000): Promise<() => void> {
      for (let waited = pending.get(key); waited; waited = pending.get(key)) {
        if ((await Promise.race([waited.then(() => true), new Promise<false>((r) => setTimeout(r, maxWaitMs, false).unref())])) === false) break;
        if (store.has(key)) return () => {};
      }
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      pending.set(key, mine);
      return () => {
        if (pending.get(key) === mine) pending.delete(key);
        release();
      };
    },
    set(key: string, html: string, nonce: string): void {
      if (html.length > MAX_PAGE_BYTES || nonce.length < 16 || !html.includes(nonce)) return;
      drop(key);
      store.set(key, { html, nonce, expires: Date.now() + options.ttlMs });
      bytes += html.length;
      while (store.size > options.entries || bytes > options.bytes) drop(store.keys().next().value!);
    },
    get size() {
      return store.size;
    },
  };
}

export const renderCache = createRenderCache();
