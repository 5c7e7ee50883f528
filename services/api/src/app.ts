import Fastify, { type FastifyInstance } from "fastify";
import type { Runtime } from "@vigie/runtime";
import { opsRoutes } from "./ops/index.ts";

export interface AppDeps {
  runtime: Runtime;
}

/** Builds the HTTP API around an existing runtime; owns no connection of its own. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const requireScope = () => async () => {};
  await app.register(opsRoutes, { runtime: deps.runtime, requireScope });
  return app;
}
