import { defineConfig } from "vitest/config";

// One run, two projects: fast unit tests (pure logic) and integration tests against the real
// local Postgres and Redis (`*.int.test.ts`). Each integration file creates its own database and
// Redis key prefix, so files may run in parallel.
const exclude = ["**/node_modules/**", "**/.vigie/**"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/**/*.test.ts", "services/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...exclude, "**/*.int.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/**/*.int.test.ts", "services/**/*.int.test.ts", "test/**/*.int.test.ts"],
          exclude,
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
