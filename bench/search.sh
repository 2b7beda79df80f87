#!/usr/bin/env bash
# Search at 100,000 terms (issue 23): the packaged jar's in-process index against its targets, in one
# run on one machine. Loopback only; everything it starts is stopped by PID, its database dropped.
#
#   bench/search.sh [--terms N] [--database NAME] [--duration 10s] [--skip-build] [--out NAME]
#
#   --terms N        terms to load into a throwaway database (default 100000)
#   --database NAME  use this database as it is (already loaded and migrated; kept afterwards)
#   --duration D     the 20-client run (default 10s)
#   --warm-up W      searches on other queries after the restart, before anything is measured (default 20s)
#   --out NAME       also write the report to bench/results/NAME.md (default search-N)
#
# Steps: start instance A (Temurin 25, the bench's JVM flags) and wait until ready (its build time
# is logged); the judged set against the PostgreSQL ranking (tools/relevance.py); restart A (no answer
# cached), warm its JVM up for W on other queries, and send 300 unseen queries from one client
# (search-latency.sh); 20 clients for D on ~100,000 distinct
# unseen queries (wrk, lean script); RSS of A; start instance B and write through A while searching B
# (tools/freshness.py, 4 writers). Figures are printed and written to bench/results/.
set -euo pipefail
TMP=$(mktemp -d)
JAVA_CHOSEN=${JAVA_BIN:-}
source "$(dirname "${BASH_SOURCE[0]}")/tools/lib.sh"
trap 'lib_cleanup; rm -rf "$TMP"' EXIT

TERMS=100000 DATABASE="" DURATION=10s WARM_UP=20s SKIP_BUILD=false OUT=""
while (($#)); do
    case $1 in
        --terms) TERMS=$2; shift ;;
        --database) DATABASE=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --warm-up) WARM_UP=$2; shift ;;
        --skip-build) SKIP_BUILD=true ;;
        --out) OUT=$2; shift ;;
        -h | --help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1" ;;
    esac
    shift
done
PORT=${PORT:-18080} PORT_B=${PORT_B:-18082}
ADMIN=bench-admin ADMIN_PASSWORD=bench-admin-password
JAVA_BIN=${JAVA_CHOSEN:-$JAVA25_HOME/bin/java}
SETTINGS=(GLOSSARY_ADMIN_USERNAME=$ADMIN GLOSSARY_ADMIN_PASSWORD=$ADMIN_PASSWORD QUARKUS_MAILER_MOCK=true
    GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false)

# The index's build line of the last start (the log is JSON in prod: the message up to its closing quote).
built_line() { grep -o 'Search index built[^"]*' "$SERVICE_LOG" | tail -n 1; }

require_tools wrk psql createdb dropdb pg_isready curl python3 awk
require_free_ports "$PORT" "$PORT_B"
ensure_jar "$SKIP_BUILD"

if [[ -n $DATABASE ]]; then
    export PGDATABASE=$DATABASE
    note "database $DATABASE as it is: $(sql 'SELECT count(*) FROM term') terms"
else
    create_database "glossary_bench_search_$$"
    log "first start: Flyway creates the schema"
    start_service "$PORT" "$PGPORT" "${SETTINGS[@]}"
    wait_for_status "http://127.0.0.1:$PORT/q/health/ready" 200 300 >/dev/null
    stop_service
    log "loading $TERMS terms (bench/sql/load.sql)"
    load_terms "$TERMS"
fi
TERM_COUNT=$(sql 'SELECT count(*) FROM term')
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

log "instance A: start, build the index"
start_service "$PORT" "$PGPORT" "${SETTINGS[@]}"
wait_for_status "http://127.0.0.1:$PORT/q/health/ready" 200 300 >/dev/null
note "$(built_line)"

log "relevance: the judged set, the index against the PostgreSQL ranking"
python3 "$TOOLS_DIR/relevance.py" "http://127.0.0.1:$PORT" "$ADMIN:$ADMIN_PASSWORD" --corpus 20 \
    >"$TMP/relevance.md" 2>"$TMP/relevance.txt"
cat "$TMP/relevance.txt" >&2

# Two and three words of the names' and short definitions' vocabulary, a third with a typo: ~100,000
# distinct queries, drawn at random by wrk, so a query is rarely sent twice; and as many others, none
# of them among the first, to warm the JVM up on (a restarted service compiles its search code while
# it answers: without a warm-up the figures are the JIT's, not the search's).
sql "SELECT DISTINCT w FROM term, unnest(string_to_array(btrim(name_words), ' ')) AS w WHERE length(w) > 2" >"$TMP/words.txt"
python3 - "$TMP/words.txt" "$TMP/queries.txt" "$TMP/warm-up.txt" <<'PY'
import random, sys, urllib.parse
words = [w for w in open(sys.argv[1]).read().split() if w.isalpha()]
rng = random.Random(23)

def queries(count, unlike=frozenset()):
    seen = set()
    while len(seen) < count:
        q = rng.sample(words, rng.choice((2, 2, 3)))
        if rng.random() < 1 / 3:
            w = max(q, key=len); i = rng.randrange(1, len(w) - 1)
            q[q.index(w)] = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        q = " ".join(q)
        if q not in unlike:
            seen.add(q)
    return seen

measured = queries(100_000)
for name, chosen in ((sys.argv[2], measured), (sys.argv[3], queries(100_000, measured))):
    with open(name, "w") as out:
        for q in sorted(chosen, key=lambda _: rng.random()):
            print("/terms?q=" + urllib.parse.quote(q), file=out)
