// What each member of a farm may do (ADR 015). Shared by the server, which puts the roles into
// every query's where clause, and the UI, which hides what a role cannot do. Changing the farm's
// money (bank account), its people (members, roles, invitations) and its identity (name, address
// on the web, phone buyers call) is the owner's alone; a manager runs the shop; staff handle
// orders and stock. A helper (a commune's digital team, ADR 017) assists a household it signed up:
// photos, products, stock and orders — never the money, the people or the farm's identity — until
// the household ends it.
import type { Prisma } from "~/utils/db.server";

export const FARM_ROLES = ["OWNER", "MANAGER", "STAFF", "HELPER"] as const;
export type FarmRole = (typeof FARM_ROLES)[number];

export const FARM_ACTIONS = {
  /** see the farm's products and orders */
  "farm:view": ["OWNER", "MANAGER", "STAFF", "HELPER"],
  /** the account buyers pay into */
  "farm:bank": ["OWNER"],
  /** the record of sensitive changes (audit.server.ts) */
  "farm:audit": ["OWNER"],
  /** add and remove members, change their roles, invite */
  "farm:members": ["OWNER"],
  /** name, web address (slug), the phone shown to buyers */
  "farm:identity": ["OWNER"],
  /** story, address, commune, pick-up/delivery, photos, cover, certificates */
  "farm:profile": ["OWNER", "MANAGER", "HELPER"],
  /** create and edit products: names, prices, publishing, photos */
  "product:edit": ["OWNER", "MANAGER", "HELPER"],
  /** change a product's stock (a harvest came in, some spoiled) */
  "product:stock": ["OWNER", "MANAGER", "STAFF", "HELPER"],
  /** move an order along: confirm, pack, ship, ready, delivered; cancel an unpaid one; weigh an unpaid one */
  "order:handle": ["OWNER", "MANAGER", "STAFF", "HELPER"],
  /** anything that moves money: mark a transfer received, cancel or weigh a paid order, confirm a refund */
  "order:money": ["OWNER", "MANAGER"],
  /** sales figures, forecasts and the CSV export */
  "sales:read": ["OWNER", "MANAGER"],
} as const satisfies Record<string, readonly FarmRole[]>;
export type FarmAction = keyof typeof FARM_ACTIONS;

export function isFarmRole(value: unknown): value is FarmRole {
  return typeof value === "string" && (FARM_ROLES as readonly string[]).includes(value);
}

export function farmRoleCan(role: string | null | undefined, action: FarmAction): boolean {
  return isFarmRole(role) && (FARM_ACTIONS[action] as readonly string[]).includes(role);
}

/** The where clause "this user is a member of the farm whose role may do `action`". */
export function farmWhereCan(userId: string, action: FarmAction): Prisma.FarmWhereInput {
  return { members: { some: { userId, role: { in: [...FARM_ACTIONS[action]] } } } };
}

/** Every action a role may do (what the UI shows). */
export function farmAbilities(role: string | null | undefined): Record<FarmAction, boolean> {
  return Object.fromEntries(Object.keys(FARM_ACTIONS).map((a) => [a, farmRoleCan(role, a as FarmAction)])) as Record<FarmAction, boolean>;
}
