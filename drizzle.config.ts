import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and committed; both drivers (pg and PGlite) apply the same
// history. `npm run db:generate` needs no database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
