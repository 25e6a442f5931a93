import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Five projects: pure unit tests beside the code; the integration suite (tests/integration) run
// twice, once on a real SQLite file and once on the real PostgreSQL, each test file with a fresh
// database copied from a migrated template (tests/setup/); and the system tests (tests/system),
// also once per engine, which start the production build (`node server.js`, so `npm run build`
// first) on that database and kill, restart, back up and restore it.
const onDatabase = (suite: "integration" | "system", engine: "sqlite" | "postgresql") => ({
  extends: true as const,
  test: {
    name: suite === "integration" ? engine : `system-${engine}`,
    include: [`tests/${suite}/**/*.test.ts`],
    globalSetup: ["tests/setup/global-db.ts"],
    setupFiles: ["tests/setup/per-file-db.ts", "tests/setup/fail-on-console-error.ts"],
    env: { TEST_DB_ENGINE: engine },
    testTimeout: suite === "integration" ? 30_000 : 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    env: { NODE_ENV: "test" },
    projects: [
      { extends: true, test: { name: "unit", include: ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"], setupFiles: ["tests/setup/fail-on-console-error.ts"] } },
      onDatabase("integration", "sqlite"),
      onDatabase("integration", "postgresql"),
      onDatabase("system", "sqlite"),
      onDatabase("system", "postgresql"),
    ],
  },
});
