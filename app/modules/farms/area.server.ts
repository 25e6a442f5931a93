// The buyer's area (a commune of the province), remembered in a cookie so the home page can show
// farms nearby. A preference like the language, not an identity: no account needed.
import { createCookie } from "@remix-run/node";
import { z } from "zod";

export const areaCookie = createCookie("cn_area", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
const AreaSchema = z.string().regex(/^\d{1,10}$/);

/** `?area=<commune code>` (chosen now; "" clears it) or the remembered one; `set` is a Set-Cookie header when it changed. */
export async function readArea(request: Request, known: ReadonlySet<string>): Promise<{ area: string | null; set: string | null }> {
  const param = new URL(request.url).searchParams.get("area");
  if (param !== null) {
    const area = AreaSchema.safeParse(param).success && known.has(param) ? param : null;
    return { area, set: await areaCookie.serialize(area ?? "", area ? {} : { maxAge: 0 }) };
  }
  const saved = await areaCookie.parse(request.headers.get("Cookie"));
  return { area: typeof saved === "string" && known.has(saved) ? saved : null, set: null };
}
