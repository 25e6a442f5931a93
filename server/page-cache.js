// Micro-cache for anonymous storefront pages (issue 6, measured with bench:http): a request with
// no Cookie and no Authorization header for a public page gets the HTML (or single-fetch data)
// another anonymous visitor got less than PAGE_CACHE_MS ago (default 5 s; 0 turns it off).
// Personal pages never qualify: anyone logged in, with a cart or a language choice sends a
// cookie, and responses that set a cookie or are not 200 are never kept. The catalog cache in the
// app (app/utils/cache.server.ts) still bounds how stale the data under it can be.
const PUBLIC_PAGE = /^\/(?:|_root\.data|search|farms(?:\/[^/]+)?|products\/[^/]+|categories\/[^/]+)(?:\.data)?$/;
const MAX_ENTRIES = 500;
const MAX_BODY = 512 * 1024;
const PER_RESPONSE = new Set(["content-length", "content-encoding", "content-security-policy", "x-page-cache", "x-render-cache"]);

/** @param {{ ttlMs?: number }} [options] */
export function pageCache({ ttlMs = Number(process.env.PAGE_CACHE_MS ?? 5000) } = {}) {
  /** @type {Map<string, { expires: number; status: number; headers: Record<string, string | string[]>; body: Buffer; nonce: string | null }>} */
  const store = new Map();
  let hits = 0, misses = 0;
  /** @type {import("express").RequestHandler & { stats: () => { hits: number; misses: number; entries: number }; purge: () => void }} */
  const middleware = Object.assign(pageCacheMiddleware, {
    stats: () => ({ hits, misses, entries: store.size }),
    purge: () => store.clear(),
  });
  return middleware;
  /** @type {import("express").RequestHandler} */
  function pageCacheMiddleware(req, res, next) {
    if (!(ttlMs > 0) || (req.method !== "GET" && req.method !== "HEAD") || req.headers.cookie || req.headers.authorization) return next();
    const url = req.originalUrl;
    if (url.length > 300 || !PUBLIC_PAGE.test(url.split("?")[0])) return next();
    const hit = store.get(url);
    if (hit && hit.expires > Date.now()) {
      res.status(hit.status);
      for (const [k, v] of Object.entries(hit.headers)) res.setHeader(k, v);
      res.setHeader("X-Page-Cache", "hit");
      hits++;
      // This response's own CSP nonce (set by the security middleware) replaces the one the page
      // was rendered with, so no two responses share a nonce.
      const nonce = res.locals.cspNonce;
      const body = hit.nonce && nonce ? Buffer.from(hit.body.toString("utf8").replaceAll(hit.nonce, nonce)) : hit.body;
      return res.end(req.method === "HEAD" ? undefined : body);
    }
    if (req.method === "HEAD") return next();
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    const write = res.write.bind(res), end = res.end.bind(res);
    const keep = (/** @type {unknown} */ chunk, /** @type {unknown} */ encoding) => {
      if (chunk == null || typeof chunk === "function" || size > MAX_BODY) return;
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(/** @type {string} */ (chunk), typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8");
      size += b.length;
      chunks.push(b);
    };
    // @ts-expect-error -- same signature as res.write
    res.write = (chunk, encoding, cb) => (keep(chunk, encoding), write(chunk, encoding, cb));
    // @ts-expect-error -- same signature as res.end
    res.end = (chunk, encoding, cb) => {
      keep(chunk, encoding);
      if (res.statusCode === 200 && !res.getHeader("set-cookie") && size <= MAX_BODY) {
        /** @type {Record<string, string | string[]>} */
        const headers = {};
        // per-response headers (the CSP carries the nonce) stay those of the request being answered
        for (const [k, v] of Object.entries(res.getHeaders())) if (v !== undefined && !PER_RESPONSE.has(k)) headers[k] = Array.isArray(v) ? v : String(v);
        store.set(url, { expires: Date.now() + ttlMs, status: 200, headers, body: Buffer.concat(chunks), nonce: typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : null });
        while (store.size > MAX_ENTRIES) store.delete(/** @type {string} */ (store.keys().next().value));
      }
      return end(chunk, encoding, cb);
    };
    res.setHeader("X-Page-Cache", "miss");
    misses++;
    next();
  }
}
