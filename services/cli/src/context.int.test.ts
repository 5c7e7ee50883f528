import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test/run-cli.ts";

// A one-shot command's stdout is its output: with --json, one JSON document a script can parse,
// whatever LOG_LEVEL says. Its log lines go to stderr.
describe("CLI commands log on stderr", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it("keeps stdout to the --json document with LOG_LEVEL=debug", async () => {
    const { code, stdout, stderr } = await runCli(["replay", "--stage", "fetch", "--from", "start", "--dry-run", "--json"], {
      DATABASE_URL: db.url,
      LOG_LEVEL: "debug",
      LOG_PRETTY: "false",
    });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ stage: "fetch", dryRun: true, scanned: 0 });
    const logLines = stderr.split("\n").filter((line) => line.startsWith("{"));
    expect(logLines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain("replay done");
  });
});
