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
  // 50 buyers, one per connection, so that carts are not one row everybody writes
  async function buyers(client: typeof db, cookie: (email: string) => Promise<string>) {
    const { hashPassword } = await import("../app/modules/auth/password.server");
    const passwordHash = await hashPassword("bench-password-1");
    const out: string[] = [];
    for (let i = 0; i < 50; i++) {
      const email = `bench-buyer-${i}@chonong.test`;
      await client.user.upsert({ where: { email }, create: { email, name: `Người mua ${i}`, passwordHash }, update: {} });
      out.push(await cookie(email));
    }
    return out;
  }
  const farm = await db.farm.findUniqueOrThrow({ where: { slug: "vuon-sau-rieng-ut-ha" }, select: { id: true, slug: true } });
  const product = await db.product.findFirstOrThrow({ where: { farmId: farm.id, status: "ACTIVE", stockMilli: { gt: 1_000_000 } }, select: { id: true, slug: true } }).catch(() =>
    db.product.findFirstOrThrow({ where: { farmId: farm.id, status: "ACTIVE" }, orderBy: { stockMilli: "desc" }, select: { id: true, slug: true } }),
  );
  // add-to-cart adds one unit per request: the 50 buyers' lines must not reach the stock within the run
  await db.product.update({ where: { id: product.id }, data: { stockMilli: 10_000_000 } });
  const ctx: BenchContext = {
    productSlug: product.slug, productId: product.id, farmSlug: farm.slug,
    buyerCookies: await buyers(db, cookieFor), farmerCookie: await cookieFor("farmer@chonong.vn"), officerCookie: await cookieFor("officer@chonong.vn"),
    sellerDashboardPath: `/seller/farms/${farm.id}/sales`, departmentDashboardPath: "/department",
    sizes: { farms: await db.farm.count(), products: await db.product.count(), orderLines: await db.orderLine.count() },
  };
  await db.$disconnect();
  return ctx;
}
