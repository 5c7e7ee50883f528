#!/usr/bin/env node
// Runs the compiled CLI (`pnpm build` writes dist/). In the repository, `pnpm vigie …` runs the
// TypeScript sources instead, without a build.
import { existsSync } from "node:fs";

const main = new URL("../dist/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("vigie: the compiled CLI is missing (services/cli/dist); run `pnpm build`, or `pnpm vigie` to run the sources\n");
  process.exit(1);
}
await import(main.href);
