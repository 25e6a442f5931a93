// `npm run db:migration -- add_orders`: after editing prisma/models.prisma, writes both schemas and
// one new migration per engine, each the diff from that engine's migration history to its schema.
// Works offline (wasm schema engine; shadow databases through the adapters in prisma/).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { isEmptyScript, withoutEngineExtras } from "./engine-extras";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(1);
}
spawnSync("node_modules/.bin/tsx", ["scripts/schemas.ts"], { stdio: "inherit" });
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const engine of ["sqlite", "postgres"]) {
  const r = spawnSync(
    "node_modules/.bin/prisma",
    ["migrate", "diff", "--config", `prisma.${engine}.config.ts`, "--from-migrations", `prisma/${engine}/migrations`, "--to-schema-datamodel", `prisma/${engine}/schema.prisma`, "--script"],
    { encoding: "utf8" },
  );
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
  const sql = withoutEngineExtras(r.stdout); // never drop the hand-made search indexes
  if (isEmptyScript(sql)) {
    console.log(`${engine}: no changes`);
    continue;
  }
  const dir = `prisma/${engine}/migrations/${stamp}_${name}`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(`${dir}/migration.sql`, sql + "\n");
  console.log(`${engine}: wrote ${dir}/migration.sql (review it; add engine-specific SQL such as FTS5 or pg_trgm here)`);
}
