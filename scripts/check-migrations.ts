// Fails when the two engines have drifted: each schema.prisma must be generated from
// prisma/models.prisma, and each engine's migrations must produce exactly its schema.
// (The type-level twin of this check is prisma/engine-parity.ts, run by tsc.)
import { spawnSync } from "node:child_process";
import { isEmptyScript, withoutEngineExtras } from "./engine-extras";

let failed = false;
const schemas = spawnSync("node_modules/.bin/tsx", ["scripts/schemas.ts", "--check"], { stdio: "inherit" });
if (schemas.status !== 0) failed = true;

for (const engine of ["sqlite", "postgres"]) {
  const r = spawnSync(
    "node_modules/.bin/prisma",
    [
      "migrate", "diff",
      "--config", `prisma.${engine}.config.ts`,
      "--from-migrations", `prisma/${engine}/migrations`,
      "--to-schema-datamodel", `prisma/${engine}/schema.prisma`,
      "--script",
    ],
    { encoding: "utf8" },
  );
  const rest = r.status === 0 ? withoutEngineExtras(r.stdout) : null;
  if (rest !== null && isEmptyScript(rest)) console.log(`${engine}: migrations match the schema (engine extras aside)`);
  else {
    failed = true;
    console.error(`${engine}: migrations do not match prisma/${engine}/schema.prisma (exit ${r.status}). Run \`npm run db:migration -- <name>\`.\n${r.stdout}${r.stderr}`);
  }
}
process.exit(failed ? 1 : 0);
