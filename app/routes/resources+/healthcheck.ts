import { checkDatabase } from "~/modules/health/health.server";

// For load balancers and orchestrators: 200 when this process can query its database.
export async function loader() {
  const ok = await checkDatabase();
  return new Response(ok ? "OK" : "DATABASE UNAVAILABLE", {
    status: ok ? 200 : 503,
    headers: { "Cache-Control": "no-store", "Content-Type": "text/plain" },
  });
}
