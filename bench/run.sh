#!/usr/bin/env bash
# Benchmark of the Glossary service against ceilings measured in the same session (issues 4 and 8):
# nginx serving the same bytes (the HTTP ceiling) and pgbench's prepared single-slug lookup (the
# database ceiling). Figures that count are ratios to those, and bounds, from one run.
#
#   bench/run.sh [--terms N] [--duration 20s] [--skip-build] [--out NAME] [--runtime 17|25|25-aot]
#                [--starts 3]
#
# Builds the jar if needed, creates a throwaway database, lets Flyway create the schema, loads N
# deterministic terms, makes the AOT cache with a Temurin 25 training run (bench/tools/aot-cache.sh
# does the same on its own), measures start-up on Java 17, Temurin 25 and Temurin 25 + AOT cache,
# starts the service on --runtime (default 25-aot, the production runtime), nginx and pgbench, and
# drives everything with lean wrk scripts on 127.0.0.1. Prints a Markdown table, also written to
# bench/results/latest.md and bench/results/NAME.md (default terms-N). Everything it starts is
# stopped by PID, and the database dropped, on exit, failure or Ctrl-C. See bench/README.md.
#
# Environment (all optional): PORT (18080), NGINX_PORT (18081), WARMUP (3s: the warm-up run before
# each scenario, unmeasured), JIT_WARMUP (15s, once before the scenarios, unmeasured), STARTS (3, same as --starts), COLD_SECONDS (30: budget of each cold one-client pass), CURSORS (2000),
# PGBENCH_CLIENTS (16), JAVA25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64), PGHOST (127.0.0.1), PGPORT
# (5432), PGUSER (postgres), PGPASSWORD (postgres), JAVA_OPTS (extra JVM flags).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

COMMAND_LINE="bench/run.sh $*"
TERMS=1000
DURATION=20s
SKIP_BUILD=false
OUT=""
RUNTIME=25-aot
STARTS=${STARTS:-3}
PORT=${PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
WARMUP=${WARMUP:-3s}
JIT_WARMUP=${JIT_WARMUP:-15s}
COLD_SECONDS=${COLD_SECONDS:-30}
CURSORS=${CURSORS:-2000}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-16}
THREADS=2
CONNECTIONS=50
# Page numbers the contract serves (shared/API.md "Deep listings": page * size + size <= 10000).
MAX_PAGES=500
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
BASE="http://127.0.0.1:$PORT"
SERVICE_ENV=(GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=true QUARKUS_SHUTDOWN_DELAY_ENABLED=false)
export PGDATABASE="glossary_bench_$$"
TMP=""

# Results, by scenario name.
declare -A RPS P50 P90 P99 MAX NON2XX SOCKET TIMEOUTS REQUESTS CPU GC COUNTED SHED RATIO TARGET MET NOTE CLIENTS
SCENARIOS=()
declare -A STARTUP    # runtime -> "ms ms ms"
GC_TOTAL_S=0
GC_WALL_S=0
SHED_METRICS=""
CURSOR_FILE=""
CURSOR_NOTE=""

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

parse_args() {
    while (($#)); do
        case $1 in
            --terms) TERMS=${2:?--terms needs a number}; shift 2 ;;
            --duration) DURATION=${2:?--duration needs a value like 20s}; shift 2 ;;
            --skip-build) SKIP_BUILD=true; shift ;;
            --out) OUT=${2:?--out needs a name}; shift 2 ;;
            --runtime) RUNTIME=${2:?--runtime needs 17, 25 or 25-aot}; shift 2 ;;
            --starts) STARTS=${2:?--starts needs a number}; shift 2 ;;
            -h|--help) usage 0 ;;
            *) printf 'unknown argument: %s\n' "$1" >&2; usage 2 ;;
        esac
    done
    [[ $TERMS =~ ^[0-9]+$ && $TERMS -ge 10 ]] || die "--terms must be a number >= 10"
    [[ $DURATION =~ ^[0-9]+[sm]?$ ]] || die "--duration must look like 20s or 1m"
    [[ $RUNTIME =~ ^(17|25|25-aot)$ ]] || die "--runtime must be 17, 25 or 25-aot"
    [[ $STARTS =~ ^[0-9]+$ && $STARTS -ge 1 ]] || die "--starts must be a number >= 1"
    OUT=${OUT:-terms-$TERMS}
}

seconds_of() { awk -v d="$1" 'BEGIN { s = d + 0; if (d ~ /m$/) s *= 60; print s }'; }

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    lib_cleanup
    if ((status != 0)) && [[ -n ${SERVICE_LOG:-} && -f $SERVICE_LOG ]]; then
        printf '\n-- last lines of the service log:\n' >&2
        tail -n 20 "$SERVICE_LOG" >&2
    fi
    [[ -n $TMP ]] && rm -rf "$TMP"
    exit "$status"
}

# ------------------------------------------------------------------------------------------ runtimes

# Sets JAVA_BIN and SERVICE_JVM_EXTRA for a runtime: 17 (the build's Java), 25 (Temurin 25 plain),
# 25-aot (Temurin 25 with the AOT cache).
use_runtime() { # 17|25|25-aot
    case $1 in
        17) JAVA_BIN=$JAVA17; SERVICE_JVM_EXTRA=() ;;
        25) JAVA_BIN="$JAVA25_HOME/bin/java"; SERVICE_JVM_EXTRA=() ;;
        25-aot) JAVA_BIN="$JAVA25_HOME/bin/java"; mapfile -t SERVICE_JVM_EXTRA < <(aot_jvm_args "$AOT_CACHE") ;;
    esac
}

