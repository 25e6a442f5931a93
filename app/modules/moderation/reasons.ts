// Why someone reports a listing (shared by the report form and the server).
export const REPORT_REASONS = ["FAKE", "WRONG_PRICE", "UNSAFE", "OFFENSIVE", "OTHER"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
