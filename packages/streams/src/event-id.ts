import { v5 as uuidv5 } from "uuid";

/** Namespace of vigie's name-based event ids (a fixed random UUID). */
export const VIGIE_EVENT_NAMESPACE = "5f0d3c52-8a1e-4c8b-9a57-6e2f0f6b9d41";

/**
 * UUIDv5 of `stage:naturalKey`: a retried job derives the same id, so the store's idempotent
 * append turns the retry into a no-op.
 */
export function deterministicEventId(stage: string, naturalKey: string): string {
  return uuidv5(`${stage}:${naturalKey}`, VIGIE_EVENT_NAMESPACE);
}
