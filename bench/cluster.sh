#!/usr/bin/env bash
# The scaled topology on loopback (issue 14): N packaged instances on one PostgreSQL, nginx in front
# with the one configuration docker-compose also uses (deploy/nginx/glossary.conf.template).
#
#   bench/cluster.sh [--instances 3] [--terms 1000] [--duration 10s] [--scenario scale|rolling|all] [--skip-build]
#
#   scale    lookups (GET /terms/{slug}, the hot set) through nginx with 1, 2 and 3 instances, and
#            straight to one instance: req/s and the ratio to one instance behind nginx.
#   rolling  2 instances behind nginx under mixed load (wrk: lookups; loadgen.py: POST /subscribers
#            at 20/s, every answer logged): each instance in turn gets SIGTERM, is waited for and
#            started again. Counts requests failed at the client and subscriptions answered 202
#            but not stored (lost writes).
#
# The instances trust nginx's X-Forwarded-For (quarkus.http.proxy.*, peer 127.0.0.1), as compose's
# scaled profile does. Not here yet: the PostgreSQL replica and the failure drills of issue 14.
# Everything started is stopped by PID, the throwaway database dropped, on exit (KEEP_TMP=1 keeps the
# logs and the per-request TSV).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

INSTANCES=3
TERMS=1000
DURATION=10s
SCENARIO=all
SKIP_BUILD=false
LB_PORT=${LB_PORT:-18580}
FIRST_PORT=${FIRST_PORT:-18581}
TMP=$(mktemp -d /tmp/glossary-cluster.XXXXXX)
INSTANCE_PIDS=()
cleanup() {
    local pid
    for pid in "${INSTANCE_PIDS[@]}"; do stop_pid "$pid" instance 15; done
    lib_cleanup
    if [[ -n ${KEEP_TMP:-} ]]; then note "kept $TMP (logs, nginx error log, per-request TSV)"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

while (($#)); do
    case $1 in
        --instances) INSTANCES=${2:?}; shift 2 ;;
        --terms) TERMS=${2:?}; shift 2 ;;
        --duration) DURATION=${2:?}; shift 2 ;;
        --scenario) SCENARIO=${2:?}; shift 2 ;;
        --skip-build) SKIP_BUILD=true; shift ;;
        *) die "unknown argument: $1" ;;
    esac
done
((INSTANCES >= 2)) || die "--instances must be at least 2"

require_tools wrk nginx curl python3 psql createdb dropdb pg_isready
command -v envsubst >/dev/null || die "missing: envsubst (apt-get install -y gettext-base)"
PORTS=()
for ((i = 0; i < INSTANCES; i++)); do PORTS+=($((FIRST_PORT + i))); done
require_free_ports "$LB_PORT" "${PORTS[@]}"
ensure_jar "$SKIP_BUILD"
create_database "glossary_bench_cluster_$$"

INSTANCE_ENV=(GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=true
    QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true
    QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_HOST=true QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1)

start_instance() { # index: (re)starts instance index on its port; INSTANCE_PIDS[index] is its java
    start_service "${PORTS[$1]}" "$PGPORT" "${INSTANCE_ENV[@]}"
    INSTANCE_PIDS[$1]=$SERVICE_PID
    SERVICE_PID="" # lib_cleanup stops one service; this script stops them all by INSTANCE_PIDS
}

wait_ready() { # index
    local url="http://127.0.0.1:${PORTS[$1]}/q/health/ready" deadline=$(($(date +%s) + 180))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url") == 200 ]]; do
        kill -0 "${INSTANCE_PIDS[$1]}" 2>/dev/null || die "instance $1 exited: $(tail -n 20 "$TMP"/service-*.log)"
        (($(date +%s) < deadline)) || die "instance $1 not ready within 180 s"
        sleep 0.1
    done
}

start_lb() { # count: nginx in front of the first count instances (restarted if running)
    local servers="" i
    mkdir -p "$TMP/nginx"
    for ((i = 0; i < $1; i++)); do servers+="server 127.0.0.1:${PORTS[$i]} max_fails=2 fail_timeout=5s; "; done
    GLOSSARY_NGINX_LISTEN="127.0.0.1:$LB_PORT" GLOSSARY_UPSTREAM_SERVERS="$servers" \
        envsubst '${GLOSSARY_NGINX_LISTEN} ${GLOSSARY_UPSTREAM_SERVERS}' \
        <"$REPO_DIR/deploy/nginx/glossary.conf.template" >"$TMP/nginx/glossary.conf"
    run_nginx "$TMP/nginx/glossary.conf" "http://127.0.0.1:$LB_PORT/q/health/ready"
}

