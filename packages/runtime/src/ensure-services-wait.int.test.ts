import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { loadConfig, type Config } from "@vigie/config";
import { createLogger, type Logger } from "@vigie/logger";
import { afterEach, describe, expect, it } from "vitest";
import { ensurePostgres, ensureServices, ServicesUnavailableError, type Services } from "./ensure-services.ts";
import { StartupAbortedError } from "./startup-aborted-error.ts";

/**
 * A TCP port on 127.0.0.1 that resets every connection until `open()`, then forwards each new
 * connection to `target`: a Postgres or Redis that is not up yet, then comes up.
 */
interface Gate {
  port: number;
  /** Connections reset so far. */
  refused: number;
  open(): void;
  close(): Promise<void>;
}

async function startGate(target: { host: string; port: number }): Promise<Gate> {
  let open = false;
  const sockets = new Set<Socket>();
  const gate = { port: 0, refused: 0, open: () => void (open = true), close: async () => {} };
  const server: Server = createServer((client) => {
    if (!open) {
      gate.refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gate.port = (server.address() as AddressInfo).port;
  gate.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return gate;
}

function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : defaultPort };
}

function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

/** A logger whose lines are kept, parsed, for the assertions. */
function recordingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { logger, lines };
}

const waits = (lines: Record<string, unknown>[], service: string) => lines.filter((l) => l.msg === "waiting for service" && l.service === service);

// The real servers of the test run (DATABASE_URL, REDIS_URL); VIGIE_EMBEDDED off, as in a deployment.
const real: Config = { ...loadConfig(), VIGIE_EMBEDDED: false, REDIS_CLUSTER_NODES: [], STARTUP_WAIT_MS: undefined };
const gates: Gate[] = [];
const started: Services[] = [];
afterEach(async () => {
  for (const services of started.splice(0)) await services.stop();
  for (const gate of gates.splice(0)) await gate.close();
});

async function gateFor(url: string, defaultPort: number): Promise<Gate> {
  const gate = await startGate(hostPort(url, defaultPort));
  gates.push(gate);
  return gate;
}

describe.each([
  { service: "postgres", key: "DATABASE_URL", defaultPort: 5432, name: "Postgres" },
  { service: "redis", key: "REDIS_URL", defaultPort: 6379, name: "Redis" },
] as const)("ensureServices waiting for $name", ({ service, key, defaultPort, name }) => {
  it("waits while it does not answer, logs each attempt, and returns once it answers", async () => {
    const gate = await gateFor(real[key], defaultPort);
    const config: Config = { ...real, [key]: withPort(real[key], gate.port) };
    const { logger, lines } = recordingLogger();
    const opening = setTimeout(() => gate.open(), 1000);
    try {
      const services = await ensureServices(config, logger, { waitMs: 60_000 });
      started.push(services);
      expect(services.embedded).toEqual({ postgres: false, redis: false });
      expect(services.config[key]).toBe(config[key]);
    } finally {
      clearTimeout(opening);
    }
    expect(gate.refused).toBeGreaterThan(0);
    const attempts = waits(lines, service);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts[0]).toMatchObject({ level: 40, service, attempt: 1, retryInMs: 250 });
    expect(attempts.map((l) => l.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts.every((l) => typeof l.err === "object")).toBe(true);
    expect(lines.filter((l) => l.msg === "service answered")).toEqual([expect.objectContaining({ service, attempt: attempts.length + 1 })]);
    // The other service answered at once: nothing logged for it.
    expect(waits(lines, service === "postgres" ? "redis" : "postgres")).toEqual([]);
  });

  it("with no wait, asks once and throws ServicesUnavailableError", async () => {
    const gate = await gateFor(real[key], defaultPort);
    const config: Config = { ...real, [key]: withPort(real[key], gate.port) };
    const { logger, lines } = recordingLogger();
    const error = await ensureServices(config, logger, { waitMs: 0 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ServicesUnavailableError);
    expect((error as Error).message).toContain(`${name} does not answer at ${key}`);
    expect((error as Error).message).not.toContain("after waiting");
    expect(gate.refused).toBe(1);
    expect(lines.filter((l) => l.msg === "waiting for service")).toEqual([]);
  });

  it("gives up with ServicesUnavailableError when it never answers within the wait", async () => {
    const gate = await gateFor(real[key], defaultPort);
    const config: Config = { ...real, [key]: withPort(real[key], gate.port) };
    const { logger, lines } = recordingLogger();
    const error = await ensureServices(config, logger, { waitMs: 1500 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ServicesUnavailableError);
    expect((error as Error).message).toContain(`${name} does not answer at ${key} after waiting 1500 ms (STARTUP_WAIT_MS)`);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(gate.refused).toBeGreaterThan(1);
    expect(waits(lines, service).length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.msg === "service answered")).toEqual([]);
  });
});

describe("ensureServices", () => {
  it("takes its wait from STARTUP_WAIT_MS when the caller gives none", async () => {
    const gate = await gateFor(real.DATABASE_URL, 5432);
    const config: Config = { ...real, DATABASE_URL: withPort(real.DATABASE_URL, gate.port), STARTUP_WAIT_MS: 60_000 };
    const { logger, lines } = recordingLogger();
    const opening = setTimeout(() => gate.open(), 1000);
    try {
      started.push(await ensureServices(config, logger));
    } finally {
      clearTimeout(opening);
    }
    expect(waits(lines, "postgres").length).toBeGreaterThan(0);
  });

  it("ensurePostgres waits for Postgres alone (vigie migrate)", async () => {
    const gate = await gateFor(real.DATABASE_URL, 5432);
    const { logger, lines } = recordingLogger();
    const opening = setTimeout(() => gate.open(), 1000);
    try {
      await ensurePostgres(withPort(real.DATABASE_URL, gate.port), { waitMs: 60_000, logger });
    } finally {
      clearTimeout(opening);
    }
    expect(gate.refused).toBeGreaterThan(0);
    expect(waits(lines, "postgres").length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.msg === "service answered")).toEqual([expect.objectContaining({ service: "postgres" })]);
  });

  it("stops waiting when its signal aborts (SIGTERM during start-up)", async () => {
    const gate = await gateFor(real.DATABASE_URL, 5432);
    const config: Config = { ...real, DATABASE_URL: withPort(real.DATABASE_URL, gate.port) };
    const { logger, lines } = recordingLogger();
    const stopping = new AbortController();
    // Aborted once the wait is under way, well before the hour it was given.
    let settled = false;
    const waiting = ensureServices(config, logger, { waitMs: 3_600_000, signal: stopping.signal })
      .catch((err: unknown) => err)
      .finally(() => {
        settled = true;
      });
    while (waits(lines, "postgres").length === 0 && !settled) await new Promise((resolve) => setTimeout(resolve, 20));
    stopping.abort();
    const error = await waiting;
    expect(error).toBeInstanceOf(StartupAbortedError);
    // Redis (the real one) has answered too, unless its first probe was still under way.
    expect((error as StartupAbortedError).services).toContain("postgres");
  });
});
