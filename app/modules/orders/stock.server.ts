import type { Tx } from "~/utils/db.server";

/**
 * Puts a farm order's quantities back on the shelf (inside the caller's transaction), in
 * product-id order like checkout takes them, so the two never wait for each other in a cycle.
 */
export async function returnStock(tx: Tx, farmOrderId: string): Promise<void> {
  const lines = await tx.orderLine.findMany({ where: { farmOrderId }, select: { productId: true, quantityMilli: true } });
  lines.sort((x, y) => (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0)); // as checkout compares them
  for (const l of lines) await tx.product.update({ where: { id: l.productId }, data: { stockMilli: { increment: l.quantityMilli } } });
}
