import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv, type Env } from "@vigie/config";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The standalone deployable, as ops would install it: `pnpm build`, then `pnpm deploy` of the CLI
// into a folder outside the repository, run with plain `node` (no tsx, no sources, no dev
// dependencies). Generous, readiness-based waits: this machine is shared and often loaded.
const root = fileURLToPath(new URL("../..", import.meta.url));
const MINUTE = 60_000;

function run(command: string, args: string[], options: { cwd: string; env?: Env; timeout: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The environment of the deployed process: no `--conditions=@vigie/source` inherited from pnpm. */
function deployedEnv(overrides: Parameters<typeof childEnv>[0]): Env {
  const env = childEnv({ ...overrides, LOG_LEVEL: "error" });
  delete env.NODE_OPTIONS;
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForStatus(url: string, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return response.status;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

describe("the standalone deployable (pnpm deploy of @vigie/cli)", () => {
  let dir = "";
  let bin = "";
  let db: TestDatabase | undefined;
  let proc: ChildProcess | undefined;

  beforeAll(async () => {
    const env = childEnv({ CI: "true" });
    const build = await run("pnpm", ["build"], { cwd: root, env, timeout: 10 * MINUTE });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    dir = mkdtempSync(join(tmpdir(), "vigie-deploy-"));
    rmSync(dir, { recursive: true });
    const deploy = await run("pnpm", ["--filter", "@vigie/cli", "deploy", "--legacy", "--prod", "--prefer-offline", dir], {
      cwd: root,
      env,
      timeout: 10 * MINUTE,
    });
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    bin = join(dir, "bin", "vigie.js");
  }, 20 * MINUTE);

  afterAll(async () => {
    if (proc !== undefined && proc.exitCode === null) proc.kill("SIGKILL");
    await db?.drop();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("holds the compiled code and production dependencies only", () => {
    expect(existsSync(join(dir, "dist", "main.js"))).toBe(true);
    expect(existsSync(join(dir, "src"))).toBe(false);
    expect(existsSync(join(dir, "node_modules", "@vigie", "db", "migrations", "meta", "_journal.json"))).toBe(true);
    expect(existsSync(join(dir, "node_modules", "@vigie", "entities", "data"))).toBe(true);
    for (const dev of ["vitest", "tsx", "typescript"]) expect(existsSync(join(dir, "node_modules", dev)), dev).toBe(false);
  });

  it("runs `vigie --help` with plain node, outside the repository", async () => {
    const result = await run(process.execPath, [bin, "--help"], { cwd: dir, env: deployedEnv({}), timeout: MINUTE });
    expect(result.code, result.stderr).toBe(0);
    for (const command of ["start", "worker", "migrate", "feeds", "extract"]) expect(result.stdout).toContain(command);
  });

  it(
    "migrates a new database and serves /healthz and /readyz from `vigie start`, then stops on SIGTERM",
    async () => {
      db = await createTestDatabase({ migrate: false });
      const env = { DATABASE_URL: db.url, REDIS_PREFIX: `vigie-deploy-${randomBytes(4).toString("hex")}`, VIGIE_EMBEDDED: "false" } as const;

      const migrated = await run(process.execPath, [bin, "migrate", "--json"], { cwd: dir, env: deployedEnv(env), timeout: 3 * MINUTE });
      expect(migrated.code, migrated.stderr).toBe(0);
      const journal = JSON.parse(readFileSync(join(root, "migrations", "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
      const result = JSON.parse(migrated.stdout) as { applied: number; total: number };
      expect(result.total).toBe(journal.entries.length); // the deployable carries the current migrations
      expect(result.applied).toBe(result.total);

      const port = await freePort();
      proc = spawn(process.execPath, [bin, "start", "--api-port", String(port), "--concurrency", "1"], {
        cwd: dir,
        env: deployedEnv(env),
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => proc?.once("exit", (code) => resolve(code)));

      expect(await waitForStatus(`http://127.0.0.1:${port}/healthz`, 3 * MINUTE), stderr).toBe(200);
      expect(await waitForStatus(`http://127.0.0.1:${port}/readyz`, 3 * MINUTE), stderr).toBe(200);
      proc.kill("SIGTERM");
      expect(await exited, stderr).toBe(0);
    },
    10 * MINUTE,
  );
});
