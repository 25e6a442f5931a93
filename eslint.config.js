import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// parseWithZod from ~/utils/forms: the same parsing, with the schema's coercion made once.
const formsPath = { name: "@conform-to/zod", importNames: ["parseWithZod"], message: "Import parseWithZod from ~/utils/forms (coercion made once per schema)." };

export default tseslint.config(
  { ignores: ["**/*.tmp.mjs", "build/", "generated/", "node_modules/", "test-results/", "playwright-report/", "data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/utils/forms.ts", "app/utils/forms.test.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [formsPath] }] },
  },
  {
    // Thin routes (STYLE.md): loaders and actions call app/modules, never the database.
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [formsPath],
          patterns: [
            { group: ["**/db.server", "~/utils/db.server"], message: "Routes call app/modules/*; only modules touch the database." },
            { group: ["**/generated/**", "@prisma/*"], message: "Routes call app/modules/*; only modules touch the database." },
          ],
        },
      ],
    },
  },
);
