// The demo province: Bà Rịa – Vũng Tàu communes, 48 farm households with stories and
// certifications, 300+ products with generated images, and one demo account per role.
// Deterministic in shape: a fixed random seed, so every machine gets the same farms, products,
// buyers, prices and order of events. Its dates are anchored to the moment it runs (`now`, the
// first start): farms joined, certificates expire and the 18 months of orders end relative to it,
// so the demo's last orders are from the day it was started, on any day. The same `now` gives the
// same rows (tests pass a fixed one; DEMO_SEED_NOW does the same for `npm start`).
import sharp from "sharp";
import type { Db } from "../app/utils/db.server";
import { hashPassword } from "../app/modules/auth/password.server";
import { foldVietnamese, nextFreeSlug, slugify } from "../app/modules/catalog/text";
import { processImage, type MediaData } from "../app/modules/media/media.server";
import {
  createFarm,
  createProduct,
  createRng,
  createUser,
  ensureProvince,
  farmArtSvg,
  produceArtSvg,
} from "../tests/factories";
import { CATEGORIES, COMMUNES, FAMILY_NAMES, FARM_PATTERNS, KINDS, OWNER_NAMES, PROVINCE } from "./seed-data";
import { buildHistory, insertHistory, type HistoryFarm, type HistoryProduct } from "./seed-history";

export const DEMO_PASSWORD = "ChoNong@2026";
export const DEMO_ACCOUNTS = [
  { role: "BUYER", name: "Nguyễn Thị Mua", email: "buyer@chonong.vn", phone: "+84901000001" },
  { role: "FARMER", name: "Trần Văn Út", email: "farmer@chonong.vn", phone: "+84901000002" },
  { role: "OFFICER", name: "Lê Minh Cán Bộ", email: "officer@chonong.vn", phone: "+84901000003" },
  { role: "HELPER", name: "Phạm Thị Hỗ Trợ", email: "helper@chonong.vn", phone: "+84901000005" },
  { role: "ADMIN", name: "Quản Trị Viên", email: "admin@chonong.vn", phone: "+84901000004" },
] as const;

const SEED = 2026;
const FARM_COUNT = 48;
const DAY = 86_400_000;

async function svgToMedia(svg: string): Promise<MediaData> {
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return processImage(png);
}

export type SeedOptions = {
  /** The moment the demo's history ends (default: now, or DEMO_SEED_NOW when set). */
  now?: Date;
};

/** DEMO_SEED_NOW (an ISO date-time) when set and valid, else the current moment. */
export function seedNow(env: NodeJS.ProcessEnv = process.env, clock = () => new Date()): Date {
  const fixed = env.DEMO_SEED_NOW?.trim();
  if (!fixed) return clock();
  const at = new Date(fixed);
  if (Number.isNaN(at.getTime())) throw new Error(`DEMO_SEED_NOW="${fixed}" is not a date and time (e.g. 2026-12-07T10:00:00+07:00)`);
  return at;
}

export async function seedIfEmpty(db: Db, options: SeedOptions = {}): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  await seed(db, options);
  return true;
}

