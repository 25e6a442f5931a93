import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, resources } from "~/modules/i18n/i18n";

async function hydrate() {
  // The server rendered <html lang>; the browser starts in the same language, resources bundled
  // (both languages are a few KB), so hydration needs no extra request on slow mobile data.
  await i18next.use(initReactI18next).init({ ...i18nConfig, resources, lng: document.documentElement.lang || "vi" });
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
