import { describe, expect, it } from "vitest";
import { en } from "~/modules/i18n/locales/en";
import { vi } from "~/modules/i18n/locales/vi";
import { DomainError, ERROR_STATUS, statusOf } from "./errors";

describe("DomainError and its statuses", () => {
  it("maps codes to statuses, 400 by default", () => {
    expect(statusOf("notYours")).toBe(404);
    expect(statusOf("ownerOnly")).toBe(403);
    expect(statusOf("pricesChanged")).toBe(409);
    expect(statusOf("somethingNew")).toBe(400);
    expect(new DomainError("outOfStock", "Bưởi").detail).toBe("Bưởi");
  });

  it("every code in the table has a message in both languages", () => {
    const missing = Object.keys(ERROR_STATUS).filter((c) => !(c in (vi.errors as Record<string, string>)) || !(c in (en.errors as Record<string, string>)));
    expect(missing).toEqual([]);
  });
});
