// Roles and what they may do. Permission strings read "<action>:<entity>[:<scope>]".
// `requirePermission` (auth.server.ts) enforces them on the server; `hasPermission` only hides UI.
export const ROLES = ["BUYER", "FARMER", "HELPER", "OFFICER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

const FARMER = [
  "read:account:own", "update:account:own", "create:order", "read:order:own",
  "create:farm", "update:farm:own", "create:product:own", "update:product:own", "read:seller-dashboard",
] as const;

export const PERMISSIONS = {
  BUYER: ["read:account:own", "update:account:own", "create:order", "read:order:own"],
  FARMER,
  // a member of a commune's community digital technology team or a cooperative's staff (ADR 017):
  // a farmer's own pages (for farms it assists, roles.ts HELPER) and the households of its communes
  HELPER: [...FARMER, "assist:household", "import:households"],
  OFFICER: [
    "read:account:own", "update:account:own", "read:department-dashboard", "export:department-data",
    "manage:helpers", "import:households", "confirm:household-import", "read:onboarding", "verify:seller",
  ],
  ADMIN: [
    "read:account:own", "update:account:own", "read:department-dashboard", "export:department-data",
    "manage:helpers", "import:households", "confirm:household-import", "read:onboarding", "verify:seller",
    "read:admin", "update:farm:any", "update:product:any", "update:user:any", "refund:order:any", "retry:notification:any", "purge:cache:any",
  ],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof PERMISSIONS)[Role][number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasPermission(user: { role: string } | null | undefined, permission: Permission): boolean {
  if (!user || !isRole(user.role)) return false;
  return (PERMISSIONS[user.role] as readonly string[]).includes(permission);
}
