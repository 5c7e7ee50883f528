import { defineConfig } from "drizzle-kit";

// Generation only (offline). Migrations are applied by `vigie migrate` (runtime migrator).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/*.ts",
  out: "../../migrations",
});
