import { createTestApp } from "@vigie/api/testing";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { runCli } from "../../test/run-cli.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Runs the real CLI as a person would, against a database of its own. */
const vigie = (db: TestDatabase, args: string[]) =>
  runCli(args, { DATABASE_URL: db.url, HTTP_ALLOW_HOSTS: "127.0.0.1", WATCH_SIGNING_SECRET: "cli-test-signing-key", LOG_LEVEL: "silent" });

describe("vigie watches (the CLI)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it("adds, lists, shows, edits and removes a watch, with --json", async () => {
    const added = await vigie(db, [
      "watches",
      "add",
      "--query",
      '"réforme des retraites"',
      "--language",
      "fr",
      "--webhook",
      "http://127.0.0.1:9/hook",
      "--json",
    ]);
    expect(added.code, added.stderr).toBe(0);
    const watch = JSON.parse(added.stdout) as { watchId: string; secret: string; query: string; owner: string };
    expect(watch).toMatchObject({ query: '"réforme des retraites"', owner: "cli", languages: ["fr"] });
    expect(watch.secret).toMatch(/^whsec_/);
    const secret = await vigie(db, ["watches", "secret", watch.watchId, "--json"]);
    expect(JSON.parse(secret.stdout)).toEqual({ watchId: watch.watchId, secret: watch.secret });

    // From the watches read model, brought up to date by the command itself (no `vigie start` here).
    const list = JSON.parse((await vigie(db, ["watches", "list", "--json"])).stdout) as { watches: { watchId: string }[] };
    expect(list.watches.map((w) => w.watchId)).toEqual([watch.watchId]);
    expect(list.watches[0]).toMatchObject({ owner: "cli", status: "active", matches: 0, delivered: 0, failedAttempts: 0, lastMatchedAt: null });
    const redelivery = await vigie(db, ["watches", "redeliver", watch.watchId, "--dry-run", "--json"]);
    expect(redelivery.code, redelivery.stderr).toBe(0);
    expect(JSON.parse(redelivery.stdout)).toMatchObject({ watchId: watch.watchId, mode: "each", dryRun: true, scanned: 0, enqueued: 0 });
    const edited = JSON.parse((await vigie(db, ["watches", "edit", watch.watchId, "--entity", "Q1", "--no-webhook", "--json"])).stdout) as {
      event: string;
      entityIds: string[];
      webhookUrl: string | null;
    };
    expect(edited).toMatchObject({ event: "WatchUpdated", entityIds: ["Q1"] });
    expect(edited.webhookUrl).toBeNull();
    const shown = await vigie(db, ["watches", "show", watch.watchId]);
    expect(shown.stdout).toContain("matches: 0");
    expect(JSON.parse((await vigie(db, ["watches", "remove", watch.watchId, "--json"])).stdout)).toEqual({ watchId: watch.watchId, event: "WatchDeleted" });
    const gone = await vigie(db, ["watches", "show", watch.watchId]);
    expect(gone.code).toBe(2);
    expect(gone.stderr.trim().split("\n")).toHaveLength(1);
    const refused = await vigie(db, ["watches", "redeliver", watch.watchId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("no such watch");
  });

  it("refuses a webhook to a private address or over plain http, and a watch without criteria: one line, exit 2", async () => {
    const privateHook = await vigie(db, ["watches", "add", "--entity", "Q1", "--webhook", "https://10.0.0.1/hook"]);
    expect(privateHook.code).toBe(2);
    expect(privateHook.stderr).toContain("10.0.0.1");
    const plain = await vigie(db, ["watches", "add", "--entity", "Q1", "--webhook", "http://hooks.example.org/x"]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain("https only");
    const empty = await vigie(db, ["watches", "add", "--language", "fr"]);
    expect(empty.code).toBe(2);
    expect(JSON.parse((await vigie(db, ["watches", "list", "--json"])).stdout)).toEqual({ watches: [] });
  });

  it("add and edit --json print the API's Watch: the same JSON as GET /v1/watches/:id and `watches list --json`", async () => {
    const api = await createTestApp({ db });
    try {
      const openapi = (await api.app.inject({ url: "/openapi.json" })).json<{ components: { schemas: Record<string, { properties: object }> } }>();
      const watchFields = Object.keys(openapi.components.schemas.Watch?.properties ?? {}).sort();
      expect(watchFields).toContain("createdAt");
      const pick = (source: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(watchFields.map((k) => [k, source[k]]));
      const fromApi = async (watchId: string) => pick((await api.app.inject({ url: `/v1/watches/${watchId}` })).json<Record<string, unknown>>());

      const added = await vigie(db, ["watches", "add", "--entity", "Q90", "--json"]);
      expect(added.code, added.stderr).toBe(0);
      const { secret, ...watch } = JSON.parse(added.stdout) as { watchId: string; secret: string; [field: string]: unknown };
      expect(secret).toMatch(/^whsec_/);
      // Exactly the Watch fields, unset ones null rather than left out.
      expect(Object.keys(watch).sort()).toEqual(watchFields);
      expect(watch).toMatchObject({ name: null, query: null, webhookUrl: null, digestSeconds: null, lastError: null, entityIds: ["Q90"] });
      expect(watch.createdAt).toBe(watch.updatedAt);
      expect(watch).toEqual(await fromApi(watch.watchId));
      const list = JSON.parse((await vigie(db, ["watches", "list", "--json"])).stdout) as { watches: Record<string, unknown>[] };
      expect(list.watches.map(pick)).toContainEqual(watch);

      const edited = await vigie(db, ["watches", "edit", watch.watchId, "--name", "Paris", "--json"]);
      expect(edited.code, edited.stderr).toBe(0);
      const { event, ...after } = JSON.parse(edited.stdout) as { event: string; [field: string]: unknown };
      expect(event).toBe("WatchUpdated");
      expect(Object.keys(after).sort()).toEqual(watchFields);
      expect(after).toMatchObject({ name: "Paris", createdAt: watch.createdAt });
      expect(after.updatedAt).not.toBe(watch.updatedAt);
      // `list` brings the read model up to date, which the API then serves (no `vigie start` here).
      const relisted = JSON.parse((await vigie(db, ["watches", "list", "--json"])).stdout) as { watches: Record<string, unknown>[] };
      expect(relisted.watches.map(pick)).toContainEqual(after);
      expect(after).toEqual(await fromApi(watch.watchId));
    } finally {
      await api.close();
    }
  });

  it("has --help", async () => {
    const help = await vigie(db, ["watches", "add", "--help"]);
    expect(help.stdout).toContain("--webhook <url>");
    expect(help.stdout).toContain("--digest <seconds>");
    const redeliverHelp = await vigie(db, ["watches", "redeliver", "--help"]);
    expect(redeliverHelp.stdout).toContain("--since <version>");
    expect(redeliverHelp.stdout).toContain("--failed");
    expect(redeliverHelp.stdout).toContain("--json");
  });
});