runtime_label() {
    case $1 in
        17) printf 'Java 17 (%s)' "$("$JAVA17" -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }')" ;;
        25) printf 'Temurin 25 (%s)' "$("$JAVA25_HOME/bin/java" -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }')" ;;
        25-aot) printf 'Temurin 25 + AOT cache' ;;
    esac
}

# The AOT cache is made from this jar; it is remade when anything in target/quarkus-app is newer.
ensure_aot_cache() {
    local app_dir
    app_dir=$(dirname "$JAR")
    if [[ -s $AOT_CACHE ]] && [[ -z $(find "$app_dir" -type f -newer "$AOT_CACHE" ! -name "$(basename "$AOT_CACHE")*" -print -quit) ]]; then
        note "AOT cache is up to date: ${AOT_CACHE#"$REPO_DIR"/}"
        return
    fi
    log "making the AOT cache: training run on Temurin 25 against $PGDATABASE"
    make_aot_cache "$PORT" "$AOT_CACHE" 5
}

# Start-up from the launch of java to the first 200 of GET /terms/{slug}, STARTS times per runtime,
# interleaved (17, 25, 25-aot, 17, ...) so that a change in the machine's load hits all three alike.
measure_startups() {
    log "start-up: $STARTS × (Java 17, Temurin 25, Temurin 25 + AOT cache), first 200 of GET /terms/{slug}"
    local slug round rt ms
    slug=$(sql "SELECT slug FROM term ORDER BY id DESC LIMIT 1")
    for ((round = 1; round <= STARTS; round++)); do
        for rt in 17 25 25-aot; do
            use_runtime "$rt"
            start_service "$PORT" "$PGPORT" "${SERVICE_ENV[@]}"
            ms=$(startup_ms "$BASE/terms/$slug" 200 120) || die "no 200 within 120 s on runtime $rt"
            STARTUP[$rt]="${STARTUP[$rt]:-}${STARTUP[$rt]:+ }$ms"
            printf '   %-7s %6s ms\n' "$rt" "$ms" >&2
            stop_service 15
        done
    done
}

