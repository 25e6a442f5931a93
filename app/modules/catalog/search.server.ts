// Search the way Vietnamese buyers type (ADR 007): the query is folded like Product.searchText
// ("Sầu Riêng" -> "sau rieng"), then each engine uses its own index — SQLite FTS5 with prefix
// terms ranked by bm25, PostgreSQL a GIN full-text index ('simple' config) with prefix terms,
// ranked by length (every hit holds every word, so the shortest text is the closest). Names
// spelled as typed, then names that start with the query, rank first. Filters and sorting run in the same SQL; cards are then read through Prisma.
import { z } from "zod";
import { db, engineFor } from "~/utils/db.server";
import { CERT_KINDS } from "~/modules/farms/schemas";
import { cardSelect, toCard } from "./catalog.server";
import { foldVietnamese } from "./text";
import { cached } from "~/utils/cache.server";

/** A longer query is searched by its first MAX_QUERY_LENGTH characters (the page says so). */
export const MAX_QUERY_LENGTH = 100;
function shortenQuery(q: string): string {
  if (q.length <= MAX_QUERY_LENGTH) return q;
  const cut = q.slice(0, MAX_QUERY_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut; // not half an emoji
}

export const SearchParamsSchema = z.object({
  q: z.string().default("").catch("").transform(shortenQuery),
  category: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
  commune: z.string().regex(/^\d{1,10}$/).optional().catch(undefined),
  cert: z.enum(CERT_KINDS).optional().catch(undefined),
  min: z.coerce.number().int().min(0).max(1e9).optional().catch(undefined),
  max: z.coerce.number().int().min(0).max(1e9).optional().catch(undefined),
  inStock: z.enum(["1"]).optional().catch(undefined),
  sort: z.enum(["relevance", "price_asc", "price_desc", "newest"]).default("relevance").catch("relevance"),
  page: z.coerce.number().int().min(1).max(1000).default(1).catch(1),
});
export type SearchParams = z.infer<typeof SearchParamsSchema>;

export function parseSearchParams(url: URL): SearchParams {
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  return SearchParamsSchema.parse(raw);
}

const PER_PAGE = 24;

export function searchCatalog(args: SearchParams) {
  return cached(`searchCatalog:${JSON.stringify(args)}`, () => loadSearchCatalog(args));
}

async function loadSearchCatalog(params: SearchParams) {
  const words = foldVietnamese(params.q).replace(/[^a-z0-9 ]/g, " ").split(" ").filter(Boolean).slice(0, 8);
  if (words.length === 0) return { total: 0, products: [], perPage: PER_PAGE };

  // certificate filter through Prisma (dates compared portably), as a list of farm ids
  let certFarmIds: string[] | null = null;
  if (params.cert) {
    const now = new Date();
    certFarmIds = (
      await db.certification.findMany({ where: { kind: params.cert, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, select: { farmId: true }, distinct: ["farmId"] })
    ).map((c) => c.farmId);
    if (certFarmIds.length === 0) return { total: 0, products: [], perPage: PER_PAGE };
  }

  const pg = engineFor() === "postgresql";
  const args: unknown[] = [];
  const p = (v: unknown) => (args.push(v), pg ? `$${args.length}` : "?");
  const phrase = words.join(" ");

  // SQLite: bm25() cannot sit beside a window function, so the FTS hits and their rank come first.
  const from = pg
    ? `FROM "Product" p JOIN "Farm" f ON f."id" = p."farmId"`
    : `FROM (SELECT rowid AS rid, bm25("ProductSearch") AS rank FROM "ProductSearch" WHERE "ProductSearch" MATCH ${p(words.map((w) => `"${w}"*`).join(" AND "))}) h JOIN "Product" p ON p.rowid = h.rid JOIN "Farm" f ON f."id" = p."farmId"`;
  const where: string[] = pg ? [`to_tsvector('simple', p."searchText") @@ to_tsquery('simple', ${p(words.map((w) => `${w}:*`).join(" & "))})`] : [];
  where.push(`p."status" = 'ACTIVE'`, `f."status" = 'ACTIVE'`);
  if (params.category) where.push(`p."categoryId" IN (SELECT c."id" FROM "Category" c WHERE c."slug" = ${p(params.category)} OR c."parentId" IN (SELECT c2."id" FROM "Category" c2 WHERE c2."slug" = ${p(params.category)}))`);
  if (params.commune) where.push(`f."communeCode" = ${p(params.commune)}`);
  if (certFarmIds) where.push(`f."id" IN (${certFarmIds.map((id) => p(id)).join(", ")})`);
  if (params.min !== undefined) where.push(`p."priceVnd" >= ${p(params.min)}`);
  if (params.max !== undefined) where.push(`p."priceVnd" <= ${p(params.max)}`);
  if (params.inStock) where.push(`p."stockMilli" > 0`);

  // A query typed with diacritics ("dừa") ranks names spelled exactly so ("Dừa xiêm") above
  // those that only fold to it ("Dưa hấu"). SQLite's lower() folds ASCII only, enough here since
  // the typed text is lower-cased in JS and names differ from it only in their capitals.
  const typed = params.q.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");
  const typedKey = () =>
    typed !== foldVietnamese(typed) ? `CASE WHEN lower(p."name") LIKE ${p(`%${typed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\' THEN 0 ELSE 1 END, ` : "";
  // (parameters are added only for the ORDER BY in use: PostgreSQL refuses untyped unused ones)
  const order = {
    relevance: () => `${typedKey()}CASE WHEN p."searchText" LIKE ${p(`${phrase}%`)} THEN 0 ELSE 1 END, ${pg ? `length(p."searchText")` : `h.rank`}, p."name"`,
    price_asc: () => `p."priceVnd" ASC, p."name"`,
    price_desc: () => `p."priceVnd" DESC, p."name"`,
    newest: () => `p."createdAt" DESC, p."id"`,
  }[params.sort]();
  const sql = `SELECT p."id" AS id, COUNT(*) OVER () AS total ${from} WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${p(PER_PAGE)} OFFSET ${p((params.page - 1) * PER_PAGE)}`;
  const rows = await db.$queryRawUnsafe<Array<{ id: string; total: number | bigint }>>(sql, ...args);
  if (rows.length === 0) return { total: 0, products: [], perPage: PER_PAGE };
  const cards = await db.product.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { ...cardSelect, id: true } });
  const byId = new Map(cards.map((c) => [c.id, c]));
  return {
    total: Number(rows[0].total),
    perPage: PER_PAGE,
    products: rows.flatMap((r) => {
      const c = byId.get(r.id);
      if (!c) return [];
      const { id: _id, ...card } = c;
      return [toCard(card)];
    }),
  };
}
