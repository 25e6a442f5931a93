// The onboarding funnel's steps, in order (ADR 017): shared by the server and the pages.
export const FUNNEL_STEPS = ["invited", "confirmed", "farm", "product", "sale", "active"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
