#!/usr/bin/env bash
# Gapless read, append and index sizes of the partitioned events table at N rows (default 10 M),
# measured on a scratch database of the server of $DATABASE_URL, dropped at the end.
#   bash packages/event-store/bench/log-size.sh [ROWS] [PARTITION_SIZE] [MINUTES]
# Method: the migrated schema's partitions are replaced by partitions of PARTITION_SIZE positions
# (default 1 M: 10 partitions at 10 M rows, as 10 M-position partitions at 100 M rows). Rows are
# bulk-inserted with explicit tx_id values (3 events per transaction, as the pipeline writes) in 1 M
# batches with every index present; for the load only, the insert trigger is disabled and the side
# tables (event_ids, stream_heads) are filled by one statement per batch, as migration 0014 fills
# them. After each batch the same probes run, so the growth of each figure with N is read off the
# run itself: relation sizes, server-side execution time of a 500-event gapless page at the head,
# in the middle and filtered by type (median of 5 EXPLAIN ANALYZE), and 5 s of single-event appends
# from 4 pgbench clients through the trigger (so with both side tables written). The gapless bound
# pg_snapshot_xmin(pg_current_snapshot()) is replaced by a constant above the loaded tx ids (the
# loaded ids are not real xids): the plan is the same index range scan. The load stops after
# MINUTES (default 22) and reports how far it got; RESUME=1 goes on loading the database a
# previous run left with KEEP=1 (so that 10 M rows fit in runs of under 25 minutes).
set -euo pipefail
ROWS=${1:-10000000}
PART=${2:-1000000}
MINUTES=${3:-22}
BASE=${DATABASE_URL:?source the private services script first}
DB=vigie_bench_logsize
ADMIN="${BASE%/*}/postgres"
URL="${BASE%/*}/$DB"
cd "$(dirname "$0")/../../.."
q() { psql -qAtX "$URL" -c "$1"; }
ms() { # median of 5 server-side execution times (EXPLAIN ANALYZE), in ms
  local t=(); for _ in 1 2 3 4 5; do t+=("$(psql -qAtX "$URL" -c "explain (analyze, timing off) $1" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p')"); done
  printf '%s\n' "${t[@]}" | sort -g | sed -n 3p
}
loaded=0
if [ -n "${RESUME:-}" ]; then
  loaded=$(q "select coalesce(max(global_position), 0) from events")
else
  psql -q "$ADMIN" -c "drop database if exists $DB with (force)" -c "create database $DB"
  DATABASE_URL="$URL" pnpm -s vigie migrate --json >/dev/null
  for p in $(q "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass"); do
    q "alter table events detach partition $p" && q "drop table $p"
  done
  for ((lower = 0; lower < ROWS + 2 * PART; lower += PART)); do q "select vigie_events_add_partition($lower, $((lower + PART)))" >/dev/null; done
