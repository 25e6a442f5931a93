// The cart: product ids and quantities only. Prices, names and stock are read from the database
// every time the cart is shown or checked out, never taken from a form.
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { db, hotExecute, hotRead } from "~/utils/db.server";
import { secureCookies } from "~/utils/env.server";
import { mediaSelect, mediaView } from "~/modules/media/media.server";

export const cartCookie = createCookie("cn_cart", { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookies, maxAge: 60 * 60 * 24 * 30 });

export const MAX_LINE_UNITS = 10_000; // no line over 10,000 units (kg, bó…) whatever the stock

export type CartError = "quantityInvalid" | "quantityStep" | "quantityTooHigh" | "productUnavailable";

async function guestCartId(request: Request): Promise<string | null> {
  const id = await cartCookie.parse(request.headers.get("Cookie"));
  return typeof id === "string" && /^[a-f0-9]{32}$/.test(id) ? id : null;
}

/** The cart this request reads: the account's when logged in, else the guest cookie's. */
export async function findCartId(request: Request, userId: string | null): Promise<string | null> {
  const first = (rows: Array<{ id: string }>) => rows[0]?.id ?? null;
  if (userId) return first(await hotRead`SELECT "id" FROM "Cart" WHERE "userId" = ${userId}`);
  const id = await guestCartId(request);
  return id ? first(await hotRead`SELECT "id" FROM "Cart" WHERE "id" = ${id} AND "userId" IS NULL`) : null;
}

/** Finds or makes the cart; returns a Set-Cookie value when a guest cart was just made. */
export async function ensureCart(request: Request, userId: string | null): Promise<{ cartId: string; setCookie?: string }> {
  const existing = await findCartId(request, userId);
  if (existing) return { cartId: existing };
  const id = randomBytes(16).toString("hex");
  if (userId) {
    const cart = await db.cart.upsert({ where: { userId }, create: { id, userId }, update: {}, select: { id: true } });
    return { cartId: cart.id };
  }
  await db.cart.create({ data: { id } });
  return { cartId: id, setCookie: await cartCookie.serialize(id) };
}

/** Checks a quantity against the product's unit, step and stock. */
export function checkQuantity(
  product: { soldByWeight: boolean; stepMilli: number; stockMilli: number },
  quantityMilli: number,
): CartError | null {
  if (!Number.isSafeInteger(quantityMilli) || quantityMilli <= 0) return "quantityInvalid";
  const step = product.soldByWeight ? product.stepMilli : 1000;
  if (quantityMilli % step !== 0) return "quantityStep";
  if (quantityMilli > product.stockMilli || quantityMilli > MAX_LINE_UNITS * 1000) return "quantityTooHigh";
  return null;
}

type ProductForCart = { status: string; farmStatus: string; soldByWeight: boolean | number; stepMilli: number | bigint; stockMilli: number | bigint };

/**
 * Adds to (or, with `replace`, sets) a line. The product must be on sale and the quantity allowed.
 * Plain SQL, two statements (measured: Prisma's query compiler was ~45 % of an add-to-cart): the
 * product, then one upsert that adds to the line only if the new total is still allowed, so two
 * adds at once both count and neither can take a line past the stock.
 */
export async function setCartLine({
  cartId,
  productId,
  quantityMilli,
  replace = false,
}: {
  cartId: string;
  productId: string;
  quantityMilli: number;
  replace?: boolean;
}): Promise<{ ok: true } | { ok: false; error: CartError; stockMilli?: number }> {
  const [row] = await hotRead<ProductForCart>`SELECT p."status", f."status" AS "farmStatus", p."soldByWeight", p."stepMilli", p."stockMilli" FROM "Product" p JOIN "Farm" f ON f."id" = p."farmId" WHERE p."id" = ${productId}`;
  if (!row || row.status !== "ACTIVE" || row.farmStatus !== "ACTIVE") return { ok: false, error: "productUnavailable" };
  const product = { soldByWeight: Boolean(row.soldByWeight), stepMilli: Number(row.stepMilli), stockMilli: Number(row.stockMilli) };
  const error = checkQuantity(product, quantityMilli);
  if (error) return { ok: false, error, stockMilli: product.stockMilli };
  const step = product.soldByWeight ? product.stepMilli : 1000;
  const max = Math.min(product.stockMilli, MAX_LINE_UNITS * 1000);
  // the line's new total: what it held (none when replacing) plus this quantity
  const held = replace ? 0 : 1;
  // one statement (hotExecute, ADR 013): a new line, or the line's new total if allowed; 0 rows changed = refused
  const changed = await hotExecute`INSERT INTO "CartItem" ("cartId", "productId", "quantityMilli", "addedAt") VALUES (${cartId}, ${productId}, ${quantityMilli}, ${new Date()})
    ON CONFLICT ("cartId", "productId") DO UPDATE SET "quantityMilli" = "CartItem"."quantityMilli" * ${held} + excluded."quantityMilli"
    WHERE "CartItem"."quantityMilli" * ${held} + excluded."quantityMilli" <= ${max} AND ("CartItem"."quantityMilli" * ${held} + excluded."quantityMilli") % ${step} = 0`;
  if (changed === 1) return { ok: true };
  // the line already held so much that the total is not allowed: say why
  const current = (await db.cartItem.findUnique({ where: { cartId_productId: { cartId, productId } }, select: { quantityMilli: true } }))?.quantityMilli ?? 0;
  return { ok: false, error: checkQuantity(product, current + quantityMilli) ?? "quantityTooHigh", stockMilli: product.stockMilli };
}

