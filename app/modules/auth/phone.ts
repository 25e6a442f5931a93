// Vietnamese phone numbers, normalised to E.164 (+84…).
// Mobile: 10 digits starting 03, 05, 07, 08 or 09 (after the 2018 renumbering);
// landline: 11 digits starting 02 (area code 2xx).
const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{9}$/;

/** "0912 345 678", "+84 912-345-678", "84912345678", "(+84) 912.345.678" -> "+84912345678"; else null. */
export function normalizeVnPhone(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, "");
  if (!/^\+?\d+$/.test(compact)) return null;
  let national: string;
  if (compact.startsWith("+84")) national = "0" + compact.slice(3);
  else if (compact.startsWith("84") && compact.length >= 11) national = "0" + compact.slice(2);
  else national = compact;
  if (national.startsWith("00")) return null;
  if (!MOBILE.test(national) && !LANDLINE.test(national)) return null;
  return "+84" + national.slice(1);
}

/** A normalised number (+84…) that is a mobile: codes, SMS and Zalo reach it (a landline they do not). */
export function isVnMobile(e164: string): boolean {
  return /^\+84[35789]\d{8}$/.test(e164);
}

/** "+84912345678" -> "0912 345 678" for display. */
export function formatVnPhone(e164: string): string {
  if (!e164.startsWith("+84")) return e164;
  const n = "0" + e164.slice(3);
  return n.length === 10 ? `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}` : `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
}

/** Looks like a phone number attempt (digits, spaces, +, dots…) rather than an email. */
export function looksLikePhone(input: string): boolean {
  return /^[+\d\s.\-()]+$/.test(input.trim());
}
