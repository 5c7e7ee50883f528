export * from "./events/common.ts";
export * from "./events/feed-events.ts";
export * from "./events/article-events.ts";
export * from "./events/watch-events.ts";
export * from "./events/story-events.ts";
export {
  eventSchemas,
  eventTypes,
  isEventType,
  latestVersion,
  schemaFor,
  upcast,
  type EventType,
  type EventData,
} from "./registry.ts";
export { validateEvent, InvalidEventError } from "./validate-event.ts";
export * from "./jobs.ts";
export * from "./streams.ts";
export { StageError, type StageErrorOptions } from "./errors/stage-error.ts";