fi
start=$SECONDS
echo "rows; partition size $PART; postgres $(q 'show server_version'), shared_buffers $(q 'show shared_buffers'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| rows | heap MB | pkey(pos) MB | (tx_id,pos) MB | (stream,version) MB | (type,pos) MB | event_ids MB (heap+pkey) | stream_heads MB (heap+pkey) | page@head ms | page@middle ms | filtered(type) ms | append tps (4 clients) | load s | loadavg |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
while [ "$loaded" -lt "$ROWS" ] && [ $((SECONDS - start)) -lt $((MINUTES * 60)) ]; do
  n=$(( ROWS - loaded < 1000000 ? ROWS - loaded : 1000000 ))
  t0=$SECONDS
  q "alter table events disable trigger events_claim"
  q "insert into events (global_position, tx_id, stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)
     overriding system value
     select $loaded + i, (($loaded + i) / 3 + 1)::text::xid8, 'article:' || md5(((($loaded + i) / 3))::text), 1 + (($loaded + i) % 3), gen_random_uuid(),
            (array['ArticleDiscovered','ArticleFetched','ArticleAccepted'])[1 + (($loaded + i) % 3)], 1,
            jsonb_build_object('articleId', md5(i::text), 'url', 'https://news.example/' || i, 'title', repeat('x', 60)),
            jsonb_build_object('correlationId', gen_random_uuid())
     from generate_series(1, $n) i"
  q "insert into event_ids select event_id, global_position from events where global_position > $loaded and global_position <= $loaded + $n"
  q "insert into stream_heads select stream_id, max(stream_version), min(global_position) from events
     where global_position > $loaded and global_position <= $loaded + $n group by stream_id
     on conflict (stream_id) do update set version = greatest(stream_heads.version, excluded.version)"
  q "alter table events enable trigger events_claim"
  loaded=$(( loaded + n ))
  q "select setval('events_global_position_seq', $loaded + 1)" >/dev/null
  q "vacuum analyze events, event_ids, stream_heads" >/dev/null
  load_s=$(( SECONDS - t0 ))
  mid=$(( loaded / 2 ))
  bound=$(( loaded / 3 + 10 ))
  page="select event_id from events where (tx_id, global_position) > ('$(( mid / 3 ))'::xid8, $mid) and tx_id < '$bound'::xid8 order by tx_id, global_position limit 500"
  head="select event_id from events where (tx_id, global_position) > ('$(( (loaded - 600) / 3 ))'::xid8, $(( loaded - 600 ))) and tx_id < '$bound'::xid8 order by tx_id, global_position limit 500"
  filtered="select event_id from events where (tx_id, global_position) > ('$(( mid / 3 ))'::xid8, $mid) and tx_id < '$bound'::xid8 and event_type = 'ArticleAccepted' order by tx_id, global_position limit 500"
  # Sums over the partitions, per index of the parent; the side tables.
  sizes=$(q "with parts as (select inhrelid from pg_inherits where inhparent = 'events'::regclass),
    idx as (select p.inhrelid, i.indexrelid, pi.inhparent as parent_index from parts p join pg_index i on i.indrelid = p.inhrelid join pg_inherits pi on pi.inhrelid = i.indexrelid)
    select concat_ws('|',
      round(sum(pg_relation_size(inhrelid)) / 1048576.0, 1),
      (select round(sum(pg_relation_size(indexrelid)) / 1048576.0, 1) from idx where parent_index = 'events_pkey'::regclass),
      (select round(sum(pg_relation_size(indexrelid)) / 1048576.0, 1) from idx where parent_index = 'events_tx_position_idx'::regclass),
      (select round(sum(pg_relation_size(indexrelid)) / 1048576.0, 1) from idx where parent_index = 'events_stream_idx'::regclass),
      (select round(sum(pg_relation_size(indexrelid)) / 1048576.0, 1) from idx where parent_index = 'events_type_idx'::regclass),
      round(pg_relation_size('event_ids') / 1048576.0, 1) || '+' || round(pg_relation_size('event_ids_pkey') / 1048576.0, 1),
      round(pg_relation_size('stream_heads') / 1048576.0, 1) || '+' || round(pg_relation_size('stream_heads_pkey') / 1048576.0, 1))
    from parts")
  cat > /tmp/vigie-append.sql <<'SQL'
insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload) values ('bench:' || gen_random_uuid(), 1, gen_random_uuid(), 'BenchAppended', 1, '{"x":1}');
SQL
  tps=$(/usr/lib/postgresql/15/bin/pgbench -n -c 4 -j 2 -T 5 -f /tmp/vigie-append.sql "$URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
  # The appends took positions after the loaded rows: the next batch starts after them.
  loaded=$(q "select max(global_position) from events")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$loaded" "${sizes//|/ | }" "$(ms "$head")" "$(ms "$page")" "$(ms "$filtered")" "$tps" "$load_s" "$(cut -d' ' -f1 /proc/loadavg)"
done
echo "reached $loaded rows in $(( SECONDS - start )) s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
q "explain (costs off) select event_id from events where (tx_id, global_position) > ('1'::xid8, 3) and tx_id < '9'::xid8 order by tx_id, global_position limit 500" | head -8
[ -n "${KEEP:-}" ] || psql -q "$ADMIN" -c "drop database if exists $DB with (force)"