log "migrating, then loading $TERMS terms"
start_instance 0
wait_ready 0
stop_pid "${INSTANCE_PIDS[0]}" instance 15
load_terms "$TERMS"
log "starting $INSTANCES instances on ${PORTS[*]}"
for ((i = 0; i < INSTANCES; i++)); do start_instance "$i"; done
for ((i = 0; i < INSTANCES; i++)); do wait_ready "$i"; done
sql "SELECT '/terms/' || slug FROM term ORDER BY md5(slug) LIMIT 1000" >"$TMP/lookups.txt"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git -C "$REPO_DIR" rev-parse --short HEAD)

rps() { # base_url -> req/s of the lookup list, and non-2xx + socket errors
    wrk -t2 -c32 -d"$DURATION" --timeout 5s -s "$BENCH_DIR/lua/lean.lua" "$1" -- "$TMP/lookups.txt" \
        | awk '/Requests\/sec/ { rps = $2 } /Non-2xx/ { bad += $5 } /Socket errors/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
               END { printf "%.0f %d\n", rps, bad }'
}

if [[ $SCENARIO == scale || $SCENARIO == all ]]; then
    log "scale: lookups through nginx with 1..$INSTANCES instances, and straight to one"
    echo "| topology | lookups req/s | errors | ratio to 1 instance behind nginx |" >"$TMP/scale.md"
    echo "|---|---|---|---|" >>"$TMP/scale.md"
    rps "http://127.0.0.1:${PORTS[0]}" >/dev/null # warm-up
    read -r direct direct_bad < <(rps "http://127.0.0.1:${PORTS[0]}")
    for ((n = 1; n <= INSTANCES; n++)); do
        start_lb "$n"
        rps "http://127.0.0.1:$LB_PORT" >/dev/null
        read -r r bad < <(rps "http://127.0.0.1:$LB_PORT")
        ((n == 1)) && one=$r
        echo "| nginx + $n instance(s) | $r | $bad | $(awk -v a="$r" -v b="$one" 'BEGIN { printf "%.2fx", a / b }') |" >>"$TMP/scale.md"
    done
    echo "| one instance, no nginx | $direct | $direct_bad | $(awk -v a="$direct" -v b="$one" 'BEGIN { printf "%.2fx", a / b }') |" >>"$TMP/scale.md"
fi

if [[ $SCENARIO == rolling || $SCENARIO == all ]]; then
    log "rolling restart of 2 instances behind nginx under mixed load"
    start_lb 2
    seconds=$((30 + 2 * 25))
    wrk -t2 -c16 -d"${seconds}s" --timeout 5s -s "$BENCH_DIR/lua/lean.lua" "http://127.0.0.1:$LB_PORT" -- "$TMP/lookups.txt" \
        >"$TMP/wrk-rolling.txt" 2>&1 &
    BG_PIDS+=($!)
    wrk_pid=$!
    python3 "$TOOLS_DIR/loadgen.py" subscribe --base "http://127.0.0.1:$LB_PORT" --prefix rolling --source cluster \
        --threads 2 --rate 10 --seconds "$seconds" --timeout 10 --out "$TMP/subscribe.tsv" >"$TMP/subscribe.txt" &
    BG_PIDS+=($!)
    sub_pid=$!
    sleep 10
    for i in 0 1; do
        started=$(now_ms)
        stop_pid "${INSTANCE_PIDS[$i]}" instance 30
        stopped=$(($(now_ms) - started))
        start_instance "$i"
        wait_ready "$i"
        note "instance $i: stopped in $stopped ms, back ready $(($(now_ms) - started)) ms after SIGTERM"
        sleep 15
    done
    wait "$wrk_pid" || true
    wait "$sub_pid" || true
    lookups=$(awk '/requests in/ { print $1 }' "$TMP/wrk-rolling.txt")
    lookup_bad=$(awk '/Non-2xx/ { bad += $5 } /Socket errors/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 } END { print bad + 0 }' "$TMP/wrk-rolling.txt")
    subscribes=$(wc -l <"$TMP/subscribe.tsv")
    subscribe_bad=$(awk -F'\t' '$3 != 202' "$TMP/subscribe.tsv" | wc -l)
    awk -F'\t' '$3 == 202 { print $2 }' "$TMP/subscribe.tsv" >"$TMP/accepted.txt"
    lost=$(missing_subscribers "$TMP/accepted.txt")
    {
        echo "| rolling restart, 2 instances | requests | failed at the client |"
        echo "|---|---|---|"
        echo "| lookups (wrk, 16 connections) | $lookups | $lookup_bad |"
        echo "| POST /subscribers (20/s) | $subscribes | $subscribe_bad (statuses: $(awk -F'\t' '{ print $3 ($5 == "" ? "" : "/" $5) }' "$TMP/subscribe.tsv" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')) |"
        echo ""
        echo "Subscriptions answered 202: $lost in the database."
    } >"$TMP/rolling.md"
fi

echo "Cluster on loopback, commit $COMMIT, $TERMS terms, $INSTANCES instances, load average at start $LOAD_START, 2 cores."
for table in scale rolling; do
    [[ -f $TMP/$table.md ]] && { echo; cat "$TMP/$table.md"; }
done
