import type { Tx } from "~/utils/db.server";

/** Puts a farm order's quantities back on the shelf (inside the caller's transaction). */
export async function returnStock(tx: Tx, farmOrderId: string): Promise<void> {
  const lines = await tx.orderLine.findMany({ where: { farmOrderId }, select: { productId: true, quantityMilli: true } });
  for (const l of lines) await tx.product.update({ where: { id: l.productId }, data: { stockMilli: { increment: l.quantityMilli } } });
}
