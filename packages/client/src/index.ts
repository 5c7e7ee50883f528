export {
  createVigieClient,
  VigieClient,
  type VigieClientOptions,
  type SubscribeOptions,
  type CheckpointOptions,
  type FollowStoryOptions,
} from "./vigie-client.ts";
export { FollowedStories, STORY_EVENT_TYPES, type StoryEvent } from "./follow-story.ts";
export { HttpTransport, type HttpTransportOptions } from "./http-transport.ts";
export { PostgresTransport, type PostgresTransportOptions } from "./postgres-transport.ts";
export type { Transport, Page, ReadOptions, TailItem } from "./transport.ts";
export type { VigieEvent, EventEnvelope } from "./event.ts";
export { type CheckpointStore, MemoryCheckpointStore } from "./checkpoint-store.ts";
export { FileCheckpointStore } from "./file-checkpoint-store.ts";
export { PostgresCheckpointStore, type PostgresCheckpointStoreOptions } from "./postgres-checkpoint-store.ts";
export { START_CURSOR } from "./cursor.ts";
export { encodeCursor, decodeCursor, InvalidCursorError, type Position } from "@vigie/event-store";
export { VigieHttpError } from "./errors/vigie-http-error.ts";
export type { BackoffOptions } from "./backoff.ts";
export type { Article, ArticleQuery, ArticlePage } from "./articles.ts";
export {
  signWebhook,
  verifyWebhook,
  SIGNATURE_HEADER,
  IDEMPOTENCY_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  type VerifyWebhookOptions,
  type WebhookVerification,
} from "./webhook-signature.ts";
