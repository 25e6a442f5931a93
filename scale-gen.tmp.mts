process.env.SQLITE_FILE = "/tmp/scale/app.db";
const { db } = await import("/work/main/app/utils/db.server");
const { generateAnalyticsData } = await import("/work/main/bench/analytics-data");
const d = await generateAnalyticsData(db, {});
await db.$executeRawUnsafe("ANALYZE");
const { createSession, commitSessionCookie } = await import("/work/main/app/modules/auth/session.server");
const c = async (userId: string) => (await commitSessionCookie((await createSession({ userId })).token)).split(";")[0];
console.log(JSON.stringify({ officer: await c(d.officerId), farmer: await c(d.busiestFarm.ownerId), farm: d.busiestFarm.id }));
await db.$disconnect();
