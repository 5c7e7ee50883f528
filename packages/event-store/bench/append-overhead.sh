#!/usr/bin/env bash
# The price of partitioning on the append, in one process: single-event inserts (4 pgbench
# clients, 5 s rounds, interleaved) into the partitioned `events` (insert trigger writing
# event_ids and stream_heads) and into `events_flat`, a copy of the pre-0014 table (one table,
# unique indexes on event_id and (stream_id, stream_version)), both holding ROWS loaded rows.
#   bash packages/event-store/bench/append-overhead.sh [ROWS] [ROUNDS]
set -euo pipefail
ROWS=${1:-200000}
ROUNDS=${2:-4}
BASE=${DATABASE_URL:?source the private services script first}
DB=vigie_bench_append_overhead
ADMIN="${BASE%/*}/postgres"
URL="${BASE%/*}/$DB"
cd "$(dirname "$0")/../../.."
psql -q "$ADMIN" -c "drop database if exists $DB with (force)" -c "create database $DB"
DATABASE_URL="$URL" pnpm -s vigie migrate --json >/dev/null
q() { psql -qAtX "$URL" -c "$1"; }
q "create table events_flat (
  global_position bigint generated always as identity, tx_id xid8 not null default pg_current_xact_id(), stream_id text not null,
  stream_version integer not null check (stream_version > 0), event_id uuid primary key, event_type text not null, schema_version smallint not null,
  payload jsonb not null, metadata jsonb not null default '{}', recorded_at timestamptz not null default now(), unique (stream_id, stream_version))"
q "create unique index on events_flat (tx_id, global_position)"
q "create index on events_flat (event_type, global_position)"
for t in events events_flat; do
  q "insert into $t (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)
     select 'article:' || md5((i / 3)::text), 1 + (i % 3), gen_random_uuid(), (array['ArticleDiscovered','ArticleFetched','ArticleAccepted'])[1 + (i % 3)], 1,
            jsonb_build_object('articleId', md5(i::text), 'url', 'https://news.example/' || i, 'title', repeat('x', 60)), jsonb_build_object('correlationId', gen_random_uuid())
     from generate_series(0, $ROWS - 1) i order by i"
done
q "vacuum analyze"
for t in events events_flat; do
  printf "insert into %s (stream_id, stream_version, event_id, event_type, schema_version, payload) values ('bench:' || gen_random_uuid(), 1, gen_random_uuid(), 'BenchAppended', 1, '{\"x\":1}');\n" "$t" > "/tmp/vigie-append-$t.sql"
done
echo "round | partitioned tps | flat tps | load average"
for r in $(seq 1 "$ROUNDS"); do
  a=$(/usr/lib/postgresql/15/bin/pgbench -n -c 4 -j 2 -T 5 -f /tmp/vigie-append-events.sql "$URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
  b=$(/usr/lib/postgresql/15/bin/pgbench -n -c 4 -j 2 -T 5 -f /tmp/vigie-append-events_flat.sql "$URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
  echo "$r | $a | $b | $(cut -d' ' -f1 /proc/loadavg)"
done
psql -q "$ADMIN" -c "drop database if exists $DB with (force)"
