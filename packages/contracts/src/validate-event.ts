import type { z } from "zod";
import { isEventType, schemaFor } from "./registry.ts";

/** The payload does not match the schema of its `(type, version)`; the event is not appended. */
export class InvalidEventError extends Error {
  override name = "InvalidEventError";
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly issues: z.core.$ZodIssue[] | string,
  ) {
    super(
      `invalid ${eventType} v${schemaVersion}: ${
        typeof issues === "string" ? issues : issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")
      }`,
    );
  }
}

/** Validates a payload against its versioned schema and returns the parsed (stripped) value. */
export function validateEvent(type: string, version: number, data: unknown): unknown {
  if (!isEventType(type)) throw new InvalidEventError(type, version, "unknown event type");
  const schema = schemaFor(type, version);
  if (!schema) throw new InvalidEventError(type, version, "unknown schema version");
  const result = schema.safeParse(data);
  if (!result.success) throw new InvalidEventError(type, version, result.error.issues);
  return result.data;
}