export async function seed(db: Db, { now = seedNow() }: SeedOptions = {}): Promise<void> {
  const NOW = now.getTime();
  const rng = createRng(SEED);

  // Images first (files are content-addressed, so a retry after a failure rewrites the same files).
  const kindImages = new Map<string, MediaData>();
  for (const [i, kind] of KINDS.entries()) {
    kindImages.set(kind.name, await svgToMedia(produceArtSvg({ color: kind.color, shape: kind.shape, seed: SEED + i })));
  }
  const covers: MediaData[] = [];
  for (let i = 0; i < 8; i++) covers.push(await svgToMedia(farmArtSvg(SEED * 7 + i)));
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.$transaction(
    async (tx) => {
      const client = tx as unknown as Db;
      for (const m of [...kindImages.values(), ...covers]) {
        await client.media.upsert({ where: { id: m.id }, create: m, update: {} });
      }
      await ensureProvince(client, PROVINCE, COMMUNES);

      const categoryIds = new Map<string, string>();
      for (const [i, c] of CATEGORIES.entries()) {
        const row = await client.category.create({
          data: { slug: c.slug, nameVi: c.nameVi, nameEn: c.nameEn, sortOrder: i, parentId: c.parent ? categoryIds.get(c.parent) : null },
        });
        categoryIds.set(c.slug, row.id);
      }
      const categoryName = new Map(CATEGORIES.map((c) => [c.slug, c.nameVi]));

      const demo = new Map<string, string>();
      for (const a of DEMO_ACCOUNTS) {
        const u = await createUser(client, { ...a, passwordHash, quietHours: true });
        demo.set(a.role, u.id);
      }

      const historyFarms: HistoryFarm[] = [];
      const historyProducts: HistoryProduct[] = [];
      const farmSlugs: string[] = [];
      const productSlugs: string[] = [];
      const seededFarms: Array<{ id: string; ownerId: string; communeCode: string; createdAt: Date }> = [];
      for (let i = 0; i < FARM_COUNT; i++) {
        const pattern = FARM_PATTERNS[i % FARM_PATTERNS.length];
        const owner = OWNER_NAMES[(i * 7) % OWNER_NAMES.length];
        const commune = rng.pick(COMMUNES);
        const ownerId =
          i === 0
            ? demo.get("FARMER")!
            : (
                await createUser(client, {
                  name: `${rng.pick(FAMILY_NAMES)} ${owner.split(" ").slice(-1)[0]}`,
                  phone: `+8490200${String(i).padStart(4, "0")}`,
                  email: null,
                  role: "FARMER",
                  passwordHash,
                })
              ).id;
        const name = `${pattern.prefix} ${owner}`;
        const slug = nextFreeSlug(slugify(name), farmSlugs);
        farmSlugs.push(slug);
        const farm = await createFarm(client, {
          ownerId,
          name,
          slug,
          communeCode: commune.code,
          provinceCode: PROVINCE.code,
          phone: `+8490300${String(i).padStart(4, "0")}`,
          story: pattern.story.replace("{commune}", commune.name).replace("{count}", String(rng.int(12, 60))),
          coverMediaId: covers[i % covers.length].id,
          createdAt: new Date(NOW - rng.int(30, 540) * DAY),
        });
        const fulfilment = await client.farm.update({
          where: { id: farm.id },
          select: { offersDelivery: true, offersPickup: true },
          data: {
            addressLine: `Ấp ${rng.int(1, 9)}, ${commune.name}`,
            bankBin: rng.pick(["970436", "970415", "970418", "970405", "970422"]), // VCB, VietinBank, BIDV, Agribank, MB
            bankAccountNumber: String(rng.int(1_000_000_000, 9_999_999_999)),
            bankAccountName: foldVietnamese(name).toUpperCase().replace(/[^A-Z ]/g, "").replace(/ +/g, " "), // as banks print it
            offersDelivery: rng.chance(0.8),
          },
        });

        historyFarms.push({ id: farm.id, createdAt: farm.createdAt, communeName: commune.name, demo: i === 0, ...fulfilment });
        if (i > 0) seededFarms.push({ id: farm.id, ownerId, communeCode: commune.code, createdAt: farm.createdAt });

        const certs: Array<{ kind: string; stars?: number; issuer: string; expired: boolean }> = [];
        if (rng.chance(0.6)) certs.push({ kind: "VIETGAP", issuer: "Trung tâm Chứng nhận VietGAP", expired: rng.chance(0.12) });
        if (rng.chance(0.35)) certs.push({ kind: "OCOP", stars: rng.int(3, 5), issuer: "UBND tỉnh Bà Rịa – Vũng Tàu", expired: rng.chance(0.1) });
        if (rng.chance(0.15)) certs.push({ kind: "ORGANIC", issuer: "Control Union Việt Nam", expired: false });
        for (const c of certs) {
          const issuedAt = new Date(NOW - rng.int(200, 900) * DAY);
          await client.certification.create({
            data: {
              farmId: farm.id,
              kind: c.kind,
              stars: c.stars ?? null,
              number: `${c.kind === "OCOP" ? "OCOP" : "VG"}-${rng.int(10000, 99999)}/BRVT`,
              issuer: c.issuer,
              issuedAt,
              expiresAt: new Date(c.expired ? NOW - rng.int(10, 120) * DAY : NOW + rng.int(60, 900) * DAY),
            },
          });
        }

        const kinds = KINDS.filter((k) =>
          pattern.categories.some((c) => k.category === c || CATEGORIES.find((x) => x.slug === k.category)?.parent === c),
        );
        const chosen = [...kinds].sort(() => rng.next() - 0.5).slice(0, Math.min(kinds.length, rng.int(6, 9)));
        for (const kind of chosen) {
          const price = Math.round((kind.price[0] + rng.next() * (kind.price[1] - kind.price[0])) / 1000) * 1000;
          const stock = kind.byWeight ? rng.int(20, 300) : rng.int(10, 200);
          const pslug = nextFreeSlug(slugify(kind.name), productSlugs);
          productSlugs.push(pslug);
          const product = await createProduct(client, {
            farmId: farm.id,
            categoryId: categoryIds.get(kind.category)!,
            name: kind.name,
            slug: pslug,
            description: kind.desc,
            unit: kind.unit,
            priceVnd: price,
            soldByWeight: kind.byWeight ?? false,
            stepMilli: kind.byWeight ? 500 : 1000,
            stockMilli: rng.chance(0.07) ? 0 : stock * 1000,
            status: rng.chance(0.05) ? "DRAFT" : "ACTIVE",
            seasonStartMonth: kind.season?.[0] ?? null,
            seasonEndMonth: kind.season?.[1] ?? null,
            coverMediaId: kindImages.get(kind.name)!.id,
            searchExtra: [categoryName.get(kind.category), name],
            createdAt: new Date(NOW - rng.int(0, 120) * DAY - rng.int(0, 86_000) * 1000),
          });
          historyProducts.push({ ...product, topCategory: CATEGORIES.find((c) => c.slug === kind.category)?.parent ?? kind.category });
        }
      }

      await seedOnboarding(client, { helperId: demo.get("HELPER")!, officerId: demo.get("OFFICER")!, farms: seededFarms, now: NOW });

      // 18 months of past orders (their own PRNG, so the rows above stay as they were)
      await insertHistory(client, buildHistory({ farms: historyFarms, products: historyProducts, now }));
    },
    { timeout: 180_000, maxWait: 10_000 },
  );
}

