import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childEnv } from "@vigie/config";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("main.ts", import.meta.url));

// A one-shot command's stdout is its output: with --json, one JSON document a script can parse,
// whatever LOG_LEVEL says. Its log lines go to stderr.
describe("CLI commands log on stderr", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it("keeps stdout to the --json document with LOG_LEVEL=debug", async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--conditions=@vigie/source", "--import", "tsx", main, "replay", "--stage", "fetch", "--from", "start", "--dry-run", "--json"],
        { env: childEnv({ DATABASE_URL: db.url, LOG_LEVEL: "debug", LOG_PRETTY: "false" }), timeout: 60_000 },
        (err, out, errOut) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: out, stderr: errOut }),
      );
    });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ stage: "fetch", dryRun: true, scanned: 0 });
    const logLines = stderr.split("\n").filter((line) => line.startsWith("{"));
    expect(logLines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain("replay done");
  });
});
