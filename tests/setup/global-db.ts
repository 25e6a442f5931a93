// Once per test run and engine: one migrated template database. Each test file then gets its own
// copy (per-file-db.ts): a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "../../scripts/migrate";
import { dropPgDatabase, pgAdmin, pgUrlFor, tmpDir } from "./db-admin";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string; // a SQLite file path, or a PostgreSQL database name
    mediaRoot: string;
  }
}

export default async function setup(project: TestProject) {
  const engine = project.config.env?.TEST_DB_ENGINE ?? process.env.TEST_DB_ENGINE;
  const dir = tmpDir("cho-nong-test-");
  project.provide("mediaRoot", path.join(dir, "media"));
  if (engine === "postgresql") {
    const name = `cho_nong_tpl_${process.pid}_${Date.now()}`;
    await pgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    migrateDeploy(pgUrlFor(name), { quiet: true });
    project.provide("templateDb", name);
    return async () => {
      await dropPgDatabase(name);
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const file = path.join(dir, "template.db");
  migrateDeploy(`file:${file}`, { quiet: true });
  project.provide("templateDb", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
