import { db } from "~/utils/db.server";

export async function checkDatabase(): Promise<boolean> {
  try {
    await db.user.count({ take: 1 });
    return true;
  } catch (e) {
    console.error("healthcheck: database query failed", e);
    return false;
  }
}
