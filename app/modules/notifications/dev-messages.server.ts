// /dev/messages (development only): the messages the app would have sent, as their recipients
// would read them — codes included, since nothing leaves the machine.
import { db } from "~/utils/db.server";
import { devMessagesEnabled } from "./registry.server";
import { renderNotification } from "./texts.server";

export async function listDevMessages({ take = 50 }: { take?: number } = {}) {
  if (!devMessagesEnabled()) return null;
  const rows = await db.notification.findMany({
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, kind: true, params: true, locale: true, link: true, phone: true, email: true, status: true, plan: true, notBefore: true, createdAt: true, deliveries: { select: { channel: true, status: true }, orderBy: { createdAt: "asc" } } },
  });
  return Promise.all(rows.map(async (n) => {
    const text = await renderNotification(n);
    const channel = n.deliveries.at(-1)?.channel ?? n.plan.split(",")[0] ?? "";
    return { id: n.id, kind: n.kind, status: n.status, channel, to: channel === "EMAIL" ? n.email : n.phone, title: text.title, body: channel === "SMS" ? text.sms : text.body, notBefore: n.notBefore, createdAt: n.createdAt };
  }));
}
