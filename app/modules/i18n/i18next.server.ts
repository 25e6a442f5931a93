import { createCookie } from "@remix-run/node";
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
