/*
 * The SQL of the append path. Every statement's insert is its only write, so it is the first write
 * of its transaction and its tx_id is taken at insert time (guarantee 1).
 *
 * A fast statement serves the common case (one event, new id, expected version met) and looks up
 * nothing but the stream head: an existing id or a stale expected version makes it insert
 * nothing, and the caller falls back to the checked statement, which sorts out idempotent
 * retries, conflicts and version mismatches. `on conflict (event_id) do nothing` is safe for one
 * event (no later row can be left with a hole before it) and, unlike an error, leaves a caller's
 * transaction usable for the fallback.
 *
 * Since the log is partitioned (migration 0014), heads are read from `stream_heads` and ids looked up
 * in `event_ids`, the two side tables that the insert trigger of `events` keeps: they are where a
 * duplicate id or stream version is refused, with the SQLSTATE and constraint names of the old
 * unique indexes. An id that exists when the statement starts is skipped by `not exists`; one
 * inserted by a concurrent transaction fails the statement (23505), and the caller falls back.
 * Profile and figures: docs/event-store.md, "Where the append time goes".
 */

/**
 * One event, scalar parameters: $1 stream, $2 event id, $3 type, $4 schema version, $5 payload
 * and $6 metadata as JSON text, $7 expected version (null: any).
 */
export const APPEND_ONE_SQL = `
with head as (select coalesce((select h.version from stream_heads h where h.stream_id = $1::text), 0) as version)
insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)
select $1::text, head.version + 1, $2::uuid, $3::text, $4::int2, $5::text::jsonb, $6::text::jsonb
from head
where ($7::int is null or head.version = $7::int)
  and not exists (select 1 from event_ids x where x.event_id = $2::uuid)
returning stream_version, global_position, tx_id`;

/**
 * Several appends at once (group commit, see group-commit.ts): the columns of all their events
 * as arrays ($1..$6) and, per event, its append's expected version ($7, null: any). An append
 * whose expected version does not hold gets nothing inserted; the caller makes it alone. An id
 * that exists fails the whole statement on the primary key, and then every append goes alone.
 */
export const APPEND_GROUP_SQL = `
with input as (
  select * from unnest($1::uuid[], $2::text[], $3::text[], $4::int2[], $5::text[], $6::text[], $7::int[]) with ordinality
    as x(event_id, stream_id, event_type, schema_version, payload_text, metadata_text, expected, ord)
),
headed as (
  select i.*, h.version from input i
  cross join lateral (select coalesce(max(s.version), 0) as version from stream_heads s where s.stream_id = i.stream_id) h
)
insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)
select stream_id, (version + row_number() over (partition by stream_id order by ord))::int,
       event_id, event_type, schema_version, payload_text::jsonb, metadata_text::jsonb
from headed
where expected is null or version = expected
order by ord
returning event_id, stream_version, global_position, tx_id`;

/*
 * The complete statement: find events that already exist (idempotent retries), read each
 * stream's head, number the new events after it, insert them.
 *
 * Why not `ON CONFLICT (event_id) DO NOTHING`: skipping one row of a batch would leave a hole in
 * the stream versions numbered for the rows after it. Existing ids are filtered out before
 * numbering instead, and a concurrent insert of the same id (or of the same stream version)
 * aborts the whole statement with a unique violation, which the caller retries.
 */
export const APPEND_CHECKED_SQL = `
with input as (
  select * from unnest($1::uuid[], $2::text[], $3::text[], $4::int2[], $5::text[], $6::text[]) with ordinality
    as x(event_id, stream_id, event_type, schema_version, payload_text, metadata_text, ord)
),
-- Lookups are written as lateral subqueries, one index probe per input row: the generic plan
-- cannot know the arrays' length (it guesses 10), and as plain joins it chose a hash join over
-- the whole table for existing ids and a quadratic nested loop for the heads. The aggregate and
-- the limit keep the subqueries from being flattened back into joins.
headed as (
  select i.*, h.version from input i
  cross join lateral (select coalesce(max(s.version), 0) as version from stream_heads s where s.stream_id = i.stream_id) h
),
existing as (
  select e.event_id, e.stream_id, e.stream_version, e.global_position, e.tx_id,
         (e.stream_id = i.stream_id and e.event_type = i.event_type
          and e.schema_version = i.schema_version and e.payload = i.payload_text::jsonb) as same
  from input i
  cross join lateral (
    select e.* from event_ids x join events e on e.global_position = x.global_position where x.event_id = i.event_id limit 1
  ) e
),
fresh as (
  select i.*, (i.version + row_number() over (partition by i.stream_id order by i.ord))::int as stream_version
  from headed i
  where not exists (select 1 from existing x where x.event_id = i.event_id)
    and ($7::int is null or i.version = $7::int)
),
inserted as (
  insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)
  select stream_id, stream_version, event_id, event_type, schema_version, payload_text::jsonb, metadata_text::jsonb
  from fresh order by ord
  returning event_id, stream_id, stream_version, global_position, tx_id
)
-- New rows leave out what the caller knows (their stream); heads are needed only for streams
-- that got nothing new (all retried, or the expected version not met).
select 'new' as kind, event_id::text, null::text as stream_id, stream_version, global_position::text, tx_id::text, true as same from inserted
union all
select 'old', event_id::text, stream_id, stream_version, global_position::text, tx_id::text, same from existing
union all
select distinct 'head', null::text, h.stream_id, h.version, null::text, null::text, null::boolean from headed h
where not exists (select 1 from fresh f where f.stream_id = h.stream_id)`;
