-- Hand-written (issue 21): the events table becomes partitioned by range of global_position, design
-- and reasons in docs/scaling.md ("Partitioning the events table"). Postgres allows a unique index
-- on a partitioned table only if it contains the partition key, so the two global uniqueness
-- guarantees move to two unpartitioned side tables, written by a BEFORE INSERT trigger in the
-- inserting statement (every writer, raw SQL included, goes through it):
--   event_ids(event_id primary key, global_position)   idempotency (guarantee 2)
--   stream_heads(stream_id primary key, version, …)    optimistic concurrency (guarantee 3): an
--     insert must number its event head + 1, else it fails as the old unique constraint did.
-- The current table, with its rows, becomes the first partition (ATTACH, no copy of the heap).
CREATE TABLE "event_ids" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"global_position" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_heads" (
	"stream_id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"first_position" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO event_ids (event_id, global_position) SELECT event_id, global_position FROM events;
--> statement-breakpoint
INSERT INTO stream_heads (stream_id, version, first_position)
  SELECT stream_id, max(stream_version), min(global_position) FROM events GROUP BY stream_id;
--> statement-breakpoint
-- The rows' guarantees now live in the side tables; the old table keeps its position indexes,
-- which the partitioned table's indexes adopt when it is attached.
ALTER TABLE events RENAME TO events_p0;
--> statement-breakpoint
ALTER TABLE events_p0 DROP CONSTRAINT events_pkey, DROP CONSTRAINT events_stream_version_unique;
--> statement-breakpoint
ALTER TABLE events_p0 ALTER COLUMN event_id SET NOT NULL;
--> statement-breakpoint
ALTER INDEX events_tx_position_idx RENAME TO events_p0_tx_id_global_position_idx;
--> statement-breakpoint
ALTER INDEX events_type_idx RENAME TO events_p0_event_type_global_position_idx;
--> statement-breakpoint
DROP TRIGGER events_no_update_delete ON events_p0;
--> statement-breakpoint
CREATE TEMPORARY TABLE vigie_0014_sequence ON COMMIT DROP AS
  SELECT last_value, is_called FROM events_global_position_seq;
--> statement-breakpoint
ALTER TABLE events_p0 ALTER COLUMN global_position DROP IDENTITY;
--> statement-breakpoint
CREATE TABLE "events" (
	"global_position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "events_global_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"stream_id" text NOT NULL,
	"stream_version" integer NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"schema_version" smallint NOT NULL,
	"payload" jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_pkey" PRIMARY KEY("global_position"),
	CONSTRAINT "events_stream_version_positive" CHECK ("events"."stream_version" > 0)
) PARTITION BY RANGE ("global_position");
--> statement-breakpoint
SELECT setval('events_global_position_seq', last_value, is_called) FROM vigie_0014_sequence;
--> statement-breakpoint
CREATE UNIQUE INDEX "events_tx_position_idx" ON "events" USING btree ("tx_id","global_position");
--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("event_type","global_position");
--> statement-breakpoint
-- Reading a stream: stream_heads.first_position bounds the scan to the partitions it lives in.
CREATE INDEX "events_stream_idx" ON "events" USING btree ("stream_id","stream_version");
--> statement-breakpoint
-- Claims the event's id and stream version in the side tables; runs before the row is stored, in
-- the inserting transaction, as the inserting role (vigie_app has the grants below). Errors keep
-- the SQLSTATE and constraint names of the unpartitioned table, so callers did not change.
CREATE OR REPLACE FUNCTION vigie_events_claim() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head integer;
BEGIN
  INSERT INTO public.event_ids (event_id, global_position) VALUES (NEW.event_id, NEW.global_position);
  IF NEW.stream_version = 1 THEN
    INSERT INTO public.stream_heads (stream_id, version, first_position) VALUES (NEW.stream_id, 1, NEW.global_position)
      ON CONFLICT (stream_id) DO NOTHING;
  ELSE
    UPDATE public.stream_heads SET version = NEW.stream_version
      WHERE stream_id = NEW.stream_id AND version = NEW.stream_version - 1;
  END IF;
  IF FOUND THEN
    RETURN NEW;
  END IF;
  SELECT version INTO head FROM public.stream_heads WHERE stream_id = NEW.stream_id;
  IF head IS NULL OR head < NEW.stream_version - 1 THEN
    RAISE EXCEPTION 'stream % is at version %: version % would leave a gap', NEW.stream_id, coalesce(head, 0), NEW.stream_version
      USING ERRCODE = 'check_violation', CONSTRAINT = 'events_stream_version_contiguous';
  END IF;
  RAISE EXCEPTION 'duplicate key value violates unique constraint "events_stream_version_unique"'
    USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_stream_version_unique',
      DETAIL = format('Key (stream_id, stream_version)=(%s, %s) already exists.', NEW.stream_id, NEW.stream_version);
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_claim BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION vigie_events_claim();
--> statement-breakpoint
-- Row triggers of a partitioned table are cloned onto every partition, present and future.
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
-- Statement triggers are not cloned: TRUNCATE is refused on the parent here and on each partition
-- by vigie_events_add_partition (events_p0 keeps its own from 0001).
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
CREATE TRIGGER event_ids_no_update_delete BEFORE UPDATE OR DELETE ON event_ids
  FOR EACH ROW EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