export async function removeCartLine({ cartId, productId }: { cartId: string; productId: string }) {
  await db.cartItem.deleteMany({ where: { cartId, productId } });
}

/** At log-in: the guest cart's lines move into the account's cart (quantities add up, capped by stock). */
export async function mergeGuestCart(request: Request, userId: string): Promise<void> {
  const guestId = await guestCartId(request);
  if (!guestId) return;
  const guest = await db.cart.findFirst({ where: { id: guestId, userId: null }, select: { items: { select: { productId: true, quantityMilli: true } } } });
  if (!guest) return;
  const { cartId } = await ensureCart(request, userId);
  for (const item of guest.items) {
    const res = await setCartLine({ cartId, productId: item.productId, quantityMilli: item.quantityMilli });
    if (!res.ok && res.error === "quantityTooHigh" && res.stockMilli) {
      await setCartLine({ cartId, productId: item.productId, quantityMilli: res.stockMilli, replace: true });
    }
  }
  await db.cart.deleteMany({ where: { id: guestId, userId: null } });
}

export type CartView = Awaited<ReturnType<typeof loadCart>>;

/** The cart grouped by farm, priced from the database now. */
export async function loadCart(cartId: string | null) {
  const items = cartId
    ? await db.cartItem.findMany({
        where: { cartId },
        orderBy: { addedAt: "asc" },
        select: {
          quantityMilli: true,
          product: {
            select: {
              id: true, slug: true, name: true, unit: true, priceVnd: true, soldByWeight: true, stepMilli: true, stockMilli: true, status: true,
              coverMedia: { select: mediaSelect },
              farm: { select: { id: true, name: true, slug: true, status: true, offersPickup: true, offersDelivery: true } },
            },
          },
        },
      })
    : [];
  const farms = new Map<string, { farm: (typeof items)[number]["product"]["farm"]; lines: Array<ReturnType<typeof toLine>>; subtotalVnd: number }>();
  function toLine(it: (typeof items)[number]) {
    const p = it.product;
    const available = p.status === "ACTIVE" && p.farm.status === "ACTIVE" && it.quantityMilli <= p.stockMilli;
    return {
      productId: p.id, slug: p.slug, name: p.name, unit: p.unit, priceVnd: p.priceVnd, soldByWeight: p.soldByWeight, stepMilli: p.stepMilli,
      stockMilli: p.stockMilli, quantityMilli: it.quantityMilli, lineTotalVnd: lineTotal(p.priceVnd, it.quantityMilli), available, image: mediaView(p.coverMedia),
    };
  }
  for (const it of items) {
    const entry = farms.get(it.product.farm.id) ?? { farm: it.product.farm, lines: [], subtotalVnd: 0 };
    const line = toLine(it);
    entry.lines.push(line);
    if (line.available) entry.subtotalVnd += line.lineTotalVnd;
    farms.set(it.product.farm.id, entry);
  }
  const groups = [...farms.values()];
  return { groups, totalVnd: groups.reduce((s, g) => s + g.subtotalVnd, 0), count: items.length };
}

/** Whole đồng: price per unit × quantity in thousandths, rounded half up. */
export function lineTotal(priceVnd: number, quantityMilli: number): number {
  return Math.round((priceVnd * quantityMilli) / 1000);
}

/**
 * How many items the visitor's cart holds: every page's header shows it, so one plain SQL
 * statement (a third of the time through Prisma's query compiler, ADR 013).
 */
export async function visitorCartCount(request: Request, userId: string | null): Promise<number> {
  const count = (rows: Array<{ n: number | bigint }>) => Number(rows[0]?.n ?? 0);
  if (userId) return count(await hotRead`SELECT COUNT(*) AS n FROM "CartItem" i JOIN "Cart" c ON c."id" = i."cartId" WHERE c."userId" = ${userId}`);
  const id = await guestCartId(request);
  return id ? count(await hotRead`SELECT COUNT(*) AS n FROM "CartItem" i JOIN "Cart" c ON c."id" = i."cartId" WHERE c."id" = ${id} AND c."userId" IS NULL`) : 0;
}
