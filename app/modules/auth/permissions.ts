// Roles and what they may do. Permission strings read "<action>:<entity>[:<scope>]".
// `requirePermission` (auth.server.ts) enforces them on the server; `hasPermission` only hides UI.
export const ROLES = ["BUYER", "FARMER", "OFFICER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  BUYER: ["read:account:own", "update:account:own", "create:order", "read:order:own"],
  FARMER: [
    "read:account:own", "update:account:own", "create:order", "read:order:own",
    "create:farm", "update:farm:own", "create:product:own", "update:product:own", "read:seller-dashboard",
  ],
  OFFICER: ["read:account:own", "update:account:own", "read:department-dashboard", "export:department-data"],
  ADMIN: [
    "read:account:own", "update:account:own", "read:department-dashboard", "export:department-data",
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
