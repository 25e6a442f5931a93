/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { flatRoutes } from "remix-flat-routes";
import { defineConfig, type Plugin } from "vite";
import { compression } from "vite-plugin-compression2";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Browser assets are compressed once at build time, at the strongest settings (brotli 11, gzip 9),
// and served as files by server.js: about 13 % less JavaScript over the wire than compressing per
// request at brotli 4, and no CPU spent on it per request. Server code is not compressed.
const precompress: Plugin = {
  ...compression({ include: /\.(js|mjs|css|svg|json|webmanifest|txt)$/, threshold: 1024 }),
  apply: (_config, env) => env.command === "build" && !env.isSsrBuild,
};

// Vitest sets process.env.VITEST; the Remix plugin must not run under Vitest.
const isVitest = process.env.VITEST !== undefined;

// The dev server bounds request bodies as server.js does (ADR 011): the same middleware, loaded
// through Vite, before Remix's handler.
const devBodyLimits: Plugin = {
  name: "cho-nong-body-limits",
  apply: "serve",
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.method === "GET" || req.method === "HEAD") return next();
      server
        .ssrLoadModule("/app/modules/security/body-limit.server.ts")
        .then((m) => (m as typeof import("./app/modules/security/body-limit.server")).bodyLimitMiddleware()(req, res, next), next);
    });
  },
};

// The dev server marks the data it uses as in use, as server.js does (server/running.js), so that
// `npm run demo:reset` refuses while it runs.
const devRunningMarker: Plugin = {
  name: "cho-nong-running-marker",
  apply: "serve",
  configureServer(server) {
    server.httpServer?.once("listening", () => {
      const address = server.httpServer?.address();
      void import("./server/running.js").then((m) => m.markRunning({ port: typeof address === "object" && address ? address.port : 5173 }));
    });
  },
};

export default defineConfig({
  server: { host: "127.0.0.1", port: 5173 },
  // Server-only packages: keep them out of the dev server's browser pre-bundling.
  optimizeDeps: {
    exclude: ["@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "@node-rs/argon2", "sharp"],
  },
  build: { target: "es2020" },
  plugins: [
    tailwindcss(),
    !isVitest &&
      remix({
        // tests/integration/http-server.test.ts builds into a directory of its own
        buildDirectory: process.env.REMIX_BUILD_DIRECTORY || "build",
        ignoredRouteFiles: ["**/*"],
        routes: async (defineRoutes) =>
          flatRoutes("routes", defineRoutes, { ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"] }),
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tsconfigPaths(),
    !isVitest && devBodyLimits,
    !isVitest && devRunningMarker,
    !isVitest && precompress,
  ],
});
