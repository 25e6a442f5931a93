// Modules (app/modules/*) never import each other in a circle: a step that needs two modules that
// would otherwise import each other lives in app/flows/ (ADR 015). This test reads the imports.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function moduleGraph(root = "app/modules"): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of fs.readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
    const from = file.split(path.sep)[0];
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const m of text.matchAll(/from "~\/modules\/([a-z-]+)\//g)) {
      if (m[1] === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(m[1]);
    }
  }
  return edges;
}

function cycles(edges: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) found.push([...trail, next].join(" → "));
      else if (!trail.includes(next)) walk(start, next, [...trail, next]);
    }
  };
  for (const start of edges.keys()) walk(start, start, [start]);
  return found;
}

describe("module structure", () => {
  it("has no import cycle between modules", () => {
    expect(cycles(moduleGraph())).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself works)", () => {
    const g = new Map([["orders", new Set(["payments"])], ["payments", new Set(["orders"])]]);
    expect(cycles(g)).toContain("orders → payments → orders");
  });

  it("keeps routes away from the database (flows and modules do the work)", () => {
    const offenders = fs
      .readdirSync("app/routes", { recursive: true, encoding: "utf8" })
      .filter((f) => /\.tsx?$/.test(f) && /from "~\/utils\/db\.server"/.test(fs.readFileSync(path.join("app/routes", f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
