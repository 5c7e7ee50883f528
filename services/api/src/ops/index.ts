import type { FastifyPluginAsync, preHandlerAsyncHookHandler } from "fastify";
import type { Runtime } from "@vigie/runtime";

/** What `buildApp` hands to the operations routes. */
export interface OpsRoutesOptions {
  runtime: Runtime;
  /** preHandler that refuses requests whose token lacks the scope (401/403 problem+json). */
  requireScope: (scope: "read" | "admin") => preHandlerAsyncHookHandler;
}

/** Operations routes (metrics, health, bull-board, dashboard). Placeholder: registers nothing yet. */
export const opsRoutes: FastifyPluginAsync<OpsRoutesOptions> = async () => {};