CREATE TRIGGER event_ids_no_truncate BEFORE TRUNCATE ON event_ids
  FOR EACH STATEMENT EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
-- A head only moves forward (UPDATE by the trigger); a head removed would let a version be reused.
CREATE TRIGGER stream_heads_no_delete BEFORE DELETE ON stream_heads
  FOR EACH ROW EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
CREATE TRIGGER stream_heads_no_truncate BEFORE TRUNCATE ON stream_heads
  FOR EACH STATEMENT EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
-- One partition [lower, upper) with its TRUNCATE guard. Partitions are reached through `events`
-- only: no role gets privileges on them (those of `events` apply). Used here and by
-- `vigie maintenance`; SECURITY DEFINER so that the app role may create partitions ahead
-- (a maintenance job run by the application) without owning the table.
CREATE OR REPLACE FUNCTION vigie_events_add_partition(lower bigint, upper bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  name text := format('events_p%s', lower);
BEGIN
  -- CREATE + ATTACH rather than CREATE … PARTITION OF: ATTACH locks `events` in SHARE UPDATE
  -- EXCLUSIVE mode, which lets appends and reads go on; PARTITION OF would wait for every open
  -- transaction on `events` and block all of them behind it.
  EXECUTE format('CREATE TABLE public.%I (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
  EXECUTE format('ALTER TABLE public.events ATTACH PARTITION public.%I FOR VALUES FROM (%s) TO (%s)', name, lower, upper);
  EXECUTE format('CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON public.%I FOR EACH STATEMENT EXECUTE FUNCTION public.vigie_refuse_change()', name);
  EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC, vigie_app, vigie_reader', name);
  RETURN name;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vigie_events_add_partition(bigint, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vigie_events_add_partition(bigint, bigint) TO vigie_app;
--> statement-breakpoint
-- The old rows: one partition from 0 up to the next multiple of 10 M above the sequence (the
-- default partition size of `vigie maintenance`), then the next partition, empty, ahead.
DO $$
DECLARE
  size constant bigint := 10000000;
  head bigint := (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM vigie_0014_sequence);
  upper bigint := (head / size + 1) * size;
BEGIN
  EXECUTE format('ALTER TABLE events ATTACH PARTITION events_p0 FOR VALUES FROM (0) TO (%s)', upper);
  PERFORM vigie_events_add_partition(upper, upper + size);
END
$$;
--> statement-breakpoint
REVOKE ALL ON events_p0 FROM PUBLIC, vigie_app, vigie_reader;
--> statement-breakpoint
-- Grants: `events` exactly as before (0001, 0006); the side tables are written by the trigger as
-- the inserting role and never rewritten (event_ids) or only moved forward (stream_heads).
REVOKE ALL ON events FROM PUBLIC, vigie_app, vigie_reader;
--> statement-breakpoint
GRANT SELECT, INSERT ON events TO vigie_app;
--> statement-breakpoint
GRANT SELECT ON events TO vigie_reader;
--> statement-breakpoint
REVOKE ALL ON event_ids, stream_heads FROM PUBLIC, vigie_app, vigie_reader;
--> statement-breakpoint
GRANT SELECT, INSERT ON event_ids TO vigie_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON stream_heads TO vigie_app;
--> statement-breakpoint
GRANT SELECT ON event_ids, stream_heads TO vigie_reader;
