-- The watcher's live watches as of its checkpoint (services/watcher); readers have no use for them.
CREATE TABLE "watcher_watches" (
	"watch_id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
REVOKE ALL ON watcher_watches FROM vigie_reader;
