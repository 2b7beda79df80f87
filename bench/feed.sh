#!/usr/bin/env bash
# Change feed (issue 12) at N terms, against ceilings measured in the same run:
#   1  first publication: the first GET /changes numbers every unpublished row (after a bulk load);
#   2  full read: walking GET /changes?limit=1000 from the start to the end (feedwalk.py), time and MB/s,
#      against `COPY (SELECT the same documents) TO STDOUT` in psql (goal: within 2x);
#   3  empty incremental poll: wrk on GET /changes?cursor=<the end> against wrk on a cached
#      GET /terms/{slug} (goal: >= 0.5x its req/s).
#
#   bench/feed.sh [--terms 100000] [--duration 10s] [--rounds 3] [--skip-build]
#
# Throwaway database glossary_bench_feed_<pid>; the service on 127.0.0.1 (prod profile, lib.sh's JVM
# flags) on Temurin 25, the production runtime (JAVA_BIN= to change); everything stopped by PID and
# the database dropped on exit. Prints a Markdown table.
set -euo pipefail

JAVA_BIN=${JAVA_BIN:-${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java}
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

TERMS=100000
DURATION=10s
ROUNDS=3
SKIP_BUILD=false
PORT=${PORT:-18380}
BASE="http://127.0.0.1:$PORT"
TMP=$(mktemp -d /tmp/glossary-feed.XXXXXX)
trap 'lib_cleanup; rm -rf "$TMP"' EXIT

while (($#)); do
    case $1 in
        --terms) TERMS=${2:?}; shift 2 ;;
        --duration) DURATION=${2:?}; shift 2 ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --skip-build) SKIP_BUILD=true; shift ;;
        *) die "unknown argument: $1" ;;
    esac
done

require_tools wrk curl python3 psql createdb dropdb pg_isready
require_free_ports "$PORT"
ensure_jar "$SKIP_BUILD"
create_database "glossary_bench_feed_$$"
SERVICE_ENV=(GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=true QUARKUS_SHUTDOWN_DELAY_ENABLED=false)
start_service "$PORT" "$PGPORT" "${SERVICE_ENV[@]}"
wait_for_status "$BASE/q/health/ready" 200 180 >/dev/null || die "first start not ready"
stop_service 15
log "loading $TERMS terms"
load_terms "$TERMS"
start_service "$PORT" "$PGPORT" "${SERVICE_ENV[@]}"
wait_for_status "$BASE/q/health/ready" 200 180 >/dev/null || die "service not ready"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

log "1. first publication"
started=$(now_ms)
curl -sf -o /dev/null "$BASE/changes?limit=1"
PUBLISH_MS=$(($(now_ms) - started))
# Publication changed every row of term_change; in production autovacuum then analyzes it within a
# minute, but these machines run PostgreSQL with autovacuum off (conf.d/90-ci.conf), and stale
# statistics on seq turn a page's ordered index scan into a sort of everything after the cursor.
sql "ANALYZE term_change"

# Walk and COPY take turns, ROUNDS times, so that a change in the machine's load hits both alike;
# the medians count. The walker is bench/tools/feedwalk.py: one keep-alive connection, no parsing.
log "2. full read against COPY of the same documents, $ROUNDS rounds (after a warm-up walk)"
python3 "$TOOLS_DIR/feedwalk.py" 127.0.0.1 "$PORT" >/dev/null
: >"$TMP/walks"; : >"$TMP/copies"
for ((round = 1; round <= ROUNDS; round++)); do
    python3 "$TOOLS_DIR/feedwalk.py" 127.0.0.1 "$PORT" >>"$TMP/walks"
    started=$(now_ms)
    COPY_BYTES=$(psql -X -q -c "COPY (SELECT convert_from(d.body, 'UTF8') FROM term_change c JOIN term_document d USING (term_id) ORDER BY c.seq) TO STDOUT" | wc -c)
    echo $(($(now_ms) - started)) >>"$TMP/copies"
done
read -r PAGES BYTES _ END_CURSOR < <(tail -n 1 "$TMP/walks")
FEED_MS=$(awk '{ print $3 }' "$TMP/walks" | median_of_lines)
COPY_MS=$(median_of_lines <"$TMP/copies")
note "walks (ms): $(awk '{ printf "%s ", $3 }' "$TMP/walks"); COPY (ms): $(tr '\n' ' ' <"$TMP/copies")"

log "3. empty poll against a cached lookup"
SLUG=$(sql "SELECT slug FROM term ORDER BY id LIMIT 1")
curl -sf -o /dev/null "$BASE/terms/$SLUG"
rps() { wrk -t2 -c16 -d"$DURATION" "$1" | awk '/Requests\/sec/ { printf "%.0f", $2 }'; }
wrk -t2 -c16 -d3s "$BASE/changes?cursor=$END_CURSOR" >/dev/null
wrk -t2 -c16 -d3s "$BASE/terms/$SLUG" >/dev/null
POLL_RPS=$(rps "$BASE/changes?cursor=$END_CURSOR")
LOOKUP_RPS=$(rps "$BASE/terms/$SLUG")

awk -v terms="$TERMS" -v pub="$PUBLISH_MS" -v pages="$PAGES" -v bytes="$BYTES" -v fms="$FEED_MS" \
    -v cbytes="$COPY_BYTES" -v cms="$COPY_MS" -v poll="$POLL_RPS" -v look="$LOOKUP_RPS" \
    -v loadavg="$LOAD_START" -v runtime="$("$JAVA_BIN" -version 2>&1 | head -n 1)" -v commit="$(git -C "$REPO_DIR" rev-parse --short HEAD)" 'BEGIN {
    printf "Feed at %d terms, commit %s, %s, load average at start %s, 2 cores.\n\n", terms, commit, runtime, loadavg
    print "| measure | figure | goal |"; print "|---|---|---|"
    printf "| first publication of %d unpublished rows (first GET /changes) | %d ms | |\n", terms, pub
    printf "| full read, GET /changes?limit=1000 walked on one connection (median) | %d pages, %.1f MB in %d ms = %.1f MB/s | |\n", pages, bytes/1e6, fms, bytes/1e6/(fms/1000)
    printf "| COPY of the same documents in feed order, psql (median) | %.1f MB in %d ms = %.1f MB/s | |\n", cbytes/1e6, cms, cbytes/1e6/(cms/1000)
    printf "| full read time / COPY time | %.2fx | <= 2x: %s |\n", fms/cms, (fms/cms <= 2 ? "met" : "missed")
    printf "| empty poll (cursor at the end), wrk 16 connections | %d req/s | |\n", poll
    printf "| cached GET /terms/{slug}, same run | %d req/s | |\n", look
    printf "| empty poll / cached lookup | %.2fx | >= 0.5x: %s |\n", poll/look, (poll/look >= 0.5 ? "met" : "missed") }'
