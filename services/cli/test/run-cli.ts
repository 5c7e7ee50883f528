import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childEnv } from "@vigie/config";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI from the sources as a person would (a process of its own), with `env` on top
 * of the test's environment (`childEnv`); never rejects: a failed run gives its exit code.
 */
export function runCli(args: string[], env: Parameters<typeof childEnv>[0]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=@vigie/source", "--import", "tsx", main, ...args],
      { env: childEnv(env), timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
