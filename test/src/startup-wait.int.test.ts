import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { childEnv } from "@vigie/config";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../../services/cli/src/main.ts", import.meta.url));

/** A port nothing listens on (yet): connections to it are refused. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A child process whose JSON log lines (stdout) are parsed as they come. */
interface Running {
  proc: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  /** Resolves with the first log line matching, or rejects if the process exits first. */
  logged(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Running {
  const proc = spawn(process.execPath, ["--conditions=@vigie/source", "--import", "tsx", main, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv(env),
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let pending = "";
  let stderr = "";
  proc.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const complete = pending.split("\n");
    pending = complete.pop() ?? "";
    for (const line of complete) if (line.startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
    for (const waiter of waiters) waiter();
  });
  proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    proc,
    lines,
    stderr: () => stderr,
    exited,
    logged: (match) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found) resolve(found);
        };
        waiters.push(check);
        check();
        void exited.then((code) => reject(new Error(`exited (${code}) before the line was logged: ${stderr}`)));
      }),
  };
}

// `vigie worker` against a Redis that is not up yet, VIGIE_EMBEDDED off, STARTUP_WAIT_MS unset:
// the long-running default wait applies.
describe("vigie worker started before its Redis", () => {
  let db: TestDatabase;
  const started: (ChildProcess | undefined)[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => {
    for (const proc of started.splice(0)) if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  });
  afterAll(async () => db?.drop());

  const worker = (redisPort: number) =>
    run(["worker", "fetch", "--concurrency", "1"], {
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: `vigie-startup-${randomBytes(4).toString("hex")}`,
      VIGIE_EMBEDDED: "false",
      STARTUP_WAIT_MS: "",
      LOG_LEVEL: "info",
      LOG_PRETTY: "false",
    });

  it("waits, logging each attempt, and runs once Redis comes up", async () => {
    const port = await unusedPort();
    const vigie = worker(port);
    started.push(vigie.proc);
    const first = await vigie.logged((l) => l.msg === "waiting for service");
    expect(first).toMatchObject({ service: "redis", attempt: 1, retryInMs: 250 });
    const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    started.push(redis);
    try {
      await vigie.logged((l) => l.msg === "vigie running");
      expect(vigie.lines.find((l) => l.msg === "service answered")).toMatchObject({ service: "redis" });
      vigie.proc.kill("SIGTERM");
      expect(await vigie.exited).toBe(0);
    } finally {
      redis.kill("SIGTERM");
    }
  });

  it("stops waiting on SIGTERM and exits as a process the signal ended (143)", async () => {
    const vigie = worker(await unusedPort());
    started.push(vigie.proc);
    await vigie.logged((l) => l.msg === "waiting for service");
    vigie.proc.kill("SIGTERM");
    expect(await vigie.exited).toBe(143);
    // Postgres answers, but on a busy machine its first probe may still be under way.
    expect(vigie.stderr()).toMatch(/stopped while waiting for (postgres and )?redis/);
    expect(vigie.lines.find((l) => l.msg === "stopped while waiting for services")).toMatchObject({ signal: "SIGTERM" });
    expect(vigie.lines.find((l) => l.msg === "vigie running")).toBeUndefined();
  });
});

describe("vigie migrate before its Postgres", () => {
  const migrate = (port: number, wait: string) =>
    run(["migrate"], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/vigie`, DATABASE_MIGRATION_URL: "", STARTUP_WAIT_MS: wait, LOG_LEVEL: "info" });

  it("asks once by default, and waits for STARTUP_WAIT_MS when it is set", async () => {
    const port = await unusedPort();
    const once = migrate(port, "");
    expect(await once.exited).toBe(1);
    expect(once.stderr()).not.toContain("waiting for service");

    const waiting = migrate(port, "1500");
    expect(await waiting.exited).toBe(1);
    expect(waiting.stderr()).toContain('"msg":"waiting for service"');
    expect(waiting.stderr()).toContain("Postgres does not answer after waiting 1500 ms (STARTUP_WAIT_MS)");
  });
});
