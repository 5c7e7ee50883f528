CREATE TABLE "proj_stories" (
	"story_id" text PRIMARY KEY NOT NULL,
	"first_article_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_article_at" timestamp with time zone NOT NULL,
	"article_count" integer DEFAULT 0 NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"merged_into" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proj_story_articles" (
	"article_id" text PRIMARY KEY NOT NULL,
	"story_id" text NOT NULL,
	"language" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"score" real NOT NULL,
	"started" boolean NOT NULL
);
--> statement-breakpoint
CREATE INDEX "proj_stories_last_idx" ON "proj_stories" USING btree ("last_article_at");--> statement-breakpoint
CREATE INDEX "proj_story_articles_story_idx" ON "proj_story_articles" USING btree ("story_id","published_at");--> statement-breakpoint
-- Read models are granted to downstream SQL consumers one by one (see 0006_reader_role.sql).
GRANT SELECT ON proj_stories, proj_story_articles TO vigie_reader;
