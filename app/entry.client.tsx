import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "~/modules/i18n/i18n";

async function hydrate() {
  // The server rendered <html lang>; the browser loads that language's dictionary only (its own
  // small chunk: changing language reloads the page through /resources/locale).
  const lng = document.documentElement.lang === "en" ? "en" : "vi";
  const common = lng === "en" ? (await import("~/modules/i18n/locales/en")).en : (await import("~/modules/i18n/locales/vi")).vi;
  await i18next.use(initReactI18next).init({ ...i18nConfig, resources: { [lng]: { common } }, lng });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
