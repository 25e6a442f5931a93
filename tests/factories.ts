// One set of factories for tests and for the seed (prisma/seed.ts). Each takes the Prisma client
// explicitly, so a test can aim it at any engine, and a deterministic `rng` when it makes choices.
import type { Db } from "../app/utils/db.server";
import { foldVietnamese, productSearchText, slugify } from "../app/modules/catalog/text";

/** mulberry32: small, fast, deterministic. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof createRng>;

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A valid, unused-looking Vietnamese mobile number in E.164. */
export function fakePhone(n?: number): string {
  const digits = (n ?? Math.floor(Math.random() * 1e8)).toString().padStart(8, "0").slice(-8);
  return `+849${digits}`;
}

export async function ensureProvince(
  db: Db,
  province: { code: string; name: string; nameEn: string },
  communes: Array<{ code: string; name: string; nameEn: string }>,
) {
  await db.adminUnit.upsert({
    where: { code: province.code },
    create: { ...province, level: "PROVINCE" },
    update: {},
  });
  for (const c of communes) {
    await db.adminUnit.upsert({
      where: { code: c.code },
      create: { ...c, level: "COMMUNE", parentCode: province.code },
      update: {},
    });
  }
}

export async function createUser(
  db: Db,
  overrides: Partial<{ name: string; email: string | null; phone: string | null; role: string; passwordHash: string; locale: string; verified: boolean; quietHours: boolean }> = {},
) {
  const id = unique();
  const email = overrides.email === undefined ? `user-${id}@example.test` : overrides.email;
  const phone = overrides.phone ?? null;
  // accounts are verified unless a test says otherwise (sign-up proves the phone or e-mail by a code)
  const verifiedAt = overrides.verified === false ? null : new Date();
  const name = overrides.name ?? `Người dùng ${id}`;
  return db.user.create({
    data: {
      name,
      nameFolded: foldVietnamese(name),
      email,
      phone,
      phoneVerifiedAt: phone ? verifiedAt : null,
      emailVerifiedAt: email ? verifiedAt : null,
      // tests run at any hour: quiet hours only where a test turns them on
      quietHours: overrides.quietHours ?? false,
      role: overrides.role ?? "BUYER",
      locale: overrides.locale ?? "vi",
      // Not a real hash: factory users log in only where a test sets a hash it made.
      passwordHash: overrides.passwordHash ?? "!",
    },
  });
}

export async function createCategory(db: Db, overrides: Partial<{ slug: string; nameVi: string; nameEn: string; parentId: string | null; sortOrder: number }> = {}) {
  const id = unique();
  return db.category.create({
    data: {
      slug: overrides.slug ?? `danh-muc-${id}`,
      nameVi: overrides.nameVi ?? "Trái cây",
      nameEn: overrides.nameEn ?? "Fruit",
      parentId: overrides.parentId ?? null,
      sortOrder: overrides.sortOrder ?? 0,
    },
  });
}

export async function createFarm(
  db: Db,
  {
    ownerId,
    communeCode,
    provinceCode,
    ...overrides
  }: {
    ownerId: string;
    communeCode: string;
    provinceCode: string;
    name?: string;
    slug?: string;
    story?: string;
    phone?: string;
    coverMediaId?: string | null;
    createdAt?: Date;
    /** the owner's identity verified (in person), as every seller's must be from the law's date (ADR 018); default true */
    verified?: boolean;
  },
) {
  const name = overrides.name ?? `Vườn thử ${unique()}`;
  if (overrides.verified !== false) await verifyIdentity(db, ownerId, overrides.createdAt ?? new Date());
  return db.farm.create({
    data: {
      name,
      slug: overrides.slug ?? slugify(name),
      story: overrides.story ?? "Vườn nhà làm để thử.",
      phone: overrides.phone ?? fakePhone(),
      communeCode,
      provinceCode,
      coverMediaId: overrides.coverMediaId ?? null,
      createdAt: overrides.createdAt,
      members: { create: { userId: ownerId, role: "OWNER" } },
    },
  });
}

