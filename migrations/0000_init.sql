CREATE TABLE "consumer_checkpoints" (
	"consumer_id" text PRIMARY KEY NOT NULL,
	"tx_id" "xid8" NOT NULL,
	"global_position" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contents" (
	"hash" text PRIMARY KEY NOT NULL,
	"content_type" text,
	"size" integer NOT NULL,
	"body" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"global_position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "events_global_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"stream_id" text NOT NULL,
	"stream_version" integer NOT NULL,
	"event_id" uuid PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"schema_version" smallint NOT NULL,
	"payload" jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_stream_version_unique" UNIQUE("stream_id","stream_version"),
	CONSTRAINT "events_stream_version_positive" CHECK ("events"."stream_version" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "events_tx_position_idx" ON "events" USING btree ("tx_id","global_position");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("event_type","global_position");