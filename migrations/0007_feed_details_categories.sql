ALTER TABLE "proj_feeds" ADD COLUMN "feed_title" text;--> statement-breakpoint
ALTER TABLE "proj_feeds" ADD COLUMN "site_url" text;--> statement-breakpoint
ALTER TABLE "proj_feeds" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "proj_feeds" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "proj_feeds" ADD COLUMN "categories" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "proj_feeds" ADD COLUMN "pinned_interval_seconds" integer;