CREATE TABLE "dedup_articles" (
	"article_id" text PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"canonical_url" text NOT NULL,
	"match_key" text NOT NULL,
	"text_hash" text NOT NULL,
	"source" text,
	"title_key" text,
	"published_at" timestamp with time zone NOT NULL,
	"shingle_count" integer NOT NULL,
	"signature" "bytea" NOT NULL,
	"bands" integer[] NOT NULL,
	"revision" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dedup_decisions" (
	"article_id" text NOT NULL,
	"text_hash" text NOT NULL,
	"revision" integer NOT NULL,
	"decision" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dedup_decisions_pk" PRIMARY KEY("article_id","text_hash")
);
--> statement-breakpoint
CREATE INDEX "dedup_articles_match_key_idx" ON "dedup_articles" USING btree (md5("match_key"));--> statement-breakpoint
CREATE INDEX "dedup_articles_text_hash_idx" ON "dedup_articles" USING btree ("text_hash");--> statement-breakpoint
CREATE INDEX "dedup_articles_title_idx" ON "dedup_articles" USING btree ("source",md5("title_key")) WHERE "dedup_articles"."title_key" is not null;--> statement-breakpoint
CREATE INDEX "dedup_articles_bands_idx" ON "dedup_articles" USING gin ("bands") WITH (fastupdate=false);