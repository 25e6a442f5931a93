import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser, updateLocale } from "~/modules/auth/auth.server";
import { defaultLocale, isLocale } from "~/modules/i18n/i18n";
import { localeCookie } from "~/modules/i18n/i18next.server";
import { readForm, safeRedirect } from "~/utils/http.server";

// Switches the language (a plain form POST, so it works with JavaScript off) and remembers it:
// in a cookie for everyone, and on the account when logged in.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lng = form.get("lng");
  const locale = isLocale(lng) ? lng : defaultLocale;
  const user = await getUser(request);
  if (user && user.locale !== locale) await updateLocale(user.id, locale);
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export function loader() {
  return redirect("/");
}