PY

log "instance A restarted (no answer cached): 300 unseen queries from one client"
stop_service
start_service "$PORT" "$PGPORT" "${SETTINGS[@]}"
READY_MS=$(wait_for_status "http://127.0.0.1:$PORT/q/health/ready" 200 300 0.05)
READY_MS=$(($(now_ms) - SERVICE_STARTED_MS))
BUILD=$(built_line)
note "ready after $READY_MS ms; $BUILD"
note "JVM warm-up: 20 clients for $WARM_UP on other queries than those measured"
wrk -t2 -c20 -d"$WARM_UP" --timeout 2s -s "$BENCH_LUA_DIR/lean.lua" "http://127.0.0.1:$PORT" -- "$TMP/warm-up.txt" >/dev/null
COLD=$("$BENCH_DIR/search-latency.sh" "http://127.0.0.1:$PORT")
note "$COLD"

log "20 clients for $DURATION on distinct unseen queries"
wrk -t2 -c20 -d"$DURATION" --timeout 2s --latency -s "$BENCH_LUA_DIR/lean.lua" "http://127.0.0.1:$PORT" -- "$TMP/queries.txt" >"$TMP/wrk.txt"
THROUGHPUT=$(awk '/^Requests\/sec/ { print $2 }' "$TMP/wrk.txt")
NON_2XX=$(awk '/Non-2xx or 3xx/ { print $NF }' "$TMP/wrk.txt")
SOCKET_ERRORS=$(awk '/Socket errors/ { print }' "$TMP/wrk.txt")
LATENCY=$(awk '/^ +(50|99)%/ { printf "p%s %s  ", $1, $2 }' "$TMP/wrk.txt" | tr -d '%')
SHED=$(curl -s "http://127.0.0.1:$PORT/q/metrics" | awk '/^http_server_requests_seconds_count/ && /status="503"/ && /terms/ { n += $NF } END { print n + 0 }')
note "$THROUGHPUT answers/s, non-2xx ${NON_2XX:-0}, 503s on /terms $SHED, ${SOCKET_ERRORS:-no socket errors}; $LATENCY"
RSS=$(proc_status "$SERVICE_PID" VmRSS) HWM=$(proc_status "$SERVICE_PID" VmHWM)
note "RSS $((RSS / 1024)) MB (peak $((HWM / 1024)) MB)"

log "freshness: write through A, search B"
A_PID=$SERVICE_PID A_LOG=$SERVICE_LOG
BG_PIDS+=("$A_PID")
start_service "$PORT_B" "$PGPORT" "${SETTINGS[@]}"
wait_for_status "http://127.0.0.1:$PORT_B/q/health/ready" 200 300 >/dev/null
python3 "$TOOLS_DIR/freshness.py" "http://127.0.0.1:$PORT" "http://127.0.0.1:$PORT_B" "$ADMIN:$ADMIN_PASSWORD" \
    --writers 4 --changes 50 >"$TMP/freshness.txt"
cat "$TMP/freshness.txt" >&2
stop_service
SERVICE_PID=$A_PID SERVICE_LOG=$A_LOG
stop_service
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)

P95=$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' <<<"$COLD")
MAX=$(sed -n 's/.*max \([0-9.]*\) ms.*/\1/p' <<<"$COLD")
FRESH_P99=$(awk '$1 == "all" { for (i = 1; i <= NF; i++) if ($i == "p99") print $(i + 1) }' "$TMP/freshness.txt")
met() { awk "BEGIN { exit !($1) }" && echo met || echo "**missed**"; }
REPORT=$TMP/report.md
{
    echo "## Search, $TERM_COUNT terms ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "Commit $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)'); $("$JAVA_BIN" -version 2>&1 | head -n 1); JVM flags \`${JVM_FLAGS[*]}\`; $(nproc) cores; load average $LOAD_START at the start, $LOAD_END at the end."
    echo
    echo "| what | measured | target | |"
    echo "|---|---|---|---|"
    echo "| cold search, one client, 300 unseen queries | $COLD | p95 ≤ 5 ms, max ≤ 50 ms | $(met "$P95 <= 5") / $(met "$MAX <= 50") |"
    echo "| 20 clients, $DURATION, unseen queries | $THROUGHPUT answers/s; non-2xx ${NON_2XX:-0}; 503 $SHED; ${SOCKET_ERRORS:-no socket errors}; $LATENCY | ≥ 1,000/s, 0 sheds, 0 errors | $(met "$THROUGHPUT >= 1000 && ${NON_2XX:-0} == 0") |"
    echo "| freshness, write on A, search on B (4 writers) | p99 $FRESH_P99 ms | p99 ≤ 1,000 ms | $(met "$FRESH_P99 <= 1000") |"
    echo "| RSS of A after the searches | $((RSS / 1024)) MB (peak $((HWM / 1024)) MB) | ≤ 256 MB | $(met "$RSS <= 262144") |"
    echo "| start to ready (index built) | $READY_MS ms; ${BUILD:-build not logged} | cold build ≤ 20 s | |"
    echo
    echo '```'
    cat "$TMP/freshness.txt"
    echo '```'
    echo
    echo "Relevance: $(tr '\n' ';' <"$TMP/relevance.txt")"
    echo
    cat "$TMP/relevance.md"
} >"$REPORT"
cat "$REPORT"
mkdir -p "$BENCH_DIR/results"
cp "$REPORT" "$BENCH_DIR/results/${OUT:-search-$TERMS}.md"
