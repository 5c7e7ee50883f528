#!/usr/bin/env bash
# Gapless read, append and index sizes of the events table at N rows (default 10 M), measured on a
# scratch database of the server of $DATABASE_URL, dropped at the end.
#   bash packages/event-store/bench/log-size.sh [ROWS]
# Method: rows are bulk-inserted with explicit tx_id values (3 events per transaction, as the
# pipeline writes) in 1 M batches into the migrated schema with every index present; after each
# step of the load the same probes run, so the growth of each figure with N is read off the run
# itself. The gapless bound pg_snapshot_xmin(pg_current_snapshot()) is replaced by a constant above
# the loaded tx ids (the loaded ids are not real xids): the plan is the same index range scan.
set -euo pipefail
ROWS=${1:-10000000}
BASE=${DATABASE_URL:?source the private services script first}
DB=vigie_bench_logsize
ADMIN="${BASE%/*}/postgres"
URL="${BASE%/*}/$DB"
cd "$(dirname "$0")/../../.."
psql -q "$ADMIN" -c "drop database if exists $DB with (force)" -c "create database $DB"
DATABASE_URL="$URL" pnpm -s vigie migrate --json >/dev/null
q() { psql -qAtX "$URL" -c "$1"; }
ms() { # median of 5 server-side execution times (EXPLAIN ANALYZE), in ms
  local t=(); for _ in 1 2 3 4 5; do t+=("$(psql -qAtX "$URL" -c "explain (analyze, timing off) $1" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p')"); done
  printf '%s\n' "${t[@]}" | sort -g | sed -n 3p
}
printf '| rows | heap MB | pkey MB | (tx_id,pos) MB | (stream,version) MB | (type,pos) MB | page@head ms | page@middle ms | filtered(type) ms | append tps (4 clients) |\n|---|---|---|---|---|---|---|---|---|---|\n'
loaded=0
while [ "$loaded" -lt "$ROWS" ]; do
  n=$(( ROWS - loaded < 1000000 ? ROWS - loaded : 1000000 ))
  q "insert into events (global_position, tx_id, stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)
     overriding system value
     select $loaded + i, (($loaded + i) / 3 + 1)::text::xid8, 'article:' || md5(((($loaded + i) / 3))::text), 1 + (($loaded + i) % 3), gen_random_uuid(),
            (array['ArticleDiscovered','ArticleFetched','ArticleAccepted'])[1 + (($loaded + i) % 3)], 1,
            jsonb_build_object('articleId', md5(i::text), 'url', 'https://news.example/' || i, 'title', repeat('x', 60)),
            jsonb_build_object('correlationId', gen_random_uuid())
     from generate_series(1, $n) i"
  loaded=$(( loaded + n ))
  q "select setval('events_global_position_seq', $loaded + 1)" >/dev/null
  q "vacuum analyze events" >/dev/null
  mid=$(( loaded / 2 ))
  bound=$(( loaded / 3 + 10 ))
  page="select event_id from events where (tx_id, global_position) > ('$(( mid / 3 ))'::xid8, $mid) and tx_id < '$bound'::xid8 order by tx_id, global_position limit 500"
  head="select event_id from events where (tx_id, global_position) > ('$(( (loaded - 600) / 3 ))'::xid8, $(( loaded - 600 ))) and tx_id < '$bound'::xid8 order by tx_id, global_position limit 500"
  filtered="select event_id from events where (tx_id, global_position) > ('$(( mid / 3 ))'::xid8, $mid) and tx_id < '$bound'::xid8 and event_type = 'ArticleAccepted' order by tx_id, global_position limit 500"
  sizes=$(q "select string_agg(round(pg_relation_size(c)::numeric / 1048576, 1)::text, '|' order by o) from (values ('events'::regclass, 0), ('events_pkey', 1), ('events_tx_position_idx', 2), ('events_stream_version_unique', 3), ('events_type_idx', 4)) v(c, o)" 2>/dev/null || echo "?")
  cat > /tmp/vigie-append.sql <<'SQL'
insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload) values ('bench:' || gen_random_uuid(), 1, gen_random_uuid(), 'BenchAppended', 1, '{"x":1}');
SQL
  tps=$(/usr/lib/postgresql/15/bin/pgbench -n -c 4 -j 2 -T 5 -f /tmp/vigie-append.sql "$URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$loaded" "${sizes//|/ | }" "$(ms "$head")" "$(ms "$page")" "$(ms "$filtered")" "$tps"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
psql -q "$ADMIN" -c "drop database if exists $DB with (force)"
