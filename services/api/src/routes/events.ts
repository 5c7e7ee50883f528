import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Sql } from "@vigie/db";
import { z } from "zod";
import type { RequireScope } from "../auth/authenticate.ts";
import { decodeCursor, encodeCursor, readAllJson } from "@vigie/event-store";
import { EventsPage, limitParam, problemResponses, streamParam, envelopeJson, typesParam } from "../http/schemas.ts";

export interface EventsRoutesOptions {
  sql: Sql;
  requireScope: RequireScope;
  /** Largest page. @defaultValue 1000 */
  maxLimit?: number;
}

export const EventsQuery = z.strictObject({
  after: z.string().max(64).optional().describe("Cursor from a previous page (`next`) or event (`cursor`); absent: the start of the log"),
  limit: limitParam(1000, 100),
  types: typesParam.optional(),
  stream: streamParam.optional().describe("Only events of this stream, e.g. `article:<id>`"),
});

export const eventsRoutes: FastifyPluginAsync<EventsRoutesOptions> = async (app, options) => {
  const maxLimit = options.maxLimit ?? 1000;
  app.withTypeProvider<ZodTypeProvider>().get(
    "/v1/events",
    {
      preHandler: options.requireScope("read"),
      schema: {
        summary: "Page through the event log in commit order",
        description:
          "Gapless: every committed event appears exactly once across pages, in an order that never changes. " +
          "With `types` or `stream`, `next` still moves past the events the filter skipped, so a filtered consumer never re-reads them. " +
          "Payloads are upcast to the latest schema version of their type.",
        tags: ["events"],
        querystring: EventsQuery,
        response: { 200: EventsPage, ...problemResponses(400, 401, 429) },
      },
      // The page is built from validated, stored events: skip re-validating 1000 payloads on the way out.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      // A malformed cursor throws InvalidCursorError: the error handler answers 400 invalid-cursor.
      const after = decodeCursor(request.query.after);
      const page = await readAllJson(options.sql, after, {
        types: request.query.types,
        stream: request.query.stream,
        limit: Math.min(request.query.limit, maxLimit),
      });
      // Assembled as text: the stored payloads are embedded without being parsed and re-serialised
      // (a string payload is sent as-is by fastify; the cast only satisfies the typed reply).
      const body = `{"events":[${page.events.map((e) => envelopeJson(e)).join(",")}],"next":"${encodeCursor(page.next)}","caughtUp":${page.caughtUp}}`;
      return reply.type("application/json; charset=utf-8").send(body as unknown as z.output<typeof EventsPage>);
    },
  );
};
