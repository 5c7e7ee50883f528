-- The watches read model (issue 20): one row per watch with its delivery health and counters, so
-- that GET /v1/watches and `vigie watches list` no longer fold every watch stream per request.
-- Filled by the `watches` projection from the start of the log (its checkpoint starts empty).
CREATE TABLE "proj_watches" (
	"watch_id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"status" text NOT NULL,
	"name" text,
	"query" text,
	"entity_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"feed_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"webhook_url" text,
	"delivery" text NOT NULL,
	"digest_seconds" integer,
	"secret_version" integer DEFAULT 1 NOT NULL,
	"delivery_enabled" boolean DEFAULT true NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"matches" bigint DEFAULT 0 NOT NULL,
	"delivered" bigint DEFAULT 0 NOT NULL,
	"failed_attempts" bigint DEFAULT 0 NOT NULL,
	"last_matched_at" timestamp with time zone,
	"last_delivered_at" timestamp with time zone,
	"last_failed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "proj_watches_owner_idx" ON "proj_watches" USING btree ("owner","watch_id");--> statement-breakpoint
-- Everything in it is in the events table already, which readers see.
GRANT SELECT ON "proj_watches" TO vigie_reader;
