import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { ProblemError } from "../http/problem-error.ts";
import type { Scope, TokenVerifier, VerifiedToken } from "./api-tokens.ts";

/** Who sent a request: no token, a token that did not verify, or a valid token. */
export type RequestAuth = { kind: "none" } | { kind: "invalid" } | ({ kind: "token" } & VerifiedToken);

declare module "fastify" {
  interface FastifyRequest {
    auth: RequestAuth;
  }
}

/**
 * `anonymous`: no token exists, every request is allowed (the server must listen on loopback
 * only); `tokens`: every scoped route needs a bearer token with the scope.
 */
export type AuthMode = "anonymous" | "tokens";

export type RequireScope = (scope: Scope) => preHandlerAsyncHookHandler;

const BEARER = /^Bearer ([\x21-\x7e]{1,200})$/;

/** Resolves `request.auth` on every request (before rate limiting, which keys on the token). */
export function installAuthentication(app: FastifyInstance, verifier: TokenVerifier): void {
  app.decorateRequest("auth", null as never);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header === undefined) {
      request.auth = { kind: "none" };
      return;
    }
    const token = BEARER.exec(header)?.[1];
    const verified = token ? await verifier.verify(token) : undefined;
    request.auth = verified ? { kind: "token", ...verified } : { kind: "invalid" };
  });
}

/** A preHandler refusing requests without `scope` (admin implies read): 401 or 403 problem+json. */
export function createRequireScope(mode: AuthMode): RequireScope {
  return (scope) => async (request) => {
    const auth = request.auth;
    if (auth.kind === "invalid") throw new ProblemError(401, "unauthorized", "the bearer token is not valid");
    if (auth.kind === "none") {
      if (mode === "anonymous") return;
      throw new ProblemError(401, "unauthorized", "this route needs a bearer token (Authorization: Bearer vgt_…)");
    }
    if (scope === "admin" && auth.scope !== "admin") throw new ProblemError(403, "forbidden", "this route needs a token with the admin scope");
  };
}
