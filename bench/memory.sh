#!/usr/bin/env bash
# Where the service's resident memory goes after a load (issue 25 item 2: RSS <= 256 MB at 100k).
# Loopback only; the service is stopped by PID; the database is used as it is and kept.
#
#   bench/memory.sh --database NAME [--runtime 25-aot|25|17] [--lookups 20s] [--searches 10s] [--skip-build]
#
#   --database NAME  a migrated, loaded database (e.g. 100,000 terms: createdb, one start of the jar,
#                    then bench/sql/load.sql with -v terms=100000)
#   --runtime R      25-aot (default: Temurin 25, the production flags, target/quarkus-app/app.aot,
#                    which bench/startup.sh or tools/aot-cache.sh makes), 25, or 17 (production flags)
#
# Steps: start with Native Memory Tracking (summary), wait until ready (the search index built), random
# look-ups of 20,000 of the terms (wrk, 50 clients), then searches, suggestions and listing pages
# (20 clients), 6 s idle; then VmRSS / VmHWM / RssAnon / RssFile, RSS without the search index's
# mapped files, the GC time of each load (jstat), the largest mappings from /proc/<pid>/smaps and NMT's
# summary. EXTRA_FLAGS="..." adds JVM flags (to compare one flag).
set -euo pipefail
TMP=$(mktemp -d "${TMPDIR:-/tmp}/glossary-memory.XXXXXX")
source "$(dirname "${BASH_SOURCE[0]}")/tools/lib.sh"
trap 'lib_cleanup; rm -rf "$TMP"' EXIT

DATABASE="" RUNTIME=25-aot LOOKUPS=20s SEARCHES=10s SKIP_BUILD=false
while (($#)); do
    case $1 in
        --database) DATABASE=${2:?}; shift ;;
        --runtime) RUNTIME=${2:?}; shift ;;
        --lookups) LOOKUPS=${2:?}; shift ;;
        --searches) SEARCHES=${2:?}; shift ;;
        --skip-build) SKIP_BUILD=true ;;
        -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1" ;;
    esac
    shift
done
[[ -n $DATABASE ]] || die "--database is required"
export PGDATABASE=$DATABASE
PORT=${PORT:-18580}
BASE="http://127.0.0.1:$PORT"
read -r -a EXTRA <<<"${EXTRA_FLAGS:-}"
require_tools psql curl wrk awk
require_free_ports "$PORT"
ensure_jar "$SKIP_BUILD"

case $RUNTIME in
    25-aot) JAVA_BIN="$JAVA25_HOME/bin/java"; [[ -s $AOT_CACHE ]] || die "no AOT cache at $AOT_CACHE"
        mapfile -t SERVICE_JVM_EXTRA < <(aot_jvm_args "$AOT_CACHE") ;;
    25) JAVA_BIN="$JAVA25_HOME/bin/java" ;;
    17) JAVA_BIN=${JAVA17:-java} ;;
    *) die "unknown runtime $RUNTIME" ;;
esac
JCMD="$(dirname "$(readlink -f "$(command -v "$JAVA_BIN")")")/jcmd"
JSTAT="$(dirname "$JCMD")/jstat"
SERVICE_JVM_EXTRA+=(-XX:NativeMemoryTracking=summary "${EXTRA[@]}")

sql "SELECT '/terms/' || slug FROM term ORDER BY hashint8(id) LIMIT 20000" >"$TMP/lookups.txt"
{
    for q in learning neural model fine%20tunning data agent vision language; do echo "/terms?q=$q"; done
    for p in fi ne mo da ag vi la tr; do echo "/suggestions?q=$p"; done
    for ((i = 0; i <= 50; i++)); do echo "/terms?page=$i"; done
} >"$TMP/reads.txt"

log "$RUNTIME on $DATABASE ($(sql 'SELECT count(*) FROM term') terms), ${JVM_FLAGS[*]} ${EXTRA[*]}"
start_service "$PORT" "$PGPORT" QUARKUS_SHUTDOWN_DELAY_ENABLED=false QUARKUS_MAILER_MOCK=true
wait_for_status "$BASE/q/health/ready" 200 600 >/dev/null || die "not ready within 600 s"
gc_s() { "$JSTAT" -gc "$SERVICE_PID" | awk 'NR == 2 { print $NF }'; } # all collections so far, seconds
gc_before=$(gc_s)
lookups=$(wrk -t2 -c50 -d"$LOOKUPS" --timeout 2s -s "$BENCH_DIR/lua/lean.lua" "$BASE" -- "$TMP/lookups.txt" |
    awk '/Requests\/sec/ { print $2 }')
gc_lookups=$(awk -v a="$gc_before" -v b="$(gc_s)" 'BEGIN { printf "%.2f", b - a }')
gc_before=$(gc_s)
reads=$(wrk -t2 -c20 -d"$SEARCHES" --timeout 2s -s "$BENCH_DIR/lua/lean.lua" "$BASE" -- "$TMP/reads.txt" |
    awk '/Requests\/sec/ { print $2 }')
gc_reads=$(awk -v a="$gc_before" -v b="$(gc_s)" 'BEGIN { printf "%.2f", b - a }')
sleep 6
kb() { awk -v f="$1:" '$1 == f { printf "%d", $2 / 1024 }' "/proc/$SERVICE_PID/status"; }
printf 'look-ups %s req/s, searches/listings %s req/s (load average %s)\n' "$lookups" "$reads" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'GC: %s s during the %s of look-ups, %s s during the %s of searches/listings\n' "$gc_lookups" "$LOOKUPS" \
    "$gc_reads" "$SEARCHES"
# The search index's memory-mapped files (Lucene's MMapDirectory in java.io.tmpdir): what is left without them.
index_mb=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { index_file = ($6 ~ /\/term-index-/) } /^Rss:/ && index_file { kb += $2 }
    END { printf "%d", kb / 1024 }' "/proc/$SERVICE_PID/smaps")
printf 'RSS %s MB (peak %s MB): anonymous %s MB, files %s MB; %s threads\n' "$(kb VmRSS)" "$(kb VmHWM)" \
    "$(kb RssAnon)" "$(kb RssFile)" "$(proc_status "$SERVICE_PID" Threads)"
printf 'RSS without the search index files: %s MB (the index files: %s MB)\n' "$(($(kb VmRSS) - index_mb))" "$index_mb"
printf '\nlargest mappings (resident KB):\n'
awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "") ? "[anonymous]" : $6 } /^Rss:/ { r[name] += $2 }
    END { for (n in r) if (r[n] > 1024) printf "%8d %s\n", r[n], n }' "/proc/$SERVICE_PID/smaps" | sort -rn | head -15
printf '\n'
"$JCMD" "$SERVICE_PID" VM.native_memory summary | grep -E '^Total|^-' | grep -v 'committed=0KB'
stop_service
