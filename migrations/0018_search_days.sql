-- Day lexemes for the search lookup (docs/search.md). Each vector also holds 'day <YYYY-MM-DD>',
-- the UTC day of the article's discovery, and 'week <YYYY-MM-DD>', the Monday of its week. A
-- search that must reach past the rows the walk read asks the GIN index for its words AND a span
-- of days ('day 2026-11-30' | 'week 2026-11-23' | …), newest first: only the candidates of that
-- span are read from the heap, where a lookup over the whole range read every match of a rare
-- word (one random heap page each) to keep the newest 200. Whole weeks keep a long span to a few
-- lexemes: each one is a posting list the index walks, once per text search configuration.
CREATE FUNCTION vigie_search_day(discovered_at timestamptz) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN array_to_tsvector(ARRAY[
    'day ' || to_char(discovered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
    'week ' || to_char(date_trunc('week', discovered_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')]);
--> statement-breakpoint
-- Existing rows: one rewrite of each row (the lookup relies on every row holding its day).
UPDATE "proj_article_search" SET tsv = tsv || vigie_search_day(discovered_at);
