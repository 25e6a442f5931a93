import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/auth.server";
import { checkoutRateLimit } from "~/modules/auth/rate-limit.server";
import { startCardPayment } from "~/modules/payments/card.server";
import { env } from "~/utils/env.server";
import { redactForLog } from "~/modules/security/log.server";
import { clientIp } from "~/utils/http.server";

// "Pay by card" for the card parts of one's own order: to the provider's hosted page.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:order:own");
  const orderId = params.orderId ?? "";
  if ((await checkoutRateLimit({ userId: user.id, ip: clientIp(context) })) > 0) return redirect(`/orders/${encodeURIComponent(orderId)}?card=tooManyOrders`);
  const res = await startCardPayment({ orderId, userId: user.id, origin: env.PUBLIC_URL }).catch((e) => {
    console.warn(redactForLog(`card checkout could not start: ${(e as Error).message}`));
    return { ok: false as const, error: "paymentUnavailable" as const };
  });
  if (!res.ok && res.error === "notYours") throw new Response("Not found", { status: 404 });
  if (!res.ok) return redirect(`/orders/${encodeURIComponent(orderId)}?card=${res.error}`);
  return redirect(res.url);
}
