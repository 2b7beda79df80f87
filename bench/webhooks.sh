#!/usr/bin/env bash
# Webhooks (issue 13): what delivery costs and how fast it is, against receivers on 127.0.0.1
# (bench/tools/hooks.py, which logs every delivery).
#
#   bench/webhooks.sh [--skip-build] [--skip-fault | --only-fault] [--terms 200] [--seconds 30] [--down 120]
#
#   1  cost: term writes as fast as 4 pgbench clients go, --seconds each, with 0 webhook endpoints
#      and then with 3 (all three subscribed; the sender runs meanwhile); goal >= 0.8x.
#   2  latency: 100 writes/s (pgbench -R) for --seconds with 3 endpoints; from each write's commit
#      to the first arrival of its event at each receiver, p50 and p99; deliveries missing;
#      webhook-ids seen with two different bodies.
#   3  fault: 100 writes/s; after 10 s the receivers go down for --down s while writes go on, then
#      come back: every event delivered? how long until the backlog is drained (from the return)?
#   4  editor writes (bench/writes.sh's mix), sender off, 3 and 0 endpoints in turns: what queueing
#      costs a typical write rather than the cheapest one.
#
# The writes are SQL (UPDATE term SET short_definition ...), not HTTP: every API write checks its
# editor's bcrypt hash (about 60 ms of CPU), which caps API writes far below 100/s on two cores and
# would hide what the outbox costs. The UPDATE runs the same triggers as an API write (documents,
# revision, feed row, webhook event), so each one is one term.updated event.
#
# Throwaway database glossary_bench_webhooks_<pid>; the service in the prod profile (lib.sh's JVM
# flags) with GLOSSARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true, since the receivers are on 127.0.0.1;
# everything stopped by PID and the database dropped on exit. Prints a Markdown table.
# Environment (optional): PORT (18480), HOOK_PORT (18481), KEEP_DB=1 (keep the database), KEEP_TMP=1
# (keep the logs), PG* as for psql.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

TERMS=200
SECONDS_PER_RUN=30
DOWN=120
SKIP_BUILD=false
SKIP_FAULT=false
ONLY_FAULT=false
PORT=${PORT:-18480}
HOOK_PORT=${HOOK_PORT:-18481}
BASE="http://127.0.0.1:$PORT"
ADMIN="bench:bench-webhooks-password"
PATHS="/a /b /c"
RECEIVER_PID=""
TMP=$(mktemp -d /tmp/glossary-webhooks.XXXXXX)
cleanup() {
    stop_pid "$RECEIVER_PID" receiver 5
    [[ -z ${KEEP_DB:-} ]] || DB_CREATED=false # to look into afterwards
    lib_cleanup
    [[ -n ${KEEP_TMP:-} ]] || rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

while (($#)); do
    case $1 in
        --terms) TERMS=${2:?}; shift 2 ;;
        --seconds) SECONDS_PER_RUN=${2:?}; shift 2 ;;
        --down) DOWN=${2:?}; shift 2 ;;
        --skip-build) SKIP_BUILD=true; shift ;;
        --skip-fault) SKIP_FAULT=true; shift ;;
        --only-fault) ONLY_FAULT=true; shift ;;
        *) die "unknown argument: $1" ;;
    esac
done

require_tools jq curl psql createdb dropdb pg_isready python3 pgbench
require_free_ports "$PORT" "$HOOK_PORT"
ensure_jar "$SKIP_BUILD"
create_database "glossary_bench_webhooks_$$"
service() { # [VAR=value ...]
    start_service "$PORT" "$PGPORT" GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=true \
        QUARKUS_SHUTDOWN_DELAY_ENABLED=false GLOSSARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
        GLOSSARY_ADMIN_USERNAME=bench GLOSSARY_ADMIN_PASSWORD=bench-webhooks-password "$@"
    wait_for_status "$BASE/q/health/ready" 200 180 >/dev/null || die "service not ready within 180 s"
}
service
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# Terms without relations, so that a write changes its own term only: one event per write.
log "creating $TERMS terms"
for ((i = 1; i <= TERMS; i++)); do
    curl -sf -u "$ADMIN" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Hook Bench $i\",\"shortDefinition\":\"Created.\"}" "$BASE/terms" >/dev/null
done
read -r LOW HIGH < <(sql "SELECT min(id), max(id) FROM term WHERE name LIKE 'Hook Bench %'" | tr '|' ' ')
cat >"$TMP/write.sql" <<SQL
\\set id random($LOW, $HIGH)
UPDATE term SET short_definition = 'Bench write ' || :client_id || ' ' || random() WHERE id = :id;
SQL

