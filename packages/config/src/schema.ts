import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
  );

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):([1-9][0-9]{0,4})$/, "expected host:port");

/**
 * Every environment variable vigie reads. Defaults make the embedded setup work on a machine
 * with Postgres and Redis on localhost; `.env.example` documents each key.
 */
export const configSchema = z.object({
  /** Connection string used by the application (events are appended and read through it). */
  DATABASE_URL: url(["postgres:", "postgresql:"]).default("postgres://postgres@127.0.0.1:5432/vigie"),
  /**
   * A hot standby of DATABASE_URL for reads that may lag (the API's log and article reads,
   * projections' reads of the log). Appends, checkpoints and projection rows stay on the primary.
   * Unset: everything on DATABASE_URL.
   */
  DATABASE_READ_URL: url(["postgres:", "postgresql:"]).optional(),
  /** Connection string of the schema owner, used only by migrations. Defaults to DATABASE_URL. */
  DATABASE_MIGRATION_URL: url(["postgres:", "postgresql:"]).optional(),
  /** Role the application switches to after connecting (SELECT/INSERT only on events). Empty: none. */
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$|^$/, "expected a lower-case SQL identifier or empty")
    .default("vigie_app"),
  /** Maximum connections per pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Abort a transaction left idle this long (ms); guards against transactions held across I/O. */
  DATABASE_IDLE_TX_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * Group commit of concurrent appends: at most this many append statements in flight per
   * process; appends arriving meanwhile leave together in the next one. 0 turns it off.
   */
  DATABASE_APPEND_GROUP_COMMIT: z.coerce.number().int().min(0).max(64).default(4),
  /** The Redis server; with REDIS_CLUSTER_NODES set, only its user, password and TLS scheme are used. */
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
  /** Seed nodes of a Redis Cluster (`host:port`, comma-separated). Empty: a single Redis at REDIS_URL. */
  REDIS_CLUSTER_NODES: list.pipe(z.array(hostPort)).default([]),
  /** Prefix of every BullMQ key, so several vigie installations (or test runs) share one Redis. */
  REDIS_PREFIX: z.string().min(1).default("vigie"),
  /** How often workers look for jobs whose worker died (stalled), in ms. */
  QUEUE_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** The story stage snapshots its model after this many story events (0: never; a start then refolds the whole log). */
  STORY_SNAPSHOT_EVERY_EVENTS: z.coerce.number().int().min(0).default(1000),
  /** …or when this long (ms) has passed since its last snapshot and a story event came. */
  STORY_SNAPSHOT_EVERY_MS: z.coerce.number().int().min(1000).default(600_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Force pretty logs on or off; by default pretty only when stdout is a terminal. */
  LOG_PRETTY: bool.optional(),
  /** Where embedded Postgres keeps its data when no server answers. */
  VIGIE_DATA_DIR: z.string().min(1).default(".vigie"),
  /** Start an embedded Postgres / redis-server when the configured ones do not answer. */
  VIGIE_EMBEDDED: bool.default(true),
  /**
   * How long (ms) start-up waits for Postgres and Redis to answer before giving up, or before
   * starting the embedded ones when VIGIE_EMBEDDED is on (retrying with backoff from 250 ms to
   * 5 s). Unset: 60 s for the long-running commands (`vigie start`, `worker`, `api`) when
   * VIGIE_EMBEDDED is off, else 0 (ask once: one-shot commands fail fast, and the embedded
   * default starts its own servers at once). 0: never wait.
   */
  STARTUP_WAIT_MS: z.coerce.number().int().min(0).max(86_400_000).optional(),
  /** User-Agent sent by the fetcher and the feed poller. */
  HTTP_USER_AGENT: z.string().min(1).default("vigie/0.1 (+https://github.com/vigie-news/vigie)"),
  HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** Largest response body accepted, in bytes. */
  HTTP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(15 * 1024 * 1024),
  /** Article requests per second per host, across every fetcher process (politeness). */
  FETCH_PER_HOST_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(4),
  /** Bounds of the adaptive poll interval of a feed, in seconds. */
  FEED_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(300),
  FEED_MAX_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(86_400),
  /** Feed requests in flight per host, across every poller process (politeness). */
  FEED_PER_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(2),
  /** Hosts or CIDR ranges that may be fetched although private (SSRF guard allow-list). */
  HTTP_ALLOW_HOSTS: list.default([]),
  /**
   * French entity-tagger weights to load instead of the shipped ones: a file written by
   * `vigie entities train --lang fr` (e.g. trained on a corpus you are licensed for). Unset: shipped weights.
   */
  ENTITIES_MODEL_FR: z.string().min(1).optional(),
  /** English entity-tagger weights to load instead of the shipped ones (`vigie entities train --lang en`). Unset: shipped weights. */
  ENTITIES_MODEL_EN: z.string().min(1).optional(),
  /** HTTP port of the read API. */
  API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** API tokens are hashed with this secret (pepper). */
  API_TOKEN_SECRET: z.string().min(16).optional(),
  /** Requests per minute per API token (per client address without a token). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /**
   * Key from which each watch's webhook signing secret is derived (HMAC of the watch id), so no
   * secret is stored in the log. Falls back to API_TOKEN_SECRET; without either, a fixed
   * development key is used and a warning logged.
   */
  WATCH_SIGNING_SECRET: z.string().min(16).optional(),
  /** Attempts of one webhook delivery (exponential backoff with jitter from 1 s between them). */
  WATCH_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Failed delivery attempts in a row after which a watch's delivery is disabled. */
  WATCH_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  /** Budget of one webhook request, in ms. */
  WATCH_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Origins allowed by CORS (comma-separated). Empty: CORS closed, no cross-origin browser access. */
  API_CORS_ORIGINS: list.default([]),
});

export type Config = z.infer<typeof configSchema>;