export async function createProduct(
  db: Db,
  {
    farmId,
    categoryId,
    ...o
  }: {
    farmId: string;
    categoryId: string;
    name?: string;
    slug?: string;
    description?: string;
    unit?: string;
    priceVnd?: number;
    soldByWeight?: boolean;
    stepMilli?: number;
    stockMilli?: number;
    status?: string;
    seasonStartMonth?: number | null;
    seasonEndMonth?: number | null;
    coverMediaId?: string | null;
    searchExtra?: Array<string | null | undefined>;
    createdAt?: Date;
  },
) {
  const name = o.name ?? `Sản phẩm ${unique()}`;
  return db.product.create({
    data: {
      farmId,
      categoryId,
      name,
      slug: o.slug ?? `${slugify(name)}-${unique()}`,
      description: o.description ?? "",
      unit: o.unit ?? "kg",
      priceVnd: o.priceVnd ?? 50000,
      soldByWeight: o.soldByWeight ?? false,
      stepMilli: o.stepMilli ?? 1000,
      stockMilli: o.stockMilli ?? 10_000,
      status: o.status ?? "ACTIVE",
      seasonStartMonth: o.seasonStartMonth ?? null,
      seasonEndMonth: o.seasonEndMonth ?? null,
      coverMediaId: o.coverMediaId ?? null,
      searchText: productSearchText([name, ...(o.searchExtra ?? [])]),
      createdAt: o.createdAt,
      ...(o.coverMediaId ? { images: { create: { mediaId: o.coverMediaId, position: 0 } } } : {}),
    },
  });
}

export type Shape = "round" | "oval" | "long" | "spiky" | "leaf" | "grain" | "bottle" | "box" | "bag";

