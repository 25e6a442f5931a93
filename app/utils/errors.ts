// One typed error for what a person did wrong or cannot do, and the one table mapping its code to
// an HTTP status (ADR 015). The code is also the key of its localised message: `errors.<code>` in
// app/modules/i18n/locales (ErrorList shows it). Modules return `{ ok: false, error: code }` or
// throw a DomainError; routes answer with `statusOf(code)` instead of writing the status by hand.
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    readonly detail?: string,
  ) {
    super(code);
    this.name = "DomainError";
  }
}

/** HTTP status per error code; anything not listed is a plain 400 (the form says what is wrong). */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  // not yours, or not there: the same answer, so ids cannot be probed
  notYours: 404,
  notFound: 404,
  // yours, but your role cannot (farm roles, ADR 015)
  notAllowed: 403,
  ownerOnly: 403,
  forbidden: 403,
  // the world changed under the form: look again
  outOfStock: 409,
  pricesChanged: 409,
  stockChanged: 409,
  staleStatus: 409,
  illegalTransition: 409,
  alreadyWeighed: 409,
  notWeighable: 409,
  nothingOwed: 409,
  nothingToPay: 409,
  // slow down
  tooManyAttempts: 429,
  tooManyOrders: 429,
  tooManyReports: 429,
  tooManyCodes: 429,
  // too big
  requestTooLarge: 413,
  // a provider we need is not there
  codeUnavailable: 503,
};

export function statusOf(code: string): number {
  return ERROR_STATUS[code] ?? 400;
}
