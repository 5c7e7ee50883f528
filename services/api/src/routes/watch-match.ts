import type { EventData } from "@vigie/contracts";
import type { RecordedEvent } from "@vigie/event-store";
import { z } from "zod";

/** One match of a watch, as the API and its SSE stream send it. */
export const WatchMatch = z
  .object({
    eventId: z.string().describe("The WatchMatched event id: the delivery's idempotency key"),
    version: z.number().int().describe("Position in the watch's matches; pass it back as `after`"),
    articleId: z.string(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    language: z.string().nullable(),
    feedId: z.string().nullable(),
    entityIds: z.array(z.string()),
    matchedAt: z.string(),
  })
  .meta({ id: "WatchMatch" });

export const toMatch = (e: RecordedEvent): z.output<typeof WatchMatch> => {
  const data = e.data as EventData<"WatchMatched">;
  return {
    eventId: e.eventId,
    version: e.streamVersion,
    articleId: data.articleId,
    url: data.url ?? null,
    title: data.title ?? null,
    language: data.language ?? null,
    feedId: data.feedId ?? null,
    entityIds: data.entityIds,
    matchedAt: e.recordedAt.toISOString(),
  };
};
