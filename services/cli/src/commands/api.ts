import { Command } from "commander";
import { addFeed } from "@vigie/runtime";
import { parseOpml, toOpml } from "@vigie/feeds";
import type { Runtime } from "@vigie/runtime";
// Relative until services/cli declares "@vigie/api": "workspace:*" (needs a lockfile update).
import { authModeFor, buildApp } from "@vigie/api";
import { bootstrap } from "../pipeline/bootstrap.ts";

export interface ServeApiOptions {
  /** @defaultValue config API_PORT */
  port?: number | undefined;
  /** Forced to 127.0.0.1 while no API token exists. @defaultValue 127.0.0.1 */
  host?: string | undefined;
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";

/** Builds the API on `runtime` and listens; used by `vigie api` and `vigie start`. */
export async function serveApi(runtime: Runtime, options: ServeApiOptions = {}): Promise<ApiServer> {
  const authMode = await authModeFor(runtime);
  const requested = options.host ?? LOOPBACK;
  const host = authMode === "anonymous" ? LOOPBACK : requested;
  if (host !== requested) runtime.logger.warn({ requested, host }, "no API token exists: listening on loopback only (create one with `vigie tokens create`)");
  const app = await buildApp({
    runtime,
    authMode,
    feeds: {
      register: (url, options) => addFeed(runtime.store, url, { ...options, allowHosts: runtime.config.HTTP_ALLOW_HOSTS, producer: "api" }),
      parseOpml,
      toOpml,
    },
  });
  const url = await app.listen({ host, port: options.port ?? runtime.config.API_PORT });
  runtime.logger.info({ url, authMode, openapi: `${url}/openapi.json` }, "API listening");
  return { url, close: () => app.close() };
}

export function apiCommand(): Command {
  return new Command("api")
    .description("serve the HTTP API (event pages, SSE live tail, articles, feeds; OpenAPI at /openapi.json) until SIGINT/SIGTERM")
    .option("--port <port>", "TCP port (default: API_PORT, 8080)", (v) => Number.parseInt(v, 10))
    .option("--host <host>", "address to listen on; forced to 127.0.0.1 while no API token exists", LOOPBACK)
    .option("--json", "logs are JSON lines (the default when not on a terminal)")
    .action(async (options: { port?: number; host: string; json?: boolean }) => {
      const booted = await bootstrap({ longRunning: true, ...(options.json ? { overrides: { LOG_PRETTY: false } } : {}) });
      const server = await serveApi(booted.runtime, { port: options.port, host: options.host });
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await server.close();
      await booted.close();
    });
}