/** The communes the demo helper works in (ADR 017). */
export const DEMO_HELPER_COMMUNES = ["77004", "77005"];
export const DEMO_ONBOARDING = { assisted: 6, assistingNow: 3, imported: 24, stuck: 14 } as const;

/**
 * The community digital teams' work (ADR 017), its own PRNG: the demo helper's two communes; the
 * first DEMO_ONBOARDING.assisted seeded farms of those communes signed up with its help (it still
 * assists the first three); an imported list of 24 households of the province, confirmed by the
 * officer, of which 14 were invited over two weeks ago and never confirmed (stuck) and 10 lately;
 * the province's 7,000 split evenly over its communes as targets.
 */
async function seedOnboarding(client: Db, { helperId, officerId, farms, now }: { helperId: string; officerId: string; farms: Array<{ id: string; ownerId: string; communeCode: string; createdAt: Date }>; now: number }) {
  const rng = createRng(SEED + 17);
  for (const communeCode of DEMO_HELPER_COMMUNES) await client.helperCommune.create({ data: { userId: helperId, communeCode, createdById: officerId } });
  const assisted = farms.filter((f) => DEMO_HELPER_COMMUNES.includes(f.communeCode)).slice(0, DEMO_ONBOARDING.assisted);
  for (const [i, f] of assisted.entries()) {
    const owner = await client.user.findUniqueOrThrow({ where: { id: f.ownerId }, select: { name: true, phone: true } });
    await client.household.create({
      data: { phone: owner.phone!, name: owner.name, communeCode: f.communeCode, source: "ASSISTED", helperId, invitedAt: f.createdAt, confirmedAt: f.createdAt, userId: f.ownerId, farmId: f.id, createdAt: f.createdAt },
    });
    if (i < DEMO_ONBOARDING.assistingNow) await client.farmMember.create({ data: { farmId: f.id, userId: helperId, role: "HELPER", createdAt: f.createdAt } });
  }
  const batch = await client.importBatch.create({
    data: { fileName: "danh-sach-ho-dan-xa.xlsx", fileHash: "seed", status: "CONFIRMED", rows: DEMO_ONBOARDING.imported, created: DEMO_ONBOARDING.imported, createdById: officerId, createdAt: new Date(now - 40 * DAY), importedAt: new Date(now - 40 * DAY), confirmedAt: new Date(now - 40 * DAY), confirmedById: officerId },
  });
  const communes = await client.adminUnit.findMany({ where: { parentCode: PROVINCE.code, level: "COMMUNE" }, select: { code: true }, orderBy: { code: "asc" } });
  for (let i = 0; i < DEMO_ONBOARDING.imported; i++) {
    const stuck = i < DEMO_ONBOARDING.stuck;
    const invitedAt = new Date(now - (stuck ? rng.int(15, 40) : rng.int(1, 13)) * DAY);
    await client.household.create({
      data: {
        phone: `+8493${String(1_000_000 + i * 37).slice(-7)}`, name: `${rng.pick(FAMILY_NAMES)} ${rng.pick(OWNER_NAMES).split(" ").slice(-2).join(" ")}`,
        communeCode: i % 3 === 0 ? DEMO_HELPER_COMMUNES[i % 2] : rng.pick(communes).code, products: rng.pick(["Tiêu, cà phê", "Sầu riêng", "Rau muống, cải", "Hạt điều", "Nhãn, chôm chôm", "Gà ta"]),
        source: "IMPORT", batchId: batch.id, invitedAt, createdAt: new Date(now - 40 * DAY),
      },
    });
  }
  const target = Math.floor(7000 / communes.length);
  for (const [i, c] of communes.entries()) await client.communeTarget.create({ data: { communeCode: c.code, target: target + (i < 7000 - target * communes.length ? 1 : 0), updatedById: officerId } });
}
