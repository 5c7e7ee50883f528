import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { z } from "zod";
import { InvalidCursorError } from "@vigie/event-store";
import { ProblemError } from "./problem-error.ts";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
const TYPE_BASE = "urn:vigie:problem:";

/** RFC 9457 problem details, as every error of the API is sent. */
export const Problem = z
  .object({
    type: z.string().describe("URI naming the problem kind, `urn:vigie:problem:<slug>`"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ in: z.string(), path: z.string(), message: z.string() })).optional(),
    cursor: z.string().optional(),
    reason: z.string().optional().describe("Why a URL was refused (`feed-refused`, `webhook-refused` problems): `bad-url`, `ssrf-blocked`, `webhook-refused`"),
    url: z.string().optional().describe("The refused URL"),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problemBody(status: number, slug: string, detail: string, request: FastifyRequest, extensions: Record<string, unknown> = {}): Problem {
  return {
    type: `${TYPE_BASE}${slug}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    instance: request.url.split("?")[0] ?? "/",
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.status === 401) reply.header("www-authenticate", 'Bearer realm="vigie"');
  // Sent as a string: the route's own response serializer must not touch it.
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

function slugFor(status: number): string {
  return (titles[status] ?? "error").toLowerCase().replaceAll(" ", "-");
}

/** Every error becomes problem+json; stacks and internal messages never leave the process. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ProblemError) return sendProblem(reply, problemBody(err.status, err.slug, err.detail, request, err.extensions));
    if (err instanceof InvalidCursorError) {
      const detail = err.reason === "out-of-range" ? "the cursor is out of range" : "the cursor is not one this API returned";
      return sendProblem(reply, problemBody(400, "invalid-cursor", detail, request));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        in: err.validationContext ?? "request",
        path: v.instancePath.replace(/^\//, "").replaceAll("/", "."),
        message: v.message ?? "invalid",
      }));
      return sendProblem(reply, problemBody(400, "invalid-request", "the request does not match the API's schema", request, { errors }));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, url: request.url }, "response did not match its schema");
      return sendProblem(reply, problemBody(500, "internal-error", "internal error", request));
    }
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err, url: request.url }, "request failed");
      return sendProblem(reply, problemBody(status, "internal-error", "internal error", request));
    }
    // Fastify's own 4xx (bad JSON body, unsupported media type, body too large): their messages are safe.
    return sendProblem(reply, problemBody(status, slugFor(status), err.message, request));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problemBody(404, "not-found", "no such route", request)));
}
