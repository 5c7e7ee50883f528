CREATE TABLE "proj_article_entities" (
	"article_id" text NOT NULL,
	"entity_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"mentions" integer NOT NULL,
	CONSTRAINT "proj_article_entities_article_id_entity_id_pk" PRIMARY KEY("article_id","entity_id")
);
--> statement-breakpoint
CREATE TABLE "proj_articles" (
	"article_id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"feed_id" text,
	"title" text,
	"language" text,
	"published_at" timestamp with time zone,
	"status" text NOT NULL,
	"failure_reason" text,
	"cluster_id" text,
	"original_article_id" text,
	"duplicate_method" text,
	"revision" integer DEFAULT 0 NOT NULL,
	"discovered_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proj_feeds" (
	"feed_id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"title" text,
	"status" text NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"items_discovered" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "proj_article_entities_entity_idx" ON "proj_article_entities" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "proj_articles_cluster_idx" ON "proj_articles" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "proj_articles_feed_idx" ON "proj_articles" USING btree ("feed_id","discovered_at");