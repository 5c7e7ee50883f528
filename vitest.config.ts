import { defineConfig } from "vitest/config";

// One run, two projects: fast unit tests (pure logic) and integration tests against the real
// local Postgres and Redis (`*.int.test.ts`). Each integration file creates its own database and
// Redis key prefix, so files may run in parallel.
const exclude = ["**/node_modules/**", "**/.vigie/**"];
// Workspace packages resolve to their TypeScript sources (the `@vigie/source` export condition),
// so tests never need `pnpm build`; the compiled `dist/` is for the bin and the deployable.
const conditions = ["@vigie/source", "module", "node", "development|production"];
const resolve = { conditions };
const ssr = { resolve: { conditions } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: "unit",
          include: ["packages/**/*.test.ts", "services/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...exclude, "**/*.int.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        resolve,
        ssr,
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
