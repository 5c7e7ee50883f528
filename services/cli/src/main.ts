import { ConfigError } from "@vigie/config";
import { buildProgram } from "./program.ts";

// `vigie events tail | head`: the reader went away; stop quietly like other Unix tools.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

try {
  await (await buildProgram(process.argv.slice(2))).parseAsync(process.argv);
} catch (err) {
  // One line for the user; the stack only when asked for.
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`vigie: ${message}\n`);
  process.exitCode = process.exitCode || 1;
}
