import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { secureCookies } from "~/utils/env.server";
import { defaultLocale, i18nConfig, resources, supportedLngs } from "./i18n";

/** Remembers the chosen language for a year (anonymous visitors too). */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: secureCookies,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLngs],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    // Only an explicit choice switches away from Vietnamese: the product's audience reads
    // Vietnamese even when a phone's browser is set to English.
    order: ["searchParams", "cookie"],
    searchParamKey: "lng",
  },
  i18next: { ...i18nConfig, resources },
});

// One initialised i18next instance per language for the whole process: creating and initialising
// one per request was a visible cost under load. Renders only read from it (nobody calls
// changeLanguage on a shared instance), so concurrent requests can share it.
const instances = new Map<string, Promise<I18n>>();
export function i18nFor(lng: string): Promise<I18n> {
  const locale = (supportedLngs as readonly string[]).includes(lng) ? lng : defaultLocale;
  let p = instances.get(locale);
  if (!p) {
    const instance = createInstance();
    instances.set(locale, (p = instance.use(initReactI18next).init({ ...i18nConfig, resources, lng: locale }).then(() => instance)));
  }
  return p;
}

/** `t` in the request's language, for loaders and meta. */
export async function fixedT(request: Request) {
  return (await i18nFor(await i18next.getLocale(request))).getFixedT(null, "common");
}
