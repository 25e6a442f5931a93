import { describe, expect, it } from "vitest";
import { hasPermission, PERMISSIONS, ROLES } from "./permissions";

describe("permissions", () => {
  it("gives the department's dashboard to officers and admins only", () => {
    expect(ROLES.filter((role) => hasPermission({ role }, "read:department-dashboard"))).toEqual(["OFFICER", "ADMIN"]);
  });

  it("lets only farmers (and helpers, for the farms they assist) edit farms and products", () => {
    expect(ROLES.filter((role) => hasPermission({ role }, "update:product:own"))).toEqual(["FARMER", "HELPER"]);
  });

  it("lets officers and admins manage helpers and confirm imports; helpers assist and import", () => {
    expect(ROLES.filter((role) => hasPermission({ role }, "manage:helpers"))).toEqual(["OFFICER", "ADMIN"]);
    expect(ROLES.filter((role) => hasPermission({ role }, "confirm:household-import"))).toEqual(["OFFICER", "ADMIN"]);
    expect(ROLES.filter((role) => hasPermission({ role }, "assist:household"))).toEqual(["HELPER"]);
    expect(ROLES.filter((role) => hasPermission({ role }, "import:households"))).toEqual(["HELPER", "OFFICER", "ADMIN"]);
  });

  it("denies unknown roles and anonymous visitors", () => {
    expect(hasPermission(null, "read:account:own")).toBe(false);
    expect(hasPermission({ role: "SUPERUSER" }, "read:admin")).toBe(false);
  });

  it("gives every role its own account", () => {
    for (const role of ROLES) expect(PERMISSIONS[role]).toContain("read:account:own");
  });
});
