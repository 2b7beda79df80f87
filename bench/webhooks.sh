#!/usr/bin/env bash
# Webhooks (issue 13): what delivery costs and how fast it is, against receivers on 127.0.0.1
# (bench/tools/hooks.py, which logs every delivery).
#
#   bench/webhooks.sh [--skip-build] [--skip-fault] [--terms 200] [--seconds 30] [--down 120]
#
#   1  cost: term writes (PUT, one term after another from --terms) as fast as 8 connections go,
#      --seconds each, with 0 webhook endpoints and then with 3 (all three sent to); goal >= 0.8x.
#   2  latency: 100 writes/s for --seconds with 3 endpoints; from each write's answer to the first
#      arrival of its event at each receiver, p50 and p99; events missing; webhook-ids seen with two
#      different bodies.
#   3  fault: 100 writes/s; after 10 s the receivers go down for --down s while writes go on, then
#      come back: every event delivered? how long until the backlog is drained (from the return)?
#
# Throwaway database glossary_bench_webhooks_<pid>; the service in the prod profile (lib.sh's JVM
# flags) with GLOSSARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true, since the receivers are on 127.0.0.1;
# everything stopped by PID and the database dropped on exit. Prints a Markdown table.
# Environment (optional): PORT (18480), HOOK_PORT (18481), PG* as for psql.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

TERMS=200
SECONDS_PER_RUN=30
DOWN=120
SKIP_BUILD=false
SKIP_FAULT=false
PORT=${PORT:-18480}
HOOK_PORT=${HOOK_PORT:-18481}
BASE="http://127.0.0.1:$PORT"
ADMIN="bench:bench-webhooks-password"
PATHS="/a,/b,/c"
RECEIVER_PID=""
TMP=$(mktemp -d /tmp/glossary-webhooks.XXXXXX)
cleanup() {
    stop_pid "$RECEIVER_PID" receiver 5
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
        *) die "unknown argument: $1" ;;
    esac
done

require_tools jq curl psql createdb dropdb pg_isready python3
require_free_ports "$PORT" "$HOOK_PORT"
ensure_jar "$SKIP_BUILD"
create_database "glossary_bench_webhooks_$$"
start_service "$PORT" "$PGPORT" GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=true \
    QUARKUS_SHUTDOWN_DELAY_ENABLED=false GLOSSARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
    GLOSSARY_ADMIN_USERNAME=bench GLOSSARY_ADMIN_PASSWORD=bench-webhooks-password
wait_for_status "$BASE/q/health/ready" 200 180 >/dev/null || die "service not ready within 180 s"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# Terms without relations, so that a write changes its own term only: one event per write.
log "creating $TERMS terms"
for ((i = 1; i <= TERMS; i++)); do
    curl -sf -u "$ADMIN" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Hook Bench $i\",\"shortDefinition\":\"Created.\"}" "$BASE/terms" >/dev/null
done
sql "SELECT slug FROM term WHERE name LIKE 'Hook Bench %' ORDER BY id" >"$TMP/slugs.txt"

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
    for path in $(tr ',' ' ' <<<"$PATHS" | cut -d' ' -f1-"$1"); do
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

