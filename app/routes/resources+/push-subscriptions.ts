// The browser's Web Push subscription for the logged-in person (account_.notifications.tsx posts
// it as JSON after PushManager.subscribe). GET gives the VAPID public key to subscribe with.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/modules/auth/auth.server";
import { acceptablePushEndpoint, deletePushSubscription, savePushSubscription } from "~/modules/notifications/preferences.server";
import { vapidKeys } from "~/modules/notifications/vapid.server";
import { parseJsonBody } from "~/utils/http.server";

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/).max(200);
const Body = z.discriminatedUnion("action", [
  z.object({ action: z.literal("subscribe"), subscription: z.object({ endpoint: z.string().max(2048), keys: z.object({ p256dh: base64url, auth: base64url }) }) }),
  z.object({ action: z.literal("unsubscribe"), endpoint: z.string().max(2048) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "update:account:own");
  return Response.json({ publicKey: (await vapidKeys()).publicKey }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:account:own");
  const raw = await request.text();
  if (raw.length > 4096) return Response.json({ error: "requestTooLarge" }, { status: 413 });
  let json: unknown;
  try {
    json = parseJsonBody(raw);
  } catch {
    return Response.json({ error: "invalid" }, { status: 400 });
  }
  const parsed = Body.safeParse(json);
  if (!parsed.success) return Response.json({ error: "invalid" }, { status: 400 });
  if (parsed.data.action === "unsubscribe") {
    await deletePushSubscription({ userId: user.id, endpoint: parsed.data.endpoint });
    return Response.json({ ok: true });
  }
  const { endpoint, keys } = parsed.data.subscription;
  if (!acceptablePushEndpoint(endpoint)) return Response.json({ error: "pushServiceUnknown" }, { status: 400 });
  await savePushSubscription({ userId: user.id, endpoint, p256dh: keys.p256dh, auth: keys.auth, userAgent: request.headers.get("User-Agent") });
  return Response.json({ ok: true });
}
