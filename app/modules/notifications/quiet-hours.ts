// Quiet hours: 22:00–06:00 in Vietnam (UTC+7 all year, no daylight saving). A message that is not
// urgent waits until 06:00; codes and security notices go at once (ADR 014).
export const QUIET_START_HOUR = 22;
export const QUIET_END_HOUR = 6;
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** True when `now` falls in 22:00–06:00 Vietnam time. */
export function inQuietHours(now: Date): boolean {
  const hour = new Date(now.getTime() + VN_OFFSET_MS).getUTCHours();
  return hour >= QUIET_START_HOUR || hour < QUIET_END_HOUR;
}

/** When a message written at `now` may be sent. */
export function sendableFrom(now: Date, { quietHours, urgent }: { quietHours: boolean; urgent: boolean }): Date {
  if (urgent || !quietHours || !inQuietHours(now)) return now;
  const local = new Date(now.getTime() + VN_OFFSET_MS);
  const sixToday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), QUIET_END_HOUR) - VN_OFFSET_MS;
  return new Date(local.getUTCHours() < QUIET_END_HOUR ? sixToday : sixToday + 24 * HOUR);
}
