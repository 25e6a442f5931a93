import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { getUser } from "~/modules/auth/auth.server";
import { visitorCartCount } from "~/modules/cart/cart.server";
import { hasPermission } from "~/modules/auth/permissions";
import { readFlash } from "~/utils/flash.server";
import { i18next } from "~/modules/i18n/i18next.server";
import type { Locale } from "~/modules/i18n/i18n";
import { useNonce } from "~/modules/security/nonce";
import "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale, { flash, clear }] = await Promise.all([getUser(request), i18next.getLocale(request), readFlash(request)]);
  const body = {
    locale: locale as Locale,
    cartCount: await visitorCartCount(request, user?.id ?? null),
    // only what the header needs: no name or id in every page's HTML (and pages of users with the
    // same role, language and cart count render the same, app/utils/render-cache.server.ts)
    user: user ? { role: user.role } : null,
    // a one-time message after a redirect (app/utils/flash.server.ts), shown once then cleared
    flash,
  };
  return clear ? data(body, { headers: { "Set-Cookie": clear } }) : body;
}

export const handle = { i18n: "common" };

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const locale = data?.locale ?? "vi";
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#24622e" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const next = locale === "vi" ? "en" : "vi";
  return (
    <Form method="post" action="/resources/locale" className="inline" reloadDocument>
      <input type="hidden" name="lng" value={next} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button
        type="submit"
        lang={next}
        className="rounded-full border border-white/40 px-3 py-1 text-sm font-medium text-white hover:bg-white/10"
        aria-label={`${t("nav.language")}: ${t("nav.switchTo")}`}
      >
        {t("nav.switchTo")}
      </button>
    </Form>
  );
}

function Header() {
  const { t } = useTranslation();
  const data = useRootData();
  const user = data?.user ?? null;
  return (
    <header className="bg-leaf-700 text-white print:hidden">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2 focus:text-black">
        {t("app.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold no-underline">
          <img src="/favicon.svg" width={28} height={28} alt="" />
          {t("app.name")}
        </Link>
        <div className="ml-auto flex items-center gap-2">
          <LanguageSwitch locale={data?.locale ?? "vi"} />
          {user ? (
            <Link to="/account" className="rounded-full bg-white/15 px-3 py-1 text-sm font-medium no-underline hover:bg-white/25">
              {t("nav.account")}
            </Link>
          ) : (
            <Link to="/login" className="rounded-full bg-white px-3 py-1 text-sm font-semibold text-leaf-800 no-underline">
              {t("nav.login")}
            </Link>
          )}
        </div>
      </div>
      <nav aria-label={t("nav.menu")} className="mx-auto flex max-w-5xl flex-wrap gap-x-4 gap-y-1 px-4 pb-2 text-sm">
        <Link to="/" className="whitespace-nowrap text-white/90 hover:text-white">{t("nav.home")}</Link>
        <Link to="/farms" className="whitespace-nowrap text-white/90 hover:text-white">{t("nav.farms")}</Link>
        <Link to="/cart" className="whitespace-nowrap text-white/90 hover:text-white">{t("cart.link", { count: data?.cartCount ?? 0 })}</Link>
        {user ? <Link to="/orders" className="whitespace-nowrap text-white/90 hover:text-white">{t("orders.title")}</Link> : null}
        {hasPermission(user, "read:seller-dashboard") ? (
          <>
            <Link to="/seller" className="whitespace-nowrap text-white/90 hover:text-white">{t("nav.seller")}</Link>
            <Link to="/seller/orders" className="whitespace-nowrap text-white/90 hover:text-white">{t("orders.inbox")}</Link>
          </>
        ) : null}
        {hasPermission(user, "assist:household") ? (
          <Link to="/helper" className="whitespace-nowrap text-white/90 hover:text-white">{t("nav.helper")}</Link>
        ) : null}
        {hasPermission(user, "read:department-dashboard") ? (
          <Link to="/department" className="whitespace-nowrap text-white/90 hover:text-white">{t("nav.department")}</Link>
        ) : null}
        {hasPermission(user, "read:admin") ? (
          <Link to="/admin" className="whitespace-nowrap text-white/90 hover:text-white">{t("nav.admin")}</Link>
        ) : null}
        {!user ? (
          <Link to="/signup" className="whitespace-nowrap text-white/90 hover:text-white">{t("nav.signup")}</Link>
        ) : null}
      </nav>
    </header>
  );
}

function FlashMessage() {
  const flash = useRootData()?.flash;
  const { t } = useTranslation();
  if (!flash) return null;
  const warn = flash.key.startsWith("publishBlocked") || flash.key.startsWith("stock");
  return (
    <p role="status" className={`mx-auto mb-4 max-w-lg rounded-lg p-3 text-sm font-medium ${warn ? "bg-amber-50 text-amber-900 ring-1 ring-amber-200" : "bg-leaf-100 text-leaf-800"}`}>
      {t(`flash.${flash.key}`, flash.values)}
      {flash.key === "addedToCart" ? (
        <>
          {" "}
          <Link to="/cart" className="font-semibold">{t("cart.title")} →</Link>
        </>
      ) : null}
      {flash.key === "publishBlocked" ? (
        <>
          {" "}
          <Link to="/account/phone" className="font-semibold text-leaf-800 underline">{t("productForm.verifyPhone")}</Link>
        </>
      ) : null}
      {flash.key === "publishBlockedIdentity" ? (
        <>
          {" "}
          <Link to="/account/identity" className="font-semibold text-leaf-800 underline">{t("identity.verifyLink")}</Link>
        </>
      ) : null}
    </p>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <Header />
      <main id="main" className="mx-auto max-w-5xl px-4 py-5">
        <FlashMessage />
        {children}
      </main>
      <footer className="mx-auto max-w-5xl px-4 py-8 text-sm text-stone-500 print:hidden">{t("app.footer")}</footer>
    </>
  );
}

export default function App() {
  const data = useRootData();
  useChangeLanguage(data?.locale ?? "vi");
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let message = t("errors.server");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 404) message = t("errors.notFound");
    else if (status === 403) message = t("errors.forbidden");
    else if (status === 413) message = t("errors.requestTooLarge");
    else if (status >= 400 && status < 500) message = t("errors.badRequest"); // a form no page sends, an unknown intent…
  } else {
    console.error(error);
  }
  return (
    <Shell>
      <div className="rounded-xl bg-white p-6 shadow-sm">
        <h1 className="text-xl font-bold">{t("errors.title")} ({status})</h1>
        <p className="mt-2">{message}</p>
        <Link to="/" className="mt-4 inline-block font-semibold text-leaf-700">{t("errors.backHome")}</Link>
      </div>
    </Shell>
  );
}
