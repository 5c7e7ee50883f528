-- Day lexemes for the search lookup (docs/search.md). Each vector also holds 'day <YYYY-MM-DD>',
-- the UTC day of the article's discovery. A search that must reach past the rows the walk read
-- asks the GIN index for its words AND a few days ('day 2026-11-30' | 'day 2026-11-29' …),
-- newest first: only the candidates of those days are read from the heap, where a lookup over the
-- whole range read every match of a rare word (one random heap page each) to keep the newest 200.
CREATE FUNCTION vigie_search_day(discovered_at timestamptz) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN array_to_tsvector(ARRAY['day ' || to_char(discovered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')]);
--> statement-breakpoint
-- Existing rows: one rewrite of each row (the lookup relies on every row holding its day).
UPDATE "proj_article_search" SET tsv = tsv || vigie_search_day(discovered_at);