writes() { # rate seconds out_file -> "ok per_s"
    python3 "$TOOLS_DIR/hooks.py" write --port "$PORT" --user "$ADMIN" --slugs "$TMP/slugs.txt" \
        --rate "$1" --seconds "$2" --threads 8 --out "$3" | awk '/^WRITES/ { print $2, $3 }'
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

# ------------------------------------------------------------------------------------------ 1: cost

log "1. cost: writes/s with 0 and with 3 endpoints"
receiver_up "$TMP/cost-received.tsv"
writes 0 5 "$TMP/warmup.tsv" >/dev/null
read -r _ COST_0 < <(writes 0 "$SECONDS_PER_RUN" "$TMP/cost-0.tsv")
note "0 endpoints: $COST_0 writes/s"
endpoints 3 >/dev/null
read -r _ COST_3 < <(writes 0 "$SECONDS_PER_RUN" "$TMP/cost-3.tsv")
COST_DRAIN=$(wait_drained 300)
note "3 endpoints: $COST_3 writes/s; backlog drained $COST_DRAIN s after the writes"
remove_endpoints
receiver_down

# --------------------------------------------------------------------------------------- 2: latency

log "2. latency: 100 writes/s, 3 endpoints, $SECONDS_PER_RUN s"
receiver_up "$TMP/latency-received.tsv"
endpoints 3 >/dev/null
read -r _ LATENCY_RATE < <(writes 100 "$SECONDS_PER_RUN" "$TMP/latency-writes.tsv")
LATENCY_DRAIN=$(wait_drained 120)
LATENCY=$(python3 "$TOOLS_DIR/hooks.py" report --writes "$TMP/latency-writes.tsv" \
    --received "$TMP/latency-received.tsv" --paths "$PATHS")
note "$LATENCY_RATE writes/s; $LATENCY"
remove_endpoints
receiver_down

# ----------------------------------------------------------------------------------------- 3: fault

FAULT="-" FAULT_DRAIN="-" FAULT_RATE="-"
if ! $SKIP_FAULT; then
    log "3. fault: 100 writes/s; receivers down for $DOWN s, then back"
    receiver_up "$TMP/fault-received.tsv"
    endpoints 3 >/dev/null
    python3 "$TOOLS_DIR/hooks.py" write --port "$PORT" --user "$ADMIN" --slugs "$TMP/slugs.txt" --rate 100 \
        --seconds $((DOWN + 40)) --threads 8 --out "$TMP/fault-writes.tsv" >"$TMP/fault-writer.out" &
    WRITER_PID=$!
    BG_PIDS+=("$WRITER_PID")
    sleep 10
    receiver_down
    note "receivers down; pending deliveries: $(pending)"
    sleep "$DOWN"
    note "receivers back; pending deliveries: $(pending)"
    receiver_up "$TMP/fault-received.tsv"
    wait "$WRITER_PID" || true
    FAULT_RATE=$(awk '/^WRITES/ { print $3 }' "$TMP/fault-writer.out")
    FAULT_DRAIN=$(wait_drained 900)
    FAULT_DRAIN_FROM_RETURN=$(awk -v d="$FAULT_DRAIN" 'BEGIN { if (d == "timeout") print d; else printf "%.1f", d + 30 }')
    FAULT=$(python3 "$TOOLS_DIR/hooks.py" report --writes "$TMP/fault-writes.tsv" \
        --received "$TMP/fault-received.tsv" --paths "$PATHS")
    note "$FAULT; drained $FAULT_DRAIN s after the writes ended ($FAULT_DRAIN_FROM_RETURN s after the receivers came back)"
    FAILED=$(sql "SELECT count(*) FROM webhook_delivery WHERE state = 'failed'")
    note "deliveries given up: $FAILED"
fi

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

cat <<TABLE

| webhooks ($(date -u +%Y-%m-%d), load before: $LOAD_START) | figure |
|---|---|
| writes/s, 0 endpoints (8 connections, ${SECONDS_PER_RUN} s) | $COST_0 |
| writes/s, 3 endpoints | $COST_3 ($(awk -v a="$COST_3" -v b="$COST_0" 'BEGIN { printf "%.2fx", a / b }')); backlog drained ${COST_DRAIN} s after |
| latency at ${LATENCY_RATE} writes/s x 3 endpoints, write answered -> received | p50 $(field p50_ms "$LATENCY") ms, p99 $(field p99_ms "$LATENCY") ms, max $(field max_ms "$LATENCY") ms |
| latency run: events missing / webhook-ids with two bodies | $(field missing "$LATENCY") of $(field expected "$LATENCY") / $(field conflicting_ids "$LATENCY") |
| fault: ${FAULT_RATE} writes/s, receivers down ${DOWN} s | $(field missing "$FAULT") of $(field expected "$FAULT") missing, $(field conflicting_ids "$FAULT") ids with two bodies, $(field deliveries "$FAULT") deliveries received |
| fault: backlog drained after the receivers came back | ${FAULT_DRAIN_FROM_RETURN:--} s |
TABLE