median() { tr ' ' '\n' <<<"$1" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

start_measured_service() {
    log "starting the service for the load: $(runtime_label "$RUNTIME"), ${JVM_FLAGS[*]}"
    use_runtime "$RUNTIME"
    start_service "$PORT" "$PGPORT" "${SERVICE_ENV[@]}"
    wait_for_status "$BASE/q/health/ready" 200 120 >/dev/null || die "the service did not become ready"
    JSTAT="$(dirname "$(readlink -f "$(command -v "$JAVA_BIN")")")/jstat"
    [[ -x $JSTAT ]] || JSTAT=""
    LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
}

# ------------------------------------------------------------------------------------------ inputs

prepare_inputs() {
    log "preparing request lists"
    local in=$TMP/inputs total pages
    mkdir -p "$in"
    sql "SELECT '/terms/' || slug FROM term ORDER BY id" >"$in/lookup.txt"
    total=$(wc -l <"$in/lookup.txt")
    # A fixed sample of 1,000 terms: the hot set that a cache of 10,000 answers holds at any size.
    sql "SELECT '/terms/' || slug FROM term ORDER BY hashint8(id), id LIMIT 1000" >"$in/hot.txt"
    pages=$(((total + 19) / 20))
    ((pages <= MAX_PAGES)) || pages=$MAX_PAGES
    seq 0 $((pages - 1)) | sed 's|^|/terms?page=|' >"$in/pages.txt"
    { printf '/terms?letter=%s\n' {A..Z}; printf '/terms?letter=%%23\n'; } >"$in/letters.txt"
    psql -X -At -v kind=queries -v count=300 -f "$BENCH_DIR/sql/inputs.sql" >"$in/queries.txt"
    psql -X -At -v kind=prefixes -v count=300 -f "$BENCH_DIR/sql/inputs.sql" >"$in/prefixes.txt"

    # ETags (for the revalidation scenario) and sizes of the hot 1,000 terms, in one curl run.
    sed "s|^|url = \"$BASE|; s|\$|\"\noutput = \"/dev/null\"|" "$in/hot.txt" >"$in/curl-etags.cfg"
    curl -s -K "$in/curl-etags.cfg" -w '%{http_code}\t%{url_effective}\t%header{etag}\t%{size_download}\n' \
        | awk -F'\t' -v base="$BASE" '$1 == 200 && $3 != "" { sub(base, "", $2); print $2 "\t" $3 "\t" $4 }' \
        >"$in/sample.tsv"
    [[ -s $in/sample.tsv ]] || die "no ETags: GET /terms/{slug} did not answer 200 with an ETag"
    cut -f1,2 "$in/sample.tsv" >"$in/etags.tsv"
    MEAN_TERM_BYTES=$(awk -F'\t' '{ s += $3 } END { printf "%.0f", s / NR }' "$in/sample.tsv")
    # nginx serves the sampled term whose JSON is closest to the mean size.
    NGINX_TERM_PATH=$(awk -F'\t' -v m="$MEAN_TERM_BYTES" '{ d = $3 - m; if (d < 0) d = -d; if (NR == 1 || d < best) { best = d; path = $1 } }
        END { print path }' "$in/sample.tsv")
    curl -sf -o "$in/nginx-term.json" "$BASE$NGINX_TERM_PATH"
    NGINX_TERM_BYTES=$(wc -c <"$in/nginx-term.json")
    DATA_STATS=$(sql "SELECT format('%s terms, %s aliases, %s relations',
        (SELECT count(*) FROM term), (SELECT count(*) FROM term_alias), (SELECT count(*) FROM term_relation))")
    note "$total slugs, $pages pages, $(wc -l <"$in/queries.txt") queries, $(wc -l <"$in/prefixes.txt") prefixes, $(wc -l <"$in/etags.tsv") ETags; mean term JSON $MEAN_TERM_BYTES bytes"
}

# Cursors for the cursor-walk scenario, by walking GET /terms from the first page (shared/API.md,
# "Deep listings"). Skipped cleanly when the API has no cursor paging yet.
prepare_cursors() {
    log "collecting up to $CURSORS cursors by walking GET /terms?size=20"
    local status=0
    python3 "$TOOLS_DIR/cursors.py" --base "$BASE" --max "$CURSORS" --seconds 120 >"$TMP/inputs/cursors.txt" \
        2>"$TMP/cursors.err" || status=$?
    if ((status == 0)); then
        CURSOR_FILE="$TMP/inputs/cursors.txt"
        note "$(wc -l <"$CURSOR_FILE") cursors"
    elif ((status == 3)); then
        CURSOR_NOTE="skipped: this build has no cursor paging (no nextCursor in GET /terms?size=20)"
        note "$CURSOR_NOTE"
    else
        CURSOR_NOTE="skipped: walking the cursors failed: $(tail -n 1 "$TMP/cursors.err")"
        note "$CURSOR_NOTE"
    fi
}

# ------------------------------------------------------------------------------------------ measures

# CPU time (clock ticks) each process has used: "pid ticks" lines.
cpu_ticks() { # pids...
    local pid
    for pid in "$@"; do
        # Fields after "(comm) ": utime and stime are the 12th and 13th.
        [[ -r /proc/$pid/stat ]] && awk -v pid="$pid" '{ sub(/^.*\) /, ""); print pid, $12 + $13 }' "/proc/$pid/stat"
    done
    return 0
}

# The service process and the PostgreSQL backends serving the throwaway database.
service_and_backend_ticks() {
    cpu_ticks "$SERVICE_PID" $(psql -X -Atc "SELECT pid FROM pg_stat_activity
                                             WHERE datname = current_database() AND pid <> pg_backend_pid()")
}

# CPU microseconds per request, "service / PostgreSQL", from two snapshots; backends that appeared
# in between count from zero.
cpu_per_request() { # before_file after_file requests
    awk -v svc="$SERVICE_PID" -v req="$3" -v hz="$(getconf CLK_TCK)" '
        FNR == NR { before[$1] = $2; next }
        { d = $2 - before[$1]; if ($1 == svc) s += d; else p += d }
        END { if (req > 0) printf "%.0f / %.0f", s * 1e6 / hz / req, p * 1e6 / hz / req }' "$1" "$2"
}

# Total GC time of the service in seconds (jstat -gc, column GCT), or empty.
gc_seconds() {
    [[ -n ${JSTAT:-} ]] || return 0
    "$JSTAT" -gc "$SERVICE_PID" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "GCT") c = i }
                                                   NR == 2 && c { print $c }'
}

# Sum of the service's shed counters in /q/metrics: counters (…_total) whose name contains "shed", or
# bulkhead counters of rejected calls. Empty when the service exposes none.
shed_count() {
    curl -s --max-time 5 "$BASE/q/metrics" | awk '
        /^#/ { next }
        { name = tolower($1); sub(/\{.*/, "", name) }
        name ~ /_total$/ && (name ~ /shed/ || (name ~ /bulkhead/ && tolower($0) ~ /reject/)) { s += $NF; n++ }
        END { if (n) printf "%.0f\n", s }'
}

shed_metric_names() {
    curl -s --max-time 5 "$BASE/q/metrics" | awk '!/^#/ { n = $1; sub(/\{.*/, "", n); if (tolower(n) ~ /shed|bulkhead/) print n }' | sort -u | paste -sd' '
}

# wrk's own summary of a lean run -> "requests rps p50 p90 p99 max non2xx connect read write timeout"
# (latencies in ms).
parse_wrk() { # file
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                         if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v + 0 }
        /^ *Latency +[0-9]/ { max = ms($4) }
        /^ *50%/ { p50 = ms($2) } /^ *90%/ { p90 = ms($2) } /^ *99%/ { p99 = ms($2) }
        / requests in / { req = $1 }
        /Socket errors/ { gsub(",", ""); c = $4; r = $6; w = $8; t = $10 }
        /Non-2xx or 3xx/ { bad = $NF }
        /^Requests\/sec/ { rps = $2 }
        END { printf "%d %.1f %.2f %.2f %.2f %.2f %d %d %d %d %d\n", req, rps, p50, p90, p99, max, bad, c, r, w, t }' "$1"
}

# Runs one or more wrk loads at the same time, each "name|url|threads|connections|input". First the
# warm-up run (lean.lua, WARMUP long, unmeasured: the JIT's), then the measured lean run (lean.lua,
# DURATION) with CPU, GC, shed counters and the service's answers by status read around it.
run_loads() { # spec...
    local spec name url threads conns input i=0 pids=() out
    local -a names=()
    local dir=$TMP/wrk/$((++RUN_N))
    mkdir -p "$dir"
    for spec in "$@"; do
        IFS='|' read -r name url threads conns input <<<"$spec"
        names+=("$name")
        wrk -t"$threads" -c"$conns" -d"$WARMUP" --timeout 2s -s "$BENCH_DIR/lua/lean.lua" "$url" -- "$input" \
            >"$dir/warm-$i.txt" 2>&1 &
        pids+=($!)
        BG_PIDS+=($!)
        i=$((i + 1))
    done
    for i in "${pids[@]}"; do wait "$i" || true; done
    local cpu_before="$dir/cpu-before" gc_before shed_before started_ns
    service_and_backend_ticks >"$cpu_before"
    gc_before=$(gc_seconds)
    shed_before=$(shed_count)
    answer_statuses >"$dir/statuses-before"
    pids=()
    i=0
    started_ns=$(date +%s%N)
    for spec in "$@"; do
        IFS='|' read -r name url threads conns input <<<"$spec"
        wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 2s --latency -s "$BENCH_DIR/lua/lean.lua" "$url" -- "$input" \
            >"$dir/lean-$i.txt" 2>&1 &
        pids+=($!)
        BG_PIDS+=($!)
        i=$((i + 1))
    done
    for i in "${pids[@]}"; do wait "$i" || die "wrk failed: $(cat "$dir"/lean-*.txt)"; done
    local wall_s gc_after shed_after total_req=0
    wall_s=$(awk -v a="$started_ns" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    service_and_backend_ticks >"$dir/cpu-after"
    gc_after=$(gc_seconds)
    shed_after=$(shed_count)
    answer_statuses >"$dir/statuses-after"
    local counted
    counted=$(counted_statuses "$dir/statuses-before" "$dir/statuses-after")
    i=0
    for spec in "$@"; do
        IFS='|' read -r name url threads conns input <<<"$spec"
        store_wrk "$name" "$dir/lean-$i.txt"
        CLIENTS[$name]=$conns
        total_req=$((total_req + ${REQUESTS[$name]}))
        COUNTED[$name]=$counted
        SCENARIOS+=("$name")
        i=$((i + 1))
    done
    # CPU, GC and sheds belong to the whole group (concurrent loads share them).
    local cpu gc="" shed=""
    cpu=$(cpu_per_request "$cpu_before" "$dir/cpu-after" "$total_req")
    if [[ -n $gc_before && -n $gc_after ]]; then
        gc=$(awk -v a="$gc_before" -v b="$gc_after" -v w="$wall_s" 'BEGIN { printf "%.1f", (b - a) * 100 / w }')
        GC_TOTAL_S=$(awk -v t="$GC_TOTAL_S" -v a="$gc_before" -v b="$gc_after" 'BEGIN { print t + b - a }')
        GC_WALL_S=$(awk -v t="$GC_WALL_S" -v w="$wall_s" 'BEGIN { print t + w }')
    fi
    [[ -n $shed_before && -n $shed_after ]] && shed=$((shed_after - shed_before))
    for name in "${names[@]}"; do
        CPU[$name]=$cpu
        GC[$name]=$gc
        SHED[$name]=$shed
        printf '   %-44s %9s req/s  p50 %7s  p90 %7s  p99 %7s  max %8s ms  non-2xx/3xx %s  timeouts %s  [%s]\n' \
            "$name" "${RPS[$name]}" "${P50[$name]}" "${P90[$name]}" "${P99[$name]}" "${MAX[$name]}" \
            "${NON2XX[$name]}" "${TIMEOUTS[$name]}" "${COUNTED[$name]}" >&2
    done
}
RUN_N=0

store_wrk() { # name lean_output_file
    local name=$1 req rps p50 p90 p99 max bad c r w t
    read -r req rps p50 p90 p99 max bad c r w t < <(parse_wrk "$2")
    ((req > 0)) || { cat "$2" >&2; die "no requests in the run of $name"; }
    REQUESTS[$name]=$req; RPS[$name]=$rps; P50[$name]=$p50; P90[$name]=$p90; P99[$name]=$p99; MAX[$name]=$max
    NON2XX[$name]=$bad; SOCKET[$name]=$((c + r + w)); TIMEOUTS[$name]=$t
}

answer_statuses() { service_statuses "$BASE"; }

# The service's answers between two answer_statuses, e.g. "2xx 1200, 503 3" (only what is not zero);
# for a group of concurrent loads, the group's. Empty for loads on nginx or pgbench.
counted_statuses() { # before_file after_file
    awk 'FILENAME == ARGV[1] { before[$1] = $2; next }
         { d = $2 - before[$1]; k = $1 == "304" ? "304" : $1 == "503" ? "503" : $1 ~ /^5/ ? "other 5xx" : substr($1, 1, 1) "xx"
           v[k] += d }
         END { n = split("2xx 304 3xx 4xx 503 other_5xx", keys, " ")
               for (i = 1; i <= n; i++) { key = keys[i]; gsub("_", " ", key)
                   if (v[key] > 0) { printf "%s%s %d", sep, key, v[key]; sep = ", " } } }' "$1" "$2"
}

load() { # name input [connections] [threads] [base_url]: a single load on the service (or base_url)
    run_loads "$1|${5:-$BASE}|${4:-$THREADS}|${3:-$CONNECTIONS}|$2"
}

# pgbench: prepared single-row lookups of a term by a random slug (the database ceiling for an
# uncached GET /terms/{slug}). bench.slug maps 1..N to the slugs, so one statement picks a random
# slug and reads its term row: one round trip, two index probes (the extra one is a primary-key probe
# on an int, a small part of the statement's cost).
run_pgbench() {
    local name="pgbench prepared single-slug lookup" secs out=$TMP/pgbench.txt
    sql "CREATE SCHEMA IF NOT EXISTS bench;
         CREATE TABLE bench.slug AS SELECT row_number() OVER (ORDER BY id)::int AS n, slug FROM term;
         ALTER TABLE bench.slug ADD PRIMARY KEY (n);
         ANALYZE bench.slug;"
    local n
    n=$(sql "SELECT count(*) FROM bench.slug")
    cat >"$TMP/pgbench-slug.sql" <<SQL
\set n random(1, $n)
SELECT t.* FROM term t WHERE t.slug = (SELECT s.slug FROM bench.slug s WHERE s.n = :n);
SQL
    secs=$(seconds_of "$DURATION")
    pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j 2 -T "$(seconds_of "$WARMUP")" -f "$TMP/pgbench-slug.sql" >/dev/null 2>&1 || true
    pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j 2 -T "$secs" -f "$TMP/pgbench-slug.sql" >"$out" 2>&1 \
        || { cat "$out" >&2; die "pgbench failed"; }
    RPS[$name]=$(awk -F'= ' '/^tps/ { split($2, a, " "); print a[1]; exit }' "$out")
    P50[$name]=""
    NOTE[$name]="mean latency $(awk -F'= ' '/^latency average/ { print $2; exit }' "$out"), $PGBENCH_CLIENTS clients, -j 2, -M prepared; the database ceiling"
    CLIENTS[$name]=$PGBENCH_CLIENTS
    REQUESTS[$name]=$(awk -F': ' '/number of transactions actually processed/ { print $2 + 0 }' "$out")
    NON2XX[$name]=$(awk -F': ' '/number of failed transactions/ { print $2 + 0 }' "$out")
    SCENARIOS+=("$name")
    PGBENCH_TPS=${RPS[$name]}
    printf '   %-44s %9s tps  (%s)\n' "$name" "${RPS[$name]}" "${NOTE[$name]}" >&2
}

# Each of a list once, one client, before any load has seen it (cold): p50/p95/max from curl's
# time_total. Bounded: COLD_SECONDS per list, 5 s per request; the note says how many were covered.
cold_pass() { # name list_file
    local name=$1 list=$2 cfg=$TMP/cold.cfg times=$TMP/cold-$RANDOM.tsv
    sed "s|^|url = \"$BASE|; s|\$|\"\noutput = \"/dev/null\"|" "$list" >"$cfg"
    { timeout "$COLD_SECONDS" curl -s --max-time 5 -K "$cfg" -w '%{time_total}\t%{http_code}\t%{url_effective}\n' || true; } >"$times"
    local stats
    stats=$(sort -t$'\t' -k1,1g "$times" | awk -F'\t' -v total="$(wc -l <"$list")" -v base="$BASE" '
        { t[NR] = $1 * 1000; if ($2 != 200) bad++; url = $3 }
        END { if (NR == 0) { print "0 0 0 0 0 0"; exit }
              i95 = int(NR * 0.95 + 0.5); if (i95 < 1) i95 = 1
              printf "%d %.2f %.2f %.2f %d %d\n", NR, t[int((NR + 1) / 2)], t[i95], t[NR], bad + 0, total }')
    local n p50 p95 max bad total slowest
    read -r n p50 p95 max bad total <<<"$stats"
    # (no `sort | head` here: with pipefail, sort's SIGPIPE would end the run)
    slowest=$(awk -F'\t' -v base="$BASE" '$1 + 0 >= max { max = $1 + 0; url = $3; code = $2 }
        END { sub(base, "", url); printf "%s (%.1f ms, status %s)", url, max * 1000, code }' "$times")
    REQUESTS[$name]=$n; P50[$name]=$p50; P90[$name]=""; P99[$name]=""; MAX[$name]=$max; NON2XX[$name]=$bad
    P95_COLD[$name]=$p95
    CLIENTS[$name]=1
    NOTE[$name]="p95 $p95 ms; each of $n/$total sent once, before any load; slowest $slowest"
    SCENARIOS+=("$name")
    printf '   %-44s p50 %s  p95 %s  max %s ms  (%s/%s sent, %s not 200)\n' "$name" "$p50" "$p95" "$max" "$n" "$total" "$bad" >&2
}
declare -A P95_COLD

run_scenarios() {
    local in=$TMP/inputs nginx="http://127.0.0.1:$NGINX_PORT"
    log "scenarios: warm-up run $WARMUP, then measured run $DURATION (lean.lua), -t$THREADS -c$CONNECTIONS unless noted"
    SHED_METRICS=$(shed_metric_names)
    note "shed/bulkhead metrics in /q/metrics: ${SHED_METRICS:-none}"
    # JIT warm-up of the service before the first measured scenario (a 3 s warm-up run is too short
    # for the compiler on 2 busy cores): lookups, revalidations, pages and letters, lean, unmeasured.
    # No searches or suggestions, so that the cold passes below still see each query first.
    note "JIT warm-up: $JIT_WARMUP of lookups, 304s, pages and letters (unmeasured)"
    cat "$in/hot.txt" "$in/etags.tsv" "$in/pages.txt" "$in/letters.txt" >"$in/jit-warm-up.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$JIT_WARMUP" --timeout 2s -s "$BENCH_DIR/lua/lean.lua" "$BASE" -- \
        "$in/jit-warm-up.txt" >/dev/null 2>&1 || true
    load "nginx static term" "$in/lookup.txt" "$CONNECTIONS" "$THREADS" "$nginx"
    run_pgbench
    LOOKUP="GET /terms/{slug} random of $TERMS"
    load "$LOOKUP" "$in/lookup.txt"
    if ((TERMS > 1000)); then
        load "GET /terms/{slug} hot 1,000" "$in/hot.txt"
    fi
    load "GET /terms/{slug} 304" "$in/etags.tsv"
    load "GET /terms?page=N (N < $MAX_PAGES)" "$in/pages.txt"
    load "GET /terms?letter=X" "$in/letters.txt"
    # Cold passes before any search load: the JIT has compiled the request path by now, but no
    # query or prefix has been asked yet.
    cold_pass "GET /terms?q= cold, 1 client" "$in/queries.txt"
    cold_pass "GET /suggestions cold, 1 client" "$in/prefixes.txt"
    load "GET /terms?q=" "$in/queries.txt"
    load "GET /terms?q= (1 client)" "$in/queries.txt" 1 1
    load "GET /suggestions?q=" "$in/prefixes.txt"
    load "GET /suggestions (1 client)" "$in/prefixes.txt" 1 1
    prepare_cursors
    local listing=$in/pages.txt listing_kind="page=N"
    if [[ -n $CURSOR_FILE ]]; then
        load "GET /terms?cursor=" "$CURSOR_FILE"
        listing=$CURSOR_FILE
        listing_kind="cursor"
    fi
    # Mixed: one wrk per kind, concurrently, 40 + 5 + 5 of the 50 clients, so each kind has its own
    # latency figures; the request shares are in the notes.
    run_loads "mixed: lookups|$BASE|1|40|$in/lookup.txt" \
              "mixed: search|$BASE|1|5|$in/queries.txt" \
              "mixed: listing ($listing_kind)|$BASE|1|5|$listing"
    MIXED_NAMES=("mixed: lookups" "mixed: search" "mixed: listing ($listing_kind)")
    # Overload (issue 8, item 5): 50 clients hammer search while 10 clients look terms up.
    run_loads "overload: lookups (10 clients)|$BASE|1|10|$in/lookup.txt" \
              "overload: search (50 clients)|$BASE|1|50|$in/queries.txt"
    run_subscriber_scenario
}

run_subscriber_scenario() {
    local name="POST /subscribers" probe
    probe=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -d '{"email":"probe.run@example.com"}' "$BASE/subscribers" || true)
    if [[ $probe == 404 || $probe == 405 ]]; then
        SUBSCRIBERS_STATUS="n/a: POST /subscribers answers $probe (endpoint not in this build)"
        note "$SUBSCRIBERS_STATUS"
        return
    fi
    # Lean subscribe.lua, no warm-up run: statuses from wrk's own line.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 2s -s "$BENCH_DIR/lua/subscribe.lua" "$BASE" >/dev/null 2>&1 || true
    local out=$TMP/subscribe.txt
    service_and_backend_ticks >"$out.cpu-before"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 2s --latency -s "$BENCH_DIR/lua/subscribe.lua" "$BASE" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk failed for $name"; }
    service_and_backend_ticks >"$out.cpu-after"
    store_wrk "$name" "$out"
    CLIENTS[$name]=$CONNECTIONS
    CPU[$name]=$(cpu_per_request "$out.cpu-before" "$out.cpu-after" "${REQUESTS[$name]}")
    SCENARIOS+=("$name")
    local accepted=$((${REQUESTS[$name]} - ${NON2XX[$name]})) persisted
    sleep 1 # requests in flight when wrk stopped
    # Addresses are unique (bench-<counter>-<thread>@example.com), so every accepted one is a row.
    persisted=$(sql "SELECT count(*) FROM subscriber WHERE email LIKE 'bench-%-%@example.com'" 2>/dev/null || echo 0)
    ACCEPTED_RATE=$(awk -v a="$accepted" -v d="$(seconds_of "$DURATION")" 'BEGIN { printf "%.0f", a / d }')
    if ((persisted >= accepted)); then
        SUBSCRIBERS_STATUS="$ACCEPTED_RATE accepted/s; all $accepted accepted persisted ($persisted rows, warm-up included)"
    else
        SUBSCRIBERS_STATUS="MISSING: $accepted accepted but only $persisted rows"
    fi
    NOTE[$name]=$SUBSCRIBERS_STATUS
    note "$SUBSCRIBERS_STATUS"
}

measure_memory() {
    LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)
    RSS_KB=$(proc_status "$SERVICE_PID" VmRSS)
    HWM_KB=$(proc_status "$SERVICE_PID" VmHWM)
    note "service RSS after the load: $((RSS_KB / 1024)) MB (peak $((HWM_KB / 1024)) MB)"
}

# ------------------------------------------------------------------------------------------ report

check() { awk "BEGIN { exit !($1) }" && echo met || echo "**missed**"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }'; }

# "zero 5xx other than counted 503 sheds, zero time-outs": the measured run has no socket time-outs;
# the service answered no 5xx but 503 and no 4xx in it; and every non-2xx/3xx answer of the measured
# run is a counted shed (when the service counts them; otherwise its answers must show only 503s).
check_no_errors() { # name
    local n=$1 counted=${COUNTED[$1]}
    ((${TIMEOUTS[$n]} == 0)) || { echo "**missed**"; return; }
    [[ $counted =~ (other\ 5xx|4xx) ]] && { echo "**missed**"; return; }
    if ((${NON2XX[$n]} > 0)); then
        if [[ -n ${SHED[$n]} ]]; then
            ((${NON2XX[$n]} <= ${SHED[$n]})) || { echo "**missed**"; return; }
        elif [[ ! $counted =~ 503 ]]; then
            echo "**missed**"; return
        fi
    fi
    echo met
}

evaluate() {
    local nginx=${RPS["nginx static term"]} name
    for name in "${SCENARIOS[@]}"; do
        [[ $name == "pgbench prepared single-slug lookup" ]] && { RATIO[$name]="ceiling"; continue; }
        [[ $name == "nginx static term" ]] && { RATIO[$name]="ceiling"; continue; }
        [[ -n ${RPS[$name]:-} ]] && RATIO[$name]="$(ratio "${RPS[$name]}" "$nginx")× nginx"
    done
    RATIO[$LOOKUP]="$(ratio "${RPS[$LOOKUP]}" "$nginx")× nginx, $(ratio "${RPS[$LOOKUP]}" "$PGBENCH_TPS")× pgbench"
    if ((TERMS >= 100000)); then
        TARGET[$LOOKUP]="uncached: ≥ 0.35× pgbench, p99 ≤ 25 ms"
        MET[$LOOKUP]=$(check "${RPS[$LOOKUP]} >= 0.35 * $PGBENCH_TPS && ${P99[$LOOKUP]} <= 25")
        TARGET["GET /terms/{slug} hot 1,000"]="(1,000-term target, for orientation: ≥ 0.65× nginx, p99 ≤ 10 ms)"
        for name in "GET /terms?q=" "GET /terms?page=N (N < $MAX_PAGES)" "overload: search (50 clients)"; do
            TARGET[$name]="no 5xx but counted 503 sheds, no time-outs"
            MET[$name]=$(check_no_errors "$name")
        done
        name="GET /terms?q= cold, 1 client"
        TARGET[$name]="p95 ≤ 20 ms, max ≤ 100 ms"
        MET[$name]=$(check "${P95_COLD[$name]} <= 20 && ${MAX[$name]} <= 100")
        if [[ -n $CURSOR_FILE ]]; then
            TARGET["GET /terms?cursor="]="p99 ≤ 20 ms"
            MET["GET /terms?cursor="]=$(check "${P99["GET /terms?cursor="]} <= 20")
        fi
        TARGET["mixed: lookups"]="lookup p99 ≤ 10 ms"
        MET["mixed: lookups"]=$(check "${P99["mixed: lookups"]} <= 10")
        TARGET["overload: lookups (10 clients)"]="lookup p99 ≤ 10 ms (issue 8, item 5)"
        MET["overload: lookups (10 clients)"]=$(check "${P99["overload: lookups (10 clients)"]} <= 10")
    else
        TARGET[$LOOKUP]="≥ 0.65× nginx, p99 ≤ 10 ms"
        MET[$LOOKUP]=$(check "${RPS[$LOOKUP]} >= 0.65 * $nginx && ${P99[$LOOKUP]} <= 10")
    fi
    [[ -n $CURSOR_FILE ]] || NOTE["GET /terms?cursor="]=$CURSOR_NOTE
    # Request shares of the mixed load.
    local total=0
    for name in "${MIXED_NAMES[@]}"; do total=$((total + ${REQUESTS[$name]})); done
    for name in "${MIXED_NAMES[@]}"; do
        NOTE[$name]="${NOTE[$name]:+${NOTE[$name]}; }$(awk -v a="${REQUESTS[$name]}" -v t="$total" 'BEGIN { printf "%.1f", a * 100 / t }') % of the mixed requests, ${CLIENTS[$name]} of 50 clients"
    done
    NOTE["nginx static term"]="$NGINX_TERM_BYTES-byte term JSON, every path"
    NOTE[$LOOKUP]="${NOTE[$LOOKUP]:+${NOTE[$LOOKUP]}; }mean term JSON $MEAN_TERM_BYTES bytes"
}

report() {
    evaluate
    local s17 s25 saot rss_mb=$((RSS_KB / 1024)) gc_share=""
    s17=$(median "${STARTUP[17]}"); s25=$(median "${STARTUP[25]}"); saot=$(median "${STARTUP[25-aot]}")
    [[ $GC_WALL_S != 0 ]] && gc_share=$(awk -v g="$GC_TOTAL_S" -v w="$GC_WALL_S" 'BEGIN { printf "%.1f", g * 100 / w }')
    {
        printf '## Benchmark: %s terms, %s per measured run\n\n' "$TERMS" "$DURATION"
        printf -- '- date: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf -- '- command: `%s`\n' "$COMMAND_LINE"
        printf -- '- service: src/main/java, src/main/resources and pom.xml as of commit %s (bench as of %s), on %s: `java %s%s -jar target/quarkus-app/quarkus-run.jar` (prod profile)\n' \
            "$(git -C "$REPO_DIR" log -1 --format=%h -- src/main/java src/main/resources pom.xml 2>/dev/null || echo '?')" \
            "$(git -C "$REPO_DIR" log -1 --format=%h 2>/dev/null || echo '?')" \
            "$(runtime_label "$RUNTIME")" "${JVM_FLAGS[*]}" "${SERVICE_JVM_EXTRA[*]:+ ${SERVICE_JVM_EXTRA[*]#"$REPO_DIR"/}}"
        printf -- '- machine: %s CPUs (`nproc`), %s memory (`free -h`), %s; shared with other work (other builds may run)\n' \
            "$(nproc)" "$(free -h | awk '/^Mem:/ { print $2 }')" \
            "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
        printf -- '- load average (1/5/15 min) when the load runs started: %s; when they ended: %s\n' "$LOAD_AT_START" "$LOAD_AT_END"
        printf -- '- data: %s; wrk %s, lean script (no response()/done()), -t%s -c%s unless noted, %s warm-up run before each; pgbench %s\n' \
            "$DATA_STATS" "$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')" "$THREADS" "$CONNECTIONS" "$WARMUP" \
            "$(pgbench --version | awk '{ print $NF }')"
        printf -- '- shed/bulkhead metrics in /q/metrics: %s\n\n' "${SHED_METRICS:-none (sheds column empty)}"
        printf '| scenario | clients | req/s | ratio | p50 ms | p90 ms | p99 ms | max ms | non-2xx/3xx | time-outs | service answers | sheds | CPU µs/req service / PostgreSQL | GC %% | target | met | notes |\n'
        printf '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---|---|\n'
        local name rps
        for name in "${SCENARIOS[@]}"; do
            rps=""
            [[ -n ${RPS[$name]:-} ]] && rps=$(printf '%.0f' "${RPS[$name]}")
            [[ -n ${SOCKET[$name]:-} && ${SOCKET[$name]} != 0 ]] && NOTE[$name]="${NOTE[$name]:+${NOTE[$name]}; }${SOCKET[$name]} other socket errors"
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
                "${name//|/\\|}" "${CLIENTS[$name]:-}" "$rps" "${RATIO[$name]:-}" "${P50[$name]:-}" "${P90[$name]:-}" \
                "${P99[$name]:-}" "${MAX[$name]:-}" "${NON2XX[$name]:-}" "${TIMEOUTS[$name]:-}" "${COUNTED[$name]:-}" \
                "${SHED[$name]:-}" "${CPU[$name]:-}" "${GC[$name]:-}" "${TARGET[$name]:-}" "${MET[$name]:-}" "${NOTE[$name]:-}"
        done
        [[ -n $CURSOR_FILE ]] || printf '| GET /terms?cursor= | | | | | | | | | | | | | | %s | n/a | %s |\n' \
            "$( ((TERMS >= 100000)) && echo 'p99 ≤ 20 ms')" "$CURSOR_NOTE"
        [[ -n ${RPS["POST /subscribers"]:-} ]] || printf '| POST /subscribers | | n/a | | | | | | | | | | | | | | %s |\n' "$SUBSCRIBERS_STATUS"
        printf '\n| measure | value | target | met |\n|---|---|---|---|\n'
        printf '| start-up to first 200 of GET /terms/{slug}, Java 17 | median %s ms (%s) | | |\n' "$s17" "${STARTUP[17]// /, }"
        printf '| start-up, Temurin 25 | median %s ms (%s) = %s× Java 17 | | |\n' "$s25" "${STARTUP[25]// /, }" "$(ratio "$s25" "$s17")"
        printf '| start-up, Temurin 25 + AOT cache | median %s ms (%s) = %s× Java 17 | ≤ 0.40× Java 17 | %s |\n' \
            "$saot" "${STARTUP[25-aot]// /, }" "$(ratio "$saot" "$s17")" "$(check "$saot <= 0.40 * $s17")"
        printf '| RSS after the load (VmRSS) | %s MB | ≤ 256 MB | %s |\n' "$rss_mb" "$(check "$rss_mb <= 256")"
        printf '| peak RSS (VmHWM) | %s MB | | |\n' $((HWM_KB / 1024))
        printf '| GC time share under load (jstat GCT delta / wall time, all measured runs) | %s %% | reported | |\n' "${gc_share:-n/a}"
        printf '\nRatios are req/s over nginx serving one %s-byte term (%.0f req/s) and over pgbench prepared single-slug lookups (%.0f tps), both measured in this run. ' \
            "$NGINX_TERM_BYTES" "${RPS["nginx static term"]}" "$PGBENCH_TPS"
        printf 'p50/p90/p99/max come from wrk --latency of the lean run (closed loop: under saturation they mostly measure queueing); "non-2xx/3xx" and "time-outs" (2 s) are wrk'"'"'s own counts for it; "service answers" are the counts the service keeps itself, by status (http_server_requests_seconds_count in /q/metrics) over the measured run, per group; a %s warm-up run comes before each; "sheds" is the change of the shed counters in /q/metrics over the measured run (per group for concurrent loads, like CPU and GC). Cold rows: curl, one request at a time, each input once.\n' "$WARMUP"
    } >"$TMP/table.md"
    mkdir -p "$BENCH_DIR/results"
    cp "$TMP/table.md" "$BENCH_DIR/results/latest.md"
    cp "$TMP/table.md" "$BENCH_DIR/results/$OUT.md"
    printf '\n'
    cat "$TMP/table.md"
    printf '\n(written to bench/results/latest.md and bench/results/%s.md)\n' "$OUT"
}

# ------------------------------------------------------------------------------------------ main

main() {
    parse_args "$@"
    require_tools wrk nginx jq pgbench psql createdb dropdb pg_isready curl python3 awk
    [[ -x $JAVA17 ]] || die "no Java 17 at $JAVA17 (set JAVA17)"
    [[ -x $JAVA25_HOME/bin/java ]] || die "no Temurin 25 at $JAVA25_HOME (set JAVA25_HOME)"
    require_free_ports "$PORT" "$NGINX_PORT"
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/glossary-bench.XXXXXX")
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    ensure_jar "$SKIP_BUILD"
    create_database "$PGDATABASE"
    log "first start: Flyway creates schema $SCHEMA"
    use_runtime 17
    start_service "$PORT" "$PGPORT" "${SERVICE_ENV[@]}"
    wait_for_status "$BASE/q/health/ready" 200 180 >/dev/null || die "the first start did not become ready"
    stop_service 15
    log "loading $TERMS terms (bench/sql/load.sql)"
    load_terms "$TERMS"
    ensure_aot_cache
    measure_startups
    start_measured_service
    prepare_inputs
    start_nginx "$NGINX_PORT" "$TMP/inputs/nginx-term.json"
    run_scenarios
    measure_memory
    report
}

main "$@"