receiver_up() { # out_file
    python3 "$TOOLS_DIR/hooks.py" receive --port "$HOOK_PORT" --out "$1" &
    RECEIVER_PID=$!
    BG_PIDS+=("$RECEIVER_PID")
    wait_for_port "$HOOK_PORT" || die "receiver did not start"
}

receiver_down() {
    stop_pid "$RECEIVER_PID" receiver 5
    RECEIVER_PID=""
}

endpoints() { # count: registers that many endpoints (paths /a /b /c) and prints their ids
    local path
    for path in $(cut -d' ' -f1-"$1" <<<"$PATHS"); do
        curl -sf -u "$ADMIN" -H 'Content-Type: application/json' \
            -d "{\"url\":\"http://127.0.0.1:$HOOK_PORT$path\",\"events\":[\"term.updated\"]}" "$BASE/webhooks" | jq -r .id
    done
}

remove_endpoints() {
    local id
    for id in $(curl -sf -u "$ADMIN" "$BASE/webhooks?size=100" | jq -r '.items[].id'); do
        curl -sf -u "$ADMIN" -X DELETE "$BASE/webhooks/$id" >/dev/null
    done
}

writes() { # rate(0: as fast as it goes) seconds -> "transactions per_s"
    local rate=()
    (($1 > 0)) && rate=(-R "$1")
    pgbench -n -c 4 -j 2 "${rate[@]}" -T "$2" -f "$TMP/write.sql" 2>/dev/null \
        | awk '/actually processed/ { n = $NF } /^tps/ { printf "%s %.1f\n", n, $3 }'
}

editor_writes() { # -> writes per second of bench/sql/writes-*.sql on the terms there are
    editor_tps "$SECONDS_PER_RUN" "$(sql "SELECT max(id) FROM term")" | awk '{ printf "%.1f", $1 }'
}

expected() { # out_file: every delivery queued, with its event's commit time and its endpoint's path
    sql "SELECT 'msg_' || e.message_id, (extract(epoch FROM e.created_at) * 1000)::bigint,
                substring(p.url FROM '/[^/]*\$')
         FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id JOIN webhook_endpoint p ON p.id = d.endpoint_id" \
        | tr '|' '\t' >"$1"
}

pending() { sql "SELECT count(*) FROM webhook_delivery WHERE state = 'pending'"; }

wait_drained() { # timeout_s: waits until no delivery is pending; prints the seconds it took
    local started=$(now_ms) deadline=$((SECONDS + $1))
    until (($(pending) == 0)); do
        ((SECONDS < deadline)) || { echo timeout; return; }
        sleep 0.2
    done
    awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.1f", ms / 1000 }'
}

COST_0=- COST_3=- COST_DRAIN=- COST_QUEUE_ONLY=- EDITOR_3=- EDITOR_0=- EDITOR_RATIO=- LATENCY="" LATENCY_RATE=- LATENCY_WRITES=-
if ! $ONLY_FAULT; then
# ------------------------------------------------------------------------------------------ 1: cost

log "1. cost: writes/s with 0 and with 3 endpoints"
receiver_up "$TMP/cost-received.tsv"
writes 0 5 >/dev/null
read -r _ COST_0 < <(writes 0 "$SECONDS_PER_RUN")
note "0 endpoints: $COST_0 writes/s"
endpoints 3 >/dev/null
read -r _ COST_3 < <(writes 0 "$SECONDS_PER_RUN")
COST_DRAIN=$(wait_drained 300)
note "3 endpoints: $COST_3 writes/s; backlog drained $COST_DRAIN s after the writes"
# The outbox alone (events and deliveries queued in the write), without the sender and the receiver
# taking the same two cores.
stop_service
service GLOSSARY_WEBHOOKS_SEND_EVERY=off
read -r _ COST_QUEUE_ONLY < <(writes 0 "$SECONDS_PER_RUN")
note "3 endpoints, sender off: $COST_QUEUE_ONLY writes/s"
stop_service
service
wait_drained 300 >/dev/null
remove_endpoints
receiver_down

# --------------------------------------------------------------------------------------- 2: latency

log "2. latency: 100 writes/s, 3 endpoints, $SECONDS_PER_RUN s"
receiver_up "$TMP/latency-received.tsv"
endpoints 3 >/dev/null
read -r LATENCY_WRITES LATENCY_RATE < <(writes 100 "$SECONDS_PER_RUN")
wait_drained 120 >/dev/null
expected "$TMP/latency-expected.tsv"
LATENCY=$(python3 "$TOOLS_DIR/hooks.py" report --expected "$TMP/latency-expected.tsv" --received "$TMP/latency-received.tsv")
note "$LATENCY_WRITES writes ($LATENCY_RATE/s), $(wc -l <"$TMP/latency-expected.tsv") deliveries queued; $LATENCY"
remove_endpoints
receiver_down

fi

# ----------------------------------------------------------------------------------------- 3: fault

