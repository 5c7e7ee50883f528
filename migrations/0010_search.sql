-- Full-text search (docs/search.md). French and English articles are indexed with their language's
-- stemmer after unaccent (so "Elysee" finds "Élysée"); any other or unknown language with `simple`
-- after unaccent. The configuration of each row is stored beside its vector, and a query is
-- parsed once per configuration (packages/search `searchCondition`).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION vigie_french (COPY = pg_catalog.french);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION vigie_french ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION vigie_english (COPY = pg_catalog.english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION vigie_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION vigie_simple (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION vigie_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
--> statement-breakpoint
-- The one mapping from an article's language tag (fr, fr-FR, en-GB, …) to its configuration.
CREATE FUNCTION vigie_search_config(language text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE lower(split_part(coalesce(language, ''), '-', 1))
    WHEN 'fr' THEN 'public.vigie_french'::regconfig
    WHEN 'en' THEN 'public.vigie_english'::regconfig
    ELSE 'public.vigie_simple'::regconfig END;
--> statement-breakpoint
-- Title weighs A, lead B, body C. The body is cut at 100 000 characters: a tsvector is limited to
-- 1 MB and a live blog can grow past it.
CREATE FUNCTION vigie_search_vector(config regconfig, title text, lead text, body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN setweight(to_tsvector(config, coalesce(title, '')), 'A')
    || setweight(to_tsvector(config, coalesce(lead, '')), 'B')
    || setweight(to_tsvector(config, left(coalesce(body, ''), 100000)), 'C');
--> statement-breakpoint
CREATE TABLE "proj_article_search" (
	"article_id" text PRIMARY KEY NOT NULL,
	"revision" integer NOT NULL,
	"config" "regconfig" NOT NULL,
	"title" text,
	"lead" text,
	"body" text NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"discovered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "proj_article_search_tsv_idx" ON "proj_article_search" USING gin ("tsv");
--> statement-breakpoint
-- With the GIN index, a time slice of matches is a BitmapAnd: no per-row check of the vector.
CREATE INDEX "proj_article_search_discovered_idx" ON "proj_article_search" USING btree ("discovered_at");
--> statement-breakpoint
-- Newest-first listing, search candidates and attention buckets all range over discovered_at.
CREATE INDEX "proj_articles_discovered_idx" ON "proj_articles" USING btree ("discovered_at");
--> statement-breakpoint
GRANT SELECT ON proj_article_search TO vigie_reader;
