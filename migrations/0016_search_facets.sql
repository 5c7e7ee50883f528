-- Search filters answered by the GIN index (docs/search.md). The search projection keeps each
-- article's feed, language and entity ids, and adds them to its vector as facet lexemes
-- ('feed <id>', 'lang <tag prefix>', 'entity <id>'): a lexeme holding a space, which no parsed text
-- ever yields, so no query word can match one. A filtered search is then one GIN lookup that
-- intersects the words' and the filters' posting lists, instead of a join per candidate.
ALTER TABLE "proj_article_search" ADD COLUMN "feed_id" text;--> statement-breakpoint
ALTER TABLE "proj_article_search" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "proj_article_search" ADD COLUMN "entity_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- `lang` lexemes are every prefix of the tag at its hyphens ('fr-FR' → 'lang fr', 'lang fr-FR'),
-- so `lang=fr` finds fr and fr-FR, as the article list's filter does.
CREATE FUNCTION vigie_search_facets(feed_id text, language text, entity_ids text[]) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN array_to_tsvector(array(
    SELECT 'feed ' || feed_id WHERE coalesce(feed_id, '') <> ''
    UNION ALL
    SELECT 'lang ' || array_to_string((string_to_array(language, '-'))[1:i], '-')
      FROM generate_series(1, cardinality(string_to_array(coalesce(language, ''), '-'))) i
      WHERE coalesce(language, '') <> ''
    UNION ALL
    SELECT 'entity ' || e FROM unnest(entity_ids) e WHERE coalesce(e, '') <> ''));
--> statement-breakpoint
-- The vector stays in the row (compressed if it must), not in the TOAST table: checking a phrase's
-- positions and ranking read the vectors of many rows, and a TOAST fetch per row is what made a
-- phrase cost seconds. The texts (only read for the page's snippets) are moved out first.
ALTER TABLE "proj_article_search" ALTER COLUMN "tsv" SET STORAGE MAIN;
--> statement-breakpoint
-- Existing rows: facets from the articles projection (same events), one rewrite of each row.
UPDATE "proj_article_search" s SET
  feed_id = a.feed_id,
  language = a.language,
  entity_ids = e.ids,
  tsv = s.tsv || vigie_search_facets(a.feed_id, a.language, e.ids)
FROM "proj_articles" a,
  LATERAL (SELECT coalesce(array_agg(x.entity_id ORDER BY x.entity_id), '{}') AS ids FROM proj_article_entities x WHERE x.article_id = a.article_id) e
WHERE a.article_id = s.article_id;
--> statement-breakpoint
-- No statistics on the texts: no query filters on them, and sampling them reads their TOAST
-- (ANALYZE of the 1 M-article bench corpus took 875 s, most of its seeding time).
ALTER TABLE "proj_article_search" ALTER COLUMN "title" SET STATISTICS 0;
--> statement-breakpoint
ALTER TABLE "proj_article_search" ALTER COLUMN "lead" SET STATISTICS 0;
--> statement-breakpoint
ALTER TABLE "proj_article_search" ALTER COLUMN "body" SET STATISTICS 0;
