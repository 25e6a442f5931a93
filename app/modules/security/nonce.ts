// The request's CSP nonce for the few components that render inline scripts (<Scripts>,
// <ScrollRestoration>). Set by entry.server.tsx; in the browser it is "" (browsers hide nonces
// from the DOM, so hydration sees "" there too).
import { createContext, useContext } from "react";

const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
