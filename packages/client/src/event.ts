import { upcast, type EventData, type EventType } from "@vigie/contracts";

/** One event of the log as a consumer sees it, whichever transport delivered it. */
export interface EventEnvelope<K extends string = string, D = unknown> {
  /** Event id (UUID). Delivery is at-least-once: deduplicate on it. */
  id: string;
  /** Position just after this event: save it, pass it back as `from`. */
  cursor: string;
  type: K;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  /** Always the latest version of `type` known to this client: older payloads are upcast. */
  schemaVersion: number;
  recordedAt: Date;
  metadata: Record<string, unknown>;
  data: D;
}

/** A known event, its `data` typed by `type` (narrow with `switch (e.type)`). */
export type VigieEvent<T extends EventType = EventType> = { [K in T]: EventEnvelope<K, EventData<K>> }[T];

/** Builds the envelope, upcasting `data` from the version it was stored or sent with. */
export function toEvent(raw: Omit<EventEnvelope, "schemaVersion"> & { schemaVersion: number }): VigieEvent {
  const latest = upcast(raw.type, raw.schemaVersion, raw.data);
  return { ...raw, schemaVersion: latest.version, data: latest.data } as VigieEvent;
}
