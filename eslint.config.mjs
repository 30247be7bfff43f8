import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const PURE_DOMAIN = ["lib/annotation/**", "lib/export/**", "lib/agreement/**", "lib/import/**", "lib/review/**", "lib/assignment/**"];
const FRAMEWORK_IMPORTS = [
  { group: ["react", "react-dom", "react/*", "next", "next/*", "next-auth", "next-auth/*"], message: "Pure domain code imports no framework." },
  { group: ["@/db", "@/db/*", "../db/*", "drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/*"], message: "Pure domain code imports no database code." },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "bench/out/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "**/__fixtures__/**/*.golden.*"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  // The layering of ARCHITECTURE.md, enforced: pure domain code stays pure; routes and pages never
  // reach into db/ directly.
  // (React's hook rules don't apply there: a `useX` name in a writer is not a hook.)
  {
    files: PURE_DOMAIN,
    rules: { "no-restricted-imports": ["error", { patterns: FRAMEWORK_IMPORTS }], "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/db/queries/*", "@/db/schema/*", "drizzle-orm", "drizzle-orm/*"], message: "Go through lib/server use-cases, not db/ queries." }] },
      ],
    },
  },
];

export default config;
