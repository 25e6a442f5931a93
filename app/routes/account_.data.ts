// "Tải dữ liệu của tôi" (ADR 019): one ZIP with everything the platform holds about the person who
// asks (app/modules/privacy/export.server.ts). Only for oneself; a few times an hour.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/auth.server";
import { consume } from "~/modules/auth/rate-limit.server";
import { exportUserData, userDataZip } from "~/modules/privacy/export.server";

const EXPORTS_PER_HOUR = { max: 5, windowMs: 3_600_000 };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:account:own");
  const wait = await consume([[`data-export:${user.id}`, EXPORTS_PER_HOUR]]);
  if (wait > 0) return new Response("Too many downloads: try again later.", { status: 429, headers: { "Retry-After": String(Math.ceil(wait / 1000)), "Cache-Control": "no-store" } });
  const data = await exportUserData(user.id);
  if (!data) throw new Response("Not found", { status: 404 });
  const day = data.generatedAt.slice(0, 10);
  return new Response(Uint8Array.from(userDataZip(data)), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="cho-nong-du-lieu-cua-toi-${day}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}