/** A simple drawing of produce as SVG (no text, so no fonts needed), for seed and test images. */
export function produceArtSvg({ color, shape, seed, size = 800 }: { color: string; shape: Shape; seed: number; size?: number }): string {
  const rng = createRng(seed);
  const hue = rng.int(70, 130);
  const bg = `hsl(${hue} 45% ${rng.int(88, 94)}%)`;
  const bg2 = `hsl(${hue + 20} 40% ${rng.int(78, 86)}%)`;
  const c = size / 2;
  const items: string[] = [];
  const leaf = (x: number, y: number, r: number, rot: number) =>
    `<ellipse cx="${x}" cy="${y}" rx="${r}" ry="${r * 0.38}" fill="#3c7a32" transform="rotate(${rot} ${x} ${y})"/>`;
  const count = shape === "bottle" || shape === "box" || shape === "bag" ? 1 : rng.int(2, 4);
  for (let i = 0; i < count; i++) {
    const x = c + (i - (count - 1) / 2) * size * 0.22 + rng.int(-20, 20);
    const y = c + rng.int(-30, 50);
    const r = size * (count === 1 ? 0.28 : 0.17);
    switch (shape) {
      case "round":
        items.push(`<circle cx="${x}" cy="${y}" r="${r}" fill="${color}"/><circle cx="${x - r / 3}" cy="${y - r / 3}" r="${r / 4}" fill="#fff" opacity=".25"/>`, leaf(x + r / 2, y - r, r / 2, -30));
        break;
      case "oval":
        items.push(`<ellipse cx="${x}" cy="${y}" rx="${r * 1.2}" ry="${r * 0.85}" fill="${color}" transform="rotate(${rng.int(-25, 25)} ${x} ${y})"/>`);
        break;
      case "long":
        items.push(`<rect x="${x - r * 0.35}" y="${y - r * 1.3}" width="${r * 0.7}" height="${r * 2.6}" rx="${r * 0.35}" fill="${color}" transform="rotate(${rng.int(-35, 35)} ${x} ${y})"/>`);
        break;
      case "spiky": {
        const pts = Array.from({ length: 36 }, (_, k) => {
          const a = (k / 36) * Math.PI * 2;
          const rr = k % 2 ? r * 1.1 : r * 1.22;
          return `${(x + Math.cos(a) * rr * 1.15).toFixed(1)},${(y + Math.sin(a) * rr * 0.95).toFixed(1)}`;
        });
        items.push(`<polygon points="${pts.join(" ")}" fill="${color}" stroke="#5c6b1e" stroke-width="3"/>`);
        break;
      }
      case "leaf":
        for (let k = 0; k < 5; k++) items.push(leaf(x + rng.int(-40, 40), y + rng.int(-60, 60), r * 0.9, rng.int(0, 180)).replace("#3c7a32", color));
        break;
      case "grain":
        for (let k = 0; k < 14; k++) items.push(`<circle cx="${x + rng.int(-70, 70)}" cy="${y + rng.int(-50, 50)}" r="${r * 0.18}" fill="${color}"/>`);
        break;
      case "bottle":
        items.push(`<rect x="${c - 70}" y="${c - 150}" width="140" height="300" rx="40" fill="${color}"/><rect x="${c - 30}" y="${c - 215}" width="60" height="80" rx="10" fill="${color}"/><rect x="${c - 70}" y="${c - 40}" width="140" height="90" fill="#fff" opacity=".75"/>`);
        break;
      case "box":
        items.push(`<rect x="${c - 200}" y="${c - 110}" width="400" height="240" rx="16" fill="#c49a6c"/><rect x="${c - 200}" y="${c - 110}" width="400" height="60" fill="#a97f52"/><circle cx="${c}" cy="${c + 30}" r="70" fill="${color}"/>`);
        break;
      case "bag":
        items.push(`<path d="M${c - 150} ${c - 170} h300 l30 360 h-360 z" fill="${color}" stroke="#00000022" stroke-width="6"/><rect x="${c - 110}" y="${c - 40}" width="220" height="110" rx="12" fill="#fff" opacity=".8"/><rect x="${c - 90}" y="${c - 20}" width="180" height="18" fill="#2f7d3a"/>`);
        break;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="${bg2}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><ellipse cx="${c}" cy="${size * 0.86}" rx="${size * 0.4}" ry="${size * 0.05}" fill="#00000018"/>${items.join("")}</svg>`;
}

/** A farm landscape (sky, hills, crop rows) as SVG, 16:9. */
export function farmArtSvg(seed: number, width = 1280): string {
  const rng = createRng(seed);
  const h = Math.round((width * 9) / 16);
  const sky = `hsl(${rng.int(190, 210)} 70% ${rng.int(75, 86)}%)`;
  const hill1 = `hsl(${rng.int(90, 130)} 45% ${rng.int(38, 48)}%)`;
  const hill2 = `hsl(${rng.int(80, 120)} 50% ${rng.int(28, 36)}%)`;
  const rows = Array.from({ length: 7 }, (_, i) => {
    const y = h * 0.62 + i * (h * 0.055);
    return `<path d="M0 ${y} Q ${width / 2} ${y - 30} ${width} ${y + 10}" stroke="#2f6b2a" stroke-width="${10 + i * 3}" fill="none" opacity=".55"/>`;
  }).join("");
  const sun = `<circle cx="${rng.int(150, width - 150)}" cy="${rng.int(80, 160)}" r="${rng.int(40, 70)}" fill="#f7d774"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}"><rect width="100%" height="100%" fill="${sky}"/>${sun}<path d="M0 ${h * 0.55} C ${width * 0.3} ${h * 0.35}, ${width * 0.6} ${h * 0.7}, ${width} ${h * 0.45} V ${h} H0z" fill="${hill1}"/><path d="M0 ${h * 0.7} C ${width * 0.4} ${h * 0.55}, ${width * 0.7} ${h * 0.8}, ${width} ${h * 0.62} V ${h} H0z" fill="${hill2}"/>${rows}</svg>`;
}

/** A farm order as it would be after checkout (no stock taken): for analytics fixtures. */
export async function createSale(
  db: Db,
  {
    farmId,
    createdAt,
    lines,
    buyerId = null,
    buyerName = "Người mua thử",
    buyerPhone = "+84900000000",
    status = "DELIVERED",
    paymentMethod = "VIETQR",
    fulfilment = "PICKUP",
    address = "",
  }: {
    farmId: string;
    createdAt: Date;
    lines: Array<{ productId: string; productName?: string; unit?: string; priceVnd: number; quantityMilli: number }>;
    buyerId?: string | null;
    buyerName?: string;
    buyerPhone?: string;
    status?: string;
    paymentMethod?: string;
    fulfilment?: string;
    address?: string;
  },
) {
  const id = unique();
  const rows = lines.map((l) => ({
    productId: l.productId,
    productName: l.productName ?? "Sản phẩm",
    unit: l.unit ?? "kg",
    priceVnd: l.priceVnd,
    quantityMilli: l.quantityMilli,
    lineTotalVnd: Math.round((l.priceVnd * l.quantityMilli) / 1000),
  }));
  const subtotalVnd = rows.reduce((s, l) => s + l.lineTotalVnd, 0);
  return db.farmOrder.create({
    data: {
      order: { create: { number: `T-${id}`, idempotencyKey: `test-${id}`, buyerId, buyerName, buyerPhone, totalVnd: subtotalVnd, createdAt } },
      farm: { connect: { id: farmId } },
      status,
      fulfilment,
      address,
      paymentMethod,
      paymentStatus: ["AWAITING_PAYMENT", "CANCELLED", "EXPIRED"].includes(status) ? "UNPAID" : "PAID",
      transferRef: `T${id}`.toUpperCase(),
      subtotalVnd,
      createdAt,
      lines: { create: rows },
    },
  });
}

/**
 * A seller's identity as verified in person (no real ID number: the stand-in of the hash is unique
 * per account). Kept if the account has one already.
 */
export async function verifyIdentity(db: Db, userId: string, verifiedAt = new Date()) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } });
  await db.sellerIdentity.upsert({
    where: { userId },
    create: { userId, fullName: user.name, idNumberHash: `fixture:${userId}`, idNumberLast4: "0000", dateOfBirth: "1980-01-01", status: "VERIFIED", method: "IN_PERSON", verifiedAt },
    update: {},
  });
}
