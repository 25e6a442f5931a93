// CLI-only config for PostgreSQL (DATABASE_URL=postgresql://...).
import { defineConfig } from "prisma/config";
import { MigratePg, pgConfigFromUrl } from "./prisma/migrate-adapters";

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/test";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/postgres/schema.prisma",
  migrations: { path: "prisma/postgres/migrations" },
  async adapter() {
    return new MigratePg(pgConfigFromUrl(process.env.DATABASE_URL!));
  },
});
