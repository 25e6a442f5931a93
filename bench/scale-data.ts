// bench/http's large data set: bench/analytics-data.ts's province (10,000 farms, 100,000
// products, 1,000,000 order lines) in the bench's database, plus sessions for buyers, the
// busiest farm's owner and the officer.
import type { BenchContext } from "./http";

export async function prepare(env: Record<string, string | undefined>): Promise<BenchContext> {
  Object.assign(process.env, env);
  const { db } = await import("../app/utils/db.server");
  const { generateAnalyticsData } = await import("./analytics-data");
  const { createSession, commitSessionCookie } = await import("../app/modules/auth/session.server");
  const cookieFor = async (userId: string) => (await commitSessionCookie((await createSession({ userId })).token)).split(";")[0];
  const t0 = performance.now();
  const data = await generateAnalyticsData(db, { log: (m) => console.log(`  ${m}`) });
  await db.$executeRawUnsafe("ANALYZE");
  console.log(`scale data: ${JSON.stringify(data.counts)} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const farm = await db.farm.findUniqueOrThrow({ where: { id: data.busiestFarm.id }, select: { slug: true } });
  const product = await db.product.findFirstOrThrow({ where: { farmId: data.busiestFarm.id, status: "ACTIVE" }, orderBy: { stockMilli: "desc" }, select: { id: true, slug: true } });
  // add-to-cart adds one unit per request: the 50 buyers' lines must not reach the stock within the run
  await db.product.update({ where: { id: product.id }, data: { stockMilli: 10_000_000 } });
  const buyers = await db.user.findMany({ where: { role: "BUYER" }, select: { id: true }, take: 50, orderBy: { id: "asc" } });
  const ctx: BenchContext = {
    productSlug: product.slug, productId: product.id, farmSlug: farm.slug,
    buyerCookies: await Promise.all(buyers.map((b) => cookieFor(b.id))),
    farmerCookie: await cookieFor(data.busiestFarm.ownerId),
    officerCookie: await cookieFor(data.officerId),
    sellerDashboardPath: `/seller/farms/${data.busiestFarm.id}/sales`,
    departmentDashboardPath: "/department",
    sizes: { farms: data.counts.farms, products: data.counts.products, orderLines: data.counts.lines },
  };
  await db.$disconnect();
  return ctx;
}
