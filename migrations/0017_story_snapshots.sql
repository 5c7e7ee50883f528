-- The story stage's model snapshots (services/story, docs/stories.md): a cache of the log, one
-- row per name, replaced by each newer snapshot; readers have no use for it.
CREATE TABLE "story_snapshots" (
	"name" text PRIMARY KEY NOT NULL,
	"tx_id" "xid8" NOT NULL,
	"global_position" bigint NOT NULL,
	"open_stories" integer NOT NULL,
	"model" "bytea" NOT NULL,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL
);