FAULT="-" FAULT_DRAIN="-" FAULT_RATE="-"
if ! $SKIP_FAULT; then
    log "3. fault: 100 writes/s; receivers down for $DOWN s, then back"
    receiver_up "$TMP/fault-received.tsv"
    endpoints 3 >/dev/null
    writes 100 $((DOWN + 40)) >"$TMP/fault-writer.out" &
    WRITER_PID=$!
    BG_PIDS+=("$WRITER_PID")
    sleep 10
    receiver_down
    note "receivers down; pending deliveries: $(pending)"
    sleep "$DOWN"
    note "receivers back; pending deliveries: $(pending)"
    receiver_up "$TMP/fault-received.tsv"
    wait "$WRITER_PID" || true
    read -r FAULT_WRITES FAULT_RATE <"$TMP/fault-writer.out"
    FAULT_DRAIN=$(wait_drained 900)
    FAULT_DRAIN_FROM_RETURN=$(awk -v d="$FAULT_DRAIN" 'BEGIN { if (d == "timeout") print d; else printf "%.1f", d + 30 }')
    expected "$TMP/fault-expected.tsv"
    FAULT=$(python3 "$TOOLS_DIR/hooks.py" report --expected "$TMP/fault-expected.tsv" --received "$TMP/fault-received.tsv")
    note "$FAULT_WRITES writes, $(wc -l <"$TMP/fault-expected.tsv") deliveries queued"
    note "$FAULT; drained $FAULT_DRAIN s after the writes ended ($FAULT_DRAIN_FROM_RETURN s after the receivers came back)"
    FAILED=$(sql "SELECT count(*) FROM webhook_delivery WHERE state = 'failed'")
    note "deliveries given up: $FAILED"
fi

# ------------------------------------------------------------------------------------ 4: editor writes
# The outbox's cost on an editor's writes (bench/writes.sh's: new terms related to two others, short
# definitions changed, several documents and events each), 3 and 0 endpoints in turns, twice, the
# sender off. Last, because these writes relate hundreds of new terms to the ones the steps above
# update, which would multiply their events.
if ! $ONLY_FAULT; then
    log "4. editor writes: 3 and 0 endpoints in turns, sender off"
    stop_service
    service GLOSSARY_WEBHOOKS_SEND_EVERY=off
    remove_endpoints
    : >"$TMP/editor.ratios"
    for round in 1 2; do
        endpoints 3 >/dev/null
        EDITOR_3=$(editor_writes)
        remove_endpoints
        EDITOR_0=$(editor_writes)
        awk -v a="$EDITOR_3" -v b="$EDITOR_0" 'BEGIN { print a / b }' >>"$TMP/editor.ratios"
        note "round $round: 3 endpoints $EDITOR_3 writes/s, 0 endpoints $EDITOR_0 writes/s"
    done
    EDITOR_RATIO=$(awk '{ printf "%s%.2fx", sep, $1; sep = ", " }' "$TMP/editor.ratios")
fi

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

cat <<TABLE

| webhooks ($(date -u +%Y-%m-%d), load before: $LOAD_START) | figure |
|---|---|
| writes/s, 0 endpoints (4 pgbench clients, ${SECONDS_PER_RUN} s) | $COST_0 |
| writes/s, 3 endpoints, the sender delivering to the receiver meanwhile (same 2 cores) | $COST_3 ($(ratio_x "$COST_3" "$COST_0")); backlog drained ${COST_DRAIN} s after |
| writes/s, 3 endpoints, sender off (what queueing in the write costs) | $COST_QUEUE_ONLY ($(ratio_x "$COST_QUEUE_ONLY" "$COST_0")) |
| editor writes/s (bench/writes.sh's), sender off, 3 vs 0 endpoints: last round; each round's ratio | $EDITOR_3 vs $EDITOR_0; $EDITOR_RATIO |
| latency at ${LATENCY_RATE} writes/s x 3 endpoints, commit -> received | p50 $(field p50_ms "$LATENCY") ms, p99 $(field p99_ms "$LATENCY") ms, max $(field max_ms "$LATENCY") ms |
| latency run: deliveries missing / duplicates / webhook-ids with two bodies | $(field missing "$LATENCY") of $(field expected "$LATENCY") ($LATENCY_WRITES writes) / $(field duplicates "$LATENCY") / $(field conflicting_ids "$LATENCY") |
| fault: ${FAULT_RATE} writes/s, receivers down ${DOWN} s | $(field missing "$FAULT") of $(field expected "$FAULT") missing (${FAULT_WRITES:--} writes), $(field duplicates "$FAULT") duplicates, $(field conflicting_ids "$FAULT") ids with two bodies |
| fault: backlog drained after the receivers came back | ${FAULT_DRAIN_FROM_RETURN:--} s |
TABLE
