// bench/http's small data set: the demo province as `npm start` seeds it (scripts/setup.ts runs
// first), plus sessions for the demo buyer, farmer and officer.
import type { BenchContext } from "./http";

export async function prepare(env: Record<string, string | undefined>): Promise<BenchContext> {
  Object.assign(process.env, env);
  const { db } = await import("../app/utils/db.server");
  const { createSession, commitSessionCookie } = await import("../app/modules/auth/session.server");
  const cookieFor = async (email: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    return (await commitSessionCookie((await createSession({ userId: user.id })).token)).split(";")[0];
  };
  const farm = await db.farm.findUniqueOrThrow({ where: { slug: "vuon-sau-rieng-ut-ha" }, select: { id: true, slug: true } });
  const product = await db.product.findFirstOrThrow({ where: { farmId: farm.id, status: "ACTIVE", stockMilli: { gt: 1_000_000 } }, select: { id: true, slug: true } }).catch(() =>
    db.product.findFirstOrThrow({ where: { farmId: farm.id, status: "ACTIVE" }, orderBy: { stockMilli: "desc" }, select: { id: true, slug: true } }),
  );
  const ctx: BenchContext = {
    productSlug: product.slug, productId: product.id, farmSlug: farm.slug,
    buyerCookie: await cookieFor("buyer@chonong.vn"), farmerCookie: await cookieFor("farmer@chonong.vn"), officerCookie: await cookieFor("officer@chonong.vn"),
    sellerDashboardPath: "/seller", departmentDashboardPath: "/department",
    sizes: { farms: await db.farm.count(), products: await db.product.count(), orderLines: await db.orderLine.count() },
  };
  await db.$disconnect();
  return ctx;
}
