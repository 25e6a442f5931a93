// Shared i18next options (server and browser). Vietnamese is the default; English the second.
import { en } from "./locales/en";
import { vi } from "./locales/vi";

export const supportedLngs = ["vi", "en"] as const;
export type Locale = (typeof supportedLngs)[number];
export const defaultLocale: Locale = "vi";

export const resources = { vi: { common: vi }, en: { common: en } };

export const i18nConfig = {
  supportedLngs: [...supportedLngs],
  fallbackLng: defaultLocale,
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false }, // React escapes
  react: { useSuspense: false },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (supportedLngs as readonly string[]).includes(value);
}
