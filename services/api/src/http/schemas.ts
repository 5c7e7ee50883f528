import { eventSchemas, eventTypes, isEventType, latestVersion, schemaFor, type EventType } from "@vigie/contracts";
import { encodeCursor, type JsonEvent } from "@vigie/event-store";
import { z } from "zod";
import { Problem } from "./problem.ts";

/*
 * Response schemas. Event payloads come from packages/contracts (the single source of truth):
 * one envelope per event type with `data` at the type's latest version, registered as OpenAPI
 * components so the document names them.
 */

export const Cursor = z.string().max(64).describe("Opaque position in the log; pass it back as `after` or `Last-Event-ID`").meta({ id: "Cursor" });

const envelopeFields = {
  id: z.string().describe("Event id (UUID); use it to deduplicate"),
  cursor: Cursor,
  streamId: z.string(),
  streamVersion: z.number().int().min(1),
  globalPosition: z.number().int().min(1),
  schemaVersion: z.number().int().min(1).describe("Always the latest version of the type: older payloads are upcast"),
  recordedAt: z.string().describe("ISO-8601 commit time"),
  metadata: z.record(z.string(), z.unknown()),
};

function envelopeFor(type: EventType) {
  const data = schemaFor(type, latestVersion(type));
  if (!data) throw new Error(`no schema for the latest version of ${type}`);
  return z.object({ ...envelopeFields, type: z.literal(type), data }).meta({ id: `${type}Event` });
}

const envelopes = eventTypes.map(envelopeFor);
const [firstEnvelope, ...otherEnvelopes] = envelopes;
if (!firstEnvelope) throw new Error("no event types in @vigie/contracts");

export const Event = z.discriminatedUnion("type", [firstEnvelope, ...otherEnvelopes]).meta({ id: "Event" });

export const EventsPage = z
  .object({
    events: z.array(Event),
    next: Cursor.describe("Cursor for the next page: past every event returned and every event the filters skipped"),
    caughtUp: z.boolean().describe("true when the page reached the committed head of the log: poll again later or use the stream"),
  })
  .meta({ id: "EventsPage" });

/**
 * The JSON text of an event as sent by `/v1/events` and the SSE stream (an `Event` of the OpenAPI
 * document). Payload and metadata are embedded as the JSON text Postgres returned.
 */
export function envelopeJson(e: JsonEvent, cursor = encodeCursor({ txId: e.txId, globalPosition: e.globalPosition })): string {
  return (
    `{"id":"${e.eventId}","cursor":"${cursor}","streamId":${JSON.stringify(e.streamId)},"streamVersion":${e.streamVersion},` +
    `"globalPosition":${e.globalPosition},"schemaVersion":${e.schemaVersion},"recordedAt":"${e.recordedAt.toISOString()}",` +
    `"metadata":${e.metadataJson},"type":${JSON.stringify(e.type)},"data":${e.dataJson}}`
  );
}

/** Error responses every route may send, for the OpenAPI document. */
export function problemResponses(...statuses: number[]): Record<number, { description: string; content: Record<string, { schema: typeof Problem }> }> {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: `Problem details (RFC 9457)`, content: { "application/problem+json": { schema: Problem } } }]),
  );
}

const printable = /^[\x21-\x7e]*$/;

/** Comma-separated event types; unknown names are a 400. */
export const typesParam = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z,]*$/, "expected comma-separated event type names")
  .transform((v, ctx) => {
    const names = v.split(",").filter((s) => s.length > 0);
    for (const name of names) {
      if (!isEventType(name)) ctx.addIssue({ code: "custom", message: `unknown event type ${JSON.stringify(name)}` });
    }
    return [...new Set(names)];
  })
  .describe(`Comma-separated event types, among: ${Object.keys(eventSchemas).join(", ")}`);

export const streamParam = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z][a-z-]*:[\x21-\x7e]+$/, "expected a stream id such as article:<id> or feed:<id>");

/** Page size: digits only; clamped into [1, max] rather than refused. */
export function limitParam(max: number, defaultValue: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, "expected a positive integer")
    .optional()
    .transform((v) => (v === undefined ? defaultValue : Math.min(Math.max(Number(v), 1), max)))
    .describe(`Page size, clamped to 1..${max} (default ${defaultValue})`);
}

export const safeText = (max: number) => z.string().max(max).regex(printable, "expected printable ASCII without spaces");
