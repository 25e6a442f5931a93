// The app's route modules (app/routes, remix-flat-routes with `+` folders) and the URL each one
// answers, for tests that must go through every route: a new route is in them without a word.
import fs from "node:fs";
import path from "node:path";

export type RouteModule = {
  /** path under app/routes, e.g. "seller+/farms.$farmId.photos.tsx" */
  file: string;
  /** the URL with every `$param` filled in, e.g. "/seller/farms/farmId-0/photos" */
  url: string;
  /** an index route: an action is reached with `?index` */
  index: boolean;
  hasAction: boolean;
  source: string;
};

const ROUTES = path.join(process.cwd(), "app/routes");

/** "seller+/farms.$farmId_.sales.tsx" → "/seller/farms/<farmId>/sales" (pathless `_x` segments dropped, `x_` unnested, `[.]` escapes kept). */
export function urlOfRouteFile(file: string, param: (name: string) => string = (name) => `${name}-0`): { url: string; index: boolean } {
  const name = file.replace(/\.(tsx?|jsx?)$/, "").replace(/\+\//g, ".");
  const segments: string[] = [];
  let index = false;
  // split on dots outside [ ]
  for (const raw of name.match(/(?:\[[^\]]*\]|[^.])+/g) ?? []) {
    if (raw === "_index") {
      index = true;
      continue;
    }
    if (raw.startsWith("_")) continue; // pathless layout (_auth, _store)
    const segment = raw.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1");
    if (segment === "$") segments.push(param("splat"));
    else if (segment.startsWith("$")) segments.push(param(segment.slice(1)));
    else segments.push(segment);
  }
  return { url: `/${segments.join("/")}`, index };
}

export function routeModules(param?: (name: string) => string): RouteModule[] {
  const files = fs.readdirSync(ROUTES, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.(tsx?|jsx?)$/.test(f.name) && !/\.test\./.test(f.name));
  return files
    .map((f) => {
      const file = path.relative(ROUTES, path.join(f.parentPath, f.name)).split(path.sep).join("/");
      const source = fs.readFileSync(path.join(ROUTES, file), "utf8");
      const hasAction = /export\s+(?:async\s+)?(?:function|const|let)\s+action\b|export\s*\{[^}]*\baction\b/.test(source);
      return { file, ...urlOfRouteFile(file, param), hasAction, source };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}
