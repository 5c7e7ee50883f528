import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "@vigie/config";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { createLogger } from "@vigie/logger";
import { createRuntime, type Runtime } from "@vigie/runtime";
// The real feed registration and OPML code, wired here as the CLI wires it. Relative imports:
// @vigie/api does not (and should not) depend on a service package; only its tests borrow them.
import { addFeed } from "@vigie/runtime";
import { parseOpml, toOpml } from "@vigie/feeds";
import { buildApp, type AppDeps } from "../app.ts";
import type { FeedAdmin } from "../routes/feeds.ts";

export interface TestApp {
  db: TestDatabase;
  runtime: Runtime;
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` once `listen()` was called. */
  base: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function feedAdminFor(runtime: Runtime): FeedAdmin {
  return {
    register: (url, options) => addFeed(runtime.store, url, { ...options, allowHosts: runtime.config.HTTP_ALLOW_HOSTS, producer: "api" }),
    parseOpml,
    toOpml,
  };
}

/** A fresh database, a runtime with its own Redis prefix, and the app built on them. */
export async function createTestApp(options: Partial<Omit<AppDeps, "runtime" | "feeds">> & { db?: TestDatabase } = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig(undefined, { DATABASE_URL: db.url, REDIS_PREFIX: `vigie-test-${randomBytes(4).toString("hex")}`, LOG_LEVEL: "silent" });
  const runtime = createRuntime(config, createLogger({ level: "silent" }), { poolSize: 8 });
  const app = await buildApp({ runtime, feeds: feedAdminFor(runtime), ...options });
  const result: TestApp = {
    db,
    runtime,
    app,
    base: "",
    async listen() {
      await app.listen({ host: "127.0.0.1", port: 0 });
      result.base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      return result.base;
    },
    async close() {
      await app.close();
      await runtime.close();
      if (!options.db) await db.drop();
    },
  };
  return result;
}
