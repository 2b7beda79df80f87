#!/usr/bin/env bash
# Benchmark of the Glossary service against an nginx ceiling on the same machine (issue 4).
#
#   bench/run.sh [--terms N] [--duration 20s] [--skip-build]
#
# Builds the jar if needed, creates a throwaway database, lets Flyway create the schema, loads N
# deterministic terms, restarts the service in prod mode (measuring start-up), starts nginx with a
# private config, drives both with wrk on 127.0.0.1, and prints a Markdown table that is also written
# to bench/results/latest.md. Everything it starts is stopped by PID, and the database dropped, on
# exit, failure or Ctrl-C. See bench/README.md.
#
# Environment (all optional): PORT (18080), NGINX_PORT (18081), WARMUP (3s, per scenario, unmeasured),
# PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD (postgres), JAVA_OPTS (extra JVM flags).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
JAR="$REPO_DIR/target/quarkus-app/quarkus-run.jar"
COMMAND_LINE="bench/run.sh $*"

TERMS=1000
DURATION=20s
SKIP_BUILD=false
PORT=${PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
WARMUP=${WARMUP:-3s}
THREADS=2
CONNECTIONS=50
# 160 MB of heap: the service's live set is small (a connection pool, JSON buffers, no caches of
# terms), and the RSS target is 256 MB, which must also hold metaspace (~60 MB for Quarkus), the
# code cache and thread stacks. Serial GC: the machine has 2 cores and the collector needs no
# helper threads or remembered sets, so it has the smallest footprint.
JVM_FLAGS=(-Xmx96m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000)
SCHEMA=${GLOSSARY_DB_SCHEMA:-glossary}

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGDATABASE="glossary_bench_$$"
export PGOPTIONS="-c search_path=$SCHEMA,public"
export BENCH_LUA_DIR="$BENCH_DIR/lua"

TMP=""
DB_CREATED=false
SERVICE_PID=""
NGINX_PID=""
SERVICE_STARTED_NS=0

# Results, by scenario name.
declare -A RPS P50 P95 P99 MAX BAD S202 S304 BYTES NOTE BREAKDOWN REQUESTS CPU
SCENARIOS=()
STARTUP_MS=""
QUARKUS_STARTED=""
RSS_KB=""
HWM_KB=""
SUBSCRIBERS_STATUS=""
SLOWEST_QUERY=""
SLOWEST_PREFIX=""

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

parse_args() {
    while (($#)); do
        case $1 in
            --terms) TERMS=${2:?--terms needs a number}; shift 2 ;;
            --duration) DURATION=${2:?--duration needs a value like 20s}; shift 2 ;;
            --skip-build) SKIP_BUILD=true; shift ;;
            -h|--help) usage 0 ;;
            *) printf 'unknown argument: %s\n' "$1" >&2; usage 2 ;;
        esac
    done
    [[ $TERMS =~ ^[0-9]+$ && $TERMS -ge 10 ]] || die "--terms must be a number >= 10"
    [[ $DURATION =~ ^[0-9]+[smh]?$ ]] || die "--duration must look like 20s, 1m"
}

# ------------------------------------------------------------------------------------------ clean-up

stop_pid() { # pid name
    local pid=$1 name=$2
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    printf 'warning: %s (pid %s) ignored TERM for 10 s, killing it\n' "$name" "$pid" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    stop_pid "$SERVICE_PID" service
    stop_pid "$NGINX_PID" nginx
    if $DB_CREATED; then
        dropdb --if-exists --force "$PGDATABASE" 2>/dev/null \
            || printf 'warning: could not drop database %s\n' "$PGDATABASE" >&2
    fi
    if ((status != 0)) && [[ -n $TMP && -f $TMP/service.log ]]; then
        printf '\n-- last lines of the service log:\n' >&2
        tail -n 20 "$TMP/service.log" >&2
    fi
    [[ -n $TMP ]] && rm -rf "$TMP"
    exit "$status"
}

# ------------------------------------------------------------------------------------------ steps

check_prerequisites() {
    local missing=()
    for tool in wrk nginx psql createdb dropdb pg_isready curl java awk; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    if ((${#missing[@]})); then
        printf 'missing: %s\n' "${missing[*]}" >&2
        printf 'install them first, e.g.: apt-get install -y wrk nginx postgresql-client openjdk-17-jdk-headless curl\n' >&2
        printf '(this script installs nothing itself)\n' >&2
        exit 1
    fi
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || die "PostgreSQL is not accepting connections on $PGHOST:$PGPORT"
    for port in "$PORT" "$NGINX_PORT"; do
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
            die "something already listens on 127.0.0.1:$port (set PORT / NGINX_PORT)"
        fi
    done
}

build_jar() {
    if $SKIP_BUILD; then
        [[ -f $JAR ]] || die "--skip-build, but $JAR does not exist"
        return
    fi
    if [[ -f $JAR ]] && [[ -z $(find "$REPO_DIR/src/main" "$REPO_DIR/pom.xml" -newer "$JAR" -print -quit) ]]; then
        log "jar is up to date: ${JAR#"$REPO_DIR"/}"
        return
    fi
    log "building the jar (./mvnw -B -q package -DskipTests)"
    (cd "$REPO_DIR" && ./mvnw -B -q package -DskipTests)
    [[ -f $JAR ]] || die "the build did not produce $JAR"
}

create_database() {
    log "creating throwaway database $PGDATABASE"
    createdb "$PGDATABASE"
    DB_CREATED=true
}

start_service() {
    : >"$TMP/service.log"
    SERVICE_STARTED_NS=$(date +%s%N)
    (cd "$REPO_DIR" && exec env \
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" \
        QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
        QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD" \
        QUARKUS_HTTP_HOST=127.0.0.1 \
        QUARKUS_HTTP_PORT="$PORT" \
        GLOSSARY_DB_SCHEMA="$SCHEMA" \
        GLOSSARY_PUBLIC_BASE_URL="http://127.0.0.1:$PORT" \
        GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false \
        QUARKUS_MAILER_MOCK=true \
        MALLOC_ARENA_MAX=2 \
        java "${JVM_FLAGS[@]}" ${JAVA_OPTS:-} -jar "$JAR") >>"$TMP/service.log" 2>&1 &
    SERVICE_PID=$!
}

stop_service() {
    stop_pid "$SERVICE_PID" service
    SERVICE_PID=""
}

# Polls until the URL answers 200; prints the milliseconds since the service was launched.
wait_for_200() { # url timeout_seconds
    local url=$1 deadline=$(($(date +%s) + $2))
    while :; do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true) == 200 ]]; then
            echo $((($(date +%s%N) - SERVICE_STARTED_NS) / 1000000))
            return 0
        fi
        [[ -n $SERVICE_PID ]] && ! kill -0 "$SERVICE_PID" 2>/dev/null && die "the service exited (see its log below)"
        (($(date +%s) < deadline)) || die "no 200 from $url within $2 s"
        sleep 0.02
    done
}

migrate_schema() {
    log "first start: Flyway creates schema $SCHEMA"
    start_service
    local ms
    ms=$(wait_for_200 "http://127.0.0.1:$PORT/q/health/ready" 120)
    printf 'ready after %s ms (includes the migration)\n' "$ms" >&2
    stop_service
}

load_data() {
    log "loading $TERMS terms (set-based SQL, deterministic)"
    local started=$SECONDS
    psql -X -q -v terms="$TERMS" -v batch=1000 -f "$BENCH_DIR/sql/load.sql" | tee "$TMP/load.txt" >&2
    printf 'loaded in %s s\n' $((SECONDS - started)) >&2
    DATA_STATS=$(psql -X -Atc "SELECT format('%s terms, %s aliases, %s relations',
        (SELECT count(*) FROM term), (SELECT count(*) FROM term_alias), (SELECT count(*) FROM term_relation))")
}

start_measured_service() {
    log "starting the service in prod mode: java ${JVM_FLAGS[*]} -jar ${JAR#"$REPO_DIR"/}"
    local slug
    slug=$(psql -X -Atc "SELECT slug FROM term ORDER BY id DESC LIMIT 1")
    start_service
    STARTUP_MS=$(wait_for_200 "http://127.0.0.1:$PORT/terms/$slug" 120)
    QUARKUS_STARTED=$(awk 'match($0, /started in [0-9.]+s/) { print substr($0, RSTART + 11, RLENGTH - 11); exit }' \
        "$TMP/service.log")
    LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
    printf 'first 200 of GET /terms/%s after %s ms (Quarkus reports started in %s)\n' \
        "$slug" "$STARTUP_MS" "${QUARKUS_STARTED:-?}" >&2
}

prepare_inputs() {
    log "preparing request lists"
    local in=$TMP/inputs total pages
    mkdir -p "$in"
    psql -X -Atc "SELECT '/terms/' || slug FROM term ORDER BY id" >"$in/lookup.txt"
    total=$(wc -l <"$in/lookup.txt")
    pages=$(((total + 19) / 20))
    # Every page of the default listing, uniformly: deep pages (large OFFSET) included.
    seq 0 $((pages - 1)) | sed 's|^|/terms?page=|' >"$in/pages.txt"
    { printf '/terms?letter=%s\n' {A..Z}; printf '/terms?letter=%%23\n'; } >"$in/letters.txt"
    psql -X -At -v kind=queries -v count=300 -f "$BENCH_DIR/sql/inputs.sql" >"$in/queries.txt"
    psql -X -At -v kind=prefixes -v count=300 -f "$BENCH_DIR/sql/inputs.sql" >"$in/prefixes.txt"

    # ETags (for the revalidation scenario) and sizes of 1,000 terms, in one curl run.
    psql -X -Atc "SELECT 'url = \"http://127.0.0.1:$PORT/terms/' || slug || E'\"\noutput = \"/dev/null\"'
                  FROM term ORDER BY hashint8(id), id LIMIT 1000" >"$in/curl-etags.cfg"
    curl -s -K "$in/curl-etags.cfg" -w '%{http_code}\t%{url_effective}\t%header{etag}\t%{size_download}\n' \
        | awk -F'\t' -v base="http://127.0.0.1:$PORT" '$1 == 200 && $3 != "" { sub(base, "", $2); print $2 "\t" $3 "\t" $4 }' \
        >"$in/sample.tsv"
    [[ -s $in/sample.tsv ]] || die "no ETags: GET /terms/{slug} did not answer 200 with an ETag"
    cut -f1,2 "$in/sample.tsv" >"$in/etags.tsv"
    MEAN_TERM_BYTES=$(awk -F'\t' '{ s += $3 } END { printf "%.0f", s / NR }' "$in/sample.tsv")
    # nginx serves the sampled term whose JSON is closest to 1.2 KB.
    NGINX_TERM_PATH=$(awk -F'\t' '{ d = $3 - 1200; if (d < 0) d = -d; if (NR == 1 || d < best) { best = d; path = $1 } }
        END { print path }' "$in/sample.tsv")
    printf '%s slugs, %s pages, %s queries, %s prefixes, %s ETags; mean term JSON %s bytes\n' \
        "$total" "$pages" "$(wc -l <"$in/queries.txt")" "$(wc -l <"$in/prefixes.txt")" \
        "$(wc -l <"$in/etags.tsv")" "$MEAN_TERM_BYTES" >&2
}

start_nginx() {
    log "starting nginx on 127.0.0.1:$NGINX_PORT (private config)"
    local dir=$TMP/nginx
    mkdir -p "$dir/www" "$dir/tmp"
    curl -sf -o "$dir/www/term.json" "http://127.0.0.1:$PORT$NGINX_TERM_PATH"
    NGINX_TERM_BYTES=$(wc -c <"$dir/www/term.json")
    # nginx workers drop to an unprivileged user when started as root; let them read the file.
    chmod 755 "$TMP" "$dir" "$dir/www"
    chmod 644 "$dir/www/term.json"
    cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    default_type application/json;
    # Like the service, never close a busy keep-alive connection during a run.
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $dir/www;
        # Every path answers the one term, so the lookup script and its slug list drive nginx unchanged.
        location / { try_files /term.json =404; }
    }
}
EOF
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
    NGINX_PID=$!
    local deadline=$(($(date +%s) + 10))
    until curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/terms/x"; do
        kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$dir/error.log" 2>/dev/null)"
        (($(date +%s) < deadline)) || die "nginx did not answer within 10 s"
        sleep 0.1
    done
    printf 'nginx serves %s (%s bytes)\n' "$NGINX_TERM_PATH" "$NGINX_TERM_BYTES" >&2
}

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

# Runs wrk once and stores the BENCH_RESULT figures under the scenario name.
run_wrk() { # name threads connections base_url script [script args...]
    local name=$1 threads=$2 connections=$3 url=$4 script=$5
    shift 5
    local out="$TMP/wrk-${name//[^A-Za-z0-9]/_}.txt"
    local measure_cpu=false
    [[ $url == "http://127.0.0.1:$PORT" ]] && measure_cpu=true
    $measure_cpu && service_and_backend_ticks >"$out.cpu-before"
    wrk -t"$threads" -c"$connections" -d"$DURATION" --timeout 2s --latency -s "$BENCH_DIR/lua/$script" "$url" -- "$@" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk failed for $name"; }
    local line
    line=$(grep '^BENCH_RESULT' "$out") || { cat "$out" >&2; die "no result line from wrk for $name"; }
    SCENARIOS+=("$name")
    local field
    for field in $line; do
        case $field in
            rps=*) RPS[$name]=${field#*=} ;;
            p50=*) P50[$name]=${field#*=} ;;
            p95=*) P95[$name]=${field#*=} ;;
            p99=*) P99[$name]=${field#*=} ;;
            max=*) MAX[$name]=${field#*=} ;;
            bad=*) BAD[$name]=${field#*=} ;;
            s202=*) S202[$name]=${field#*=} ;;
            s304=*) S304[$name]=${field#*=} ;;
            bytes_per_req=*) BYTES[$name]=${field#*=} ;;
            requests=*) REQUESTS[$name]=${field#*=} ;;
        esac
    done
    if $measure_cpu; then
        service_and_backend_ticks >"$out.cpu-after"
        CPU[$name]=$(cpu_per_request "$out.cpu-before" "$out.cpu-after" "${REQUESTS[$name]}")
    fi
    # What the non-2xx/3xx answers were, for the notes column.
    BREAKDOWN[$name]=$(tr ' ' '\n' <<<"$line" | awk -F= '$1 ~ /^(s4xx|s429|s5xx|socket)$/ && $2 > 0 {
        printf "%s%s %s", sep, $2, ($1 == "socket" ? "socket errors/timeouts" : substr($1, 2)); sep = ", " }')
    printf '%-28s %10s req/s  p50 %7s ms  p95 %7s ms  p99 %7s ms  max %8s ms  non-2xx/3xx %s  CPU µs/req %s\n' \
        "$name" "${RPS[$name]}" "${P50[$name]}" "${P95[$name]}" "${P99[$name]}" "${MAX[$name]}" "${BAD[$name]}" \
        "${CPU[$name]:-n/a}" >&2
}

warm_up() { # base_url script [args...]: unmeasured, so the JIT has compiled the path being measured
    local url=$1 script=$2
    shift 2
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 2s -s "$BENCH_DIR/lua/$script" "$url" -- "$@" >/dev/null 2>&1 || true
}

scenario() { # name script input
    local service="http://127.0.0.1:$PORT"
    warm_up "$service" "$2" "$3"
    run_wrk "$1" "$THREADS" "$CONNECTIONS" "$service" "$2" "$3"
}

run_read_scenarios() {
    local in=$TMP/inputs service="http://127.0.0.1:$PORT"
    log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, warm-up $WARMUP before each scenario"
    warm_up "http://127.0.0.1:$NGINX_PORT" get.lua "$in/lookup.txt"
    run_wrk "nginx static term" "$THREADS" "$CONNECTIONS" "http://127.0.0.1:$NGINX_PORT" get.lua "$in/lookup.txt"
    scenario "GET /terms/{slug}" get.lua "$in/lookup.txt"
    scenario "GET /terms/{slug} 304" revalidate.lua "$in/etags.tsv"
    scenario "GET /terms?page=N" get.lua "$in/pages.txt"
    scenario "GET /terms?letter=X" get.lua "$in/letters.txt"
    scenario "GET /terms?q=" get.lua "$in/queries.txt"
    run_wrk "GET /terms?q= (1 client)" 1 1 "$service" get.lua "$in/queries.txt"
    scenario "GET /suggestions?q=" get.lua "$in/prefixes.txt"
    run_wrk "GET /suggestions (1 client)" 1 1 "$service" get.lua "$in/prefixes.txt"
}

# Each query once, one client: the slowest single request (the "no query over 100 ms" target).
# Bounded like a wrk run: at most $DURATION per list and 5 s per request; the note says how many
# of the list were covered.
slowest_requests() {
    local in=$TMP/inputs kind
    for kind in queries prefixes; do
        sed "s|^|url = \"http://127.0.0.1:$PORT|; s|\$|\"\noutput = \"/dev/null\"|" "$in/$kind.txt" >"$in/curl-$kind.cfg"
        { timeout "$DURATION" curl -s --max-time 5 -K "$in/curl-$kind.cfg" \
            -w '%{time_total}\t%{http_code}\t%{url_effective}\n' || true; } >"$in/times-$kind.tsv"
    done
    SLOWEST_QUERY=$(slowest_of "$in/times-queries.tsv" "$(wc -l <"$in/queries.txt")")
    SLOWEST_PREFIX=$(slowest_of "$in/times-prefixes.tsv" "$(wc -l <"$in/prefixes.txt")")
    printf 'slowest q search: %s; slowest suggestion: %s\n' "$SLOWEST_QUERY" "$SLOWEST_PREFIX" >&2
}

slowest_of() { # times_file list_length
    awk -F'\t' -v total="$2" '
        { n++; if ($1 + 0 > max) { max = $1 + 0; url = $3; code = $2 } }
        END { sub(/^http:\/\/[^\/]*/, "", url)
              printf "%.1f ms (%s, status %s), each of %d/%d sent once", max * 1000, url, code, n, total }' "$1"
}

run_subscriber_scenario() {
    local service="http://127.0.0.1:$PORT" name="POST /subscribers" probe
    probe=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -d '{"email":"probe.run@example.com"}' "$service/subscribers" || true)
    if [[ $probe == 404 || $probe == 405 ]]; then
        SUBSCRIBERS_STATUS="n/a: POST /subscribers answers $probe (endpoint not in this build)"
        printf '%s\n' "$SUBSCRIBERS_STATUS" >&2
        return
    fi
    warm_up "$service" subscribe.lua
    run_wrk "$name" "$THREADS" "$CONNECTIONS" "$service" subscribe.lua
    local accepted=${S202[$name]} exists persisted
    exists=$(psql -X -Atc "SELECT to_regclass('$SCHEMA.subscriber') IS NOT NULL
                           AND EXISTS (SELECT 1 FROM information_schema.columns
                                       WHERE table_schema = '$SCHEMA' AND table_name = 'subscriber'
                                         AND column_name = 'email')")
    if [[ $exists != t ]]; then
        SUBSCRIBERS_STATUS="$accepted accepted; persistence not checked: no table $SCHEMA.subscriber(email)"
    else
        sleep 1 # requests still in flight when wrk stopped
        # Addresses are unique (bench-<counter>-<thread>@example.com), so every accepted one is a row
        # of its own; rows may exceed the count by the requests in flight when wrk stopped.
        persisted=$(psql -X -Atc "SELECT count(*) FROM subscriber WHERE email LIKE 'bench-%-%@example.com'")
        if ((persisted >= accepted)); then
            SUBSCRIBERS_STATUS="all $accepted accepted addresses persisted ($persisted rows)"
        else
            SUBSCRIBERS_STATUS="MISSING: $accepted accepted but only $persisted rows"
        fi
    fi
    NOTE[$name]=$SUBSCRIBERS_STATUS
    printf '%s\n' "$SUBSCRIBERS_STATUS" >&2
}

measure_memory() {
    LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)
    RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVICE_PID/status")
    HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVICE_PID/status")
    printf 'service RSS after the load: %s MB (peak %s MB)\n' $((RSS_KB / 1024)) $((HWM_KB / 1024)) >&2
}

# ------------------------------------------------------------------------------------------ report

# awk-evaluated condition on numbers -> yes/no
check() { awk "BEGIN { exit !($1) }" && echo yes || echo no; }

report() {
    local nginx=${RPS["nginx static term"]} lookup=${RPS["GET /terms/{slug}"]}
    local scale_note=""
    ((TERMS >= 100000)) || scale_note=" (target is for 100,000 terms)"
    declare -A TARGET MET
    TARGET["nginx static term"]="ceiling"
    TARGET["GET /terms/{slug}"]="≥ 60 % of nginx, p99 ≤ 10 ms"
    MET["GET /terms/{slug}"]=$(check "$lookup >= 0.6 * $nginx && ${P99["GET /terms/{slug}"]} <= 10")
    TARGET["GET /terms/{slug} 304"]="≥ lookup req/s, p99 ≤ 10 ms"
    MET["GET /terms/{slug} 304"]=$(check "${RPS["GET /terms/{slug} 304"]} >= $lookup && ${P99["GET /terms/{slug} 304"]} <= 10")
    TARGET["GET /terms?q= (1 client)"]="p95 ≤ 20 ms, max ≤ 100 ms$scale_note"
    MET["GET /terms?q= (1 client)"]=$(check "${P95["GET /terms?q= (1 client)"]} <= 20 && ${MAX["GET /terms?q= (1 client)"]} <= 100")
    TARGET["GET /suggestions (1 client)"]="p95 ≤ 5 ms$scale_note"
    MET["GET /suggestions (1 client)"]=$(check "${P95["GET /suggestions (1 client)"]} <= 5")
    if [[ -n ${RPS["POST /subscribers"]:-} ]]; then
        local accepted_rate
        accepted_rate=$(awk -v a="${S202["POST /subscribers"]}" -v d="$DURATION" 'BEGIN {
            s = d + 0; if (d ~ /m$/) s *= 60; if (d ~ /h$/) s *= 3600; printf "%.0f", a / s }')
        TARGET["POST /subscribers"]="≥ 1,500 accepted/s, all persisted"
        MET["POST /subscribers"]=$(check "$accepted_rate >= 1500 && ${BAD["POST /subscribers"]} == 0")
        [[ $SUBSCRIBERS_STATUS == all* ]] || MET["POST /subscribers"]=no
        NOTE["POST /subscribers"]="$accepted_rate accepted/s; ${NOTE["POST /subscribers"]}"
    fi
    NOTE["GET /terms/{slug} 304"]="${S304["GET /terms/{slug} 304"]} × 304"
    NOTE["GET /terms?q= (1 client)"]="slowest single query: $SLOWEST_QUERY"
    NOTE["GET /suggestions (1 client)"]="slowest single prefix: $SLOWEST_PREFIX"
    NOTE["nginx static term"]="$NGINX_TERM_BYTES-byte term JSON"
    NOTE["GET /terms/{slug}"]="mean term JSON $MEAN_TERM_BYTES bytes"

    local rss_mb=$((RSS_KB / 1024)) startup_s
    startup_s=$(awk -v ms="$STARTUP_MS" 'BEGIN { printf "%.2f", ms / 1000 }')
    {
        printf '## Benchmark: %s terms, %s per run\n\n' "$TERMS" "$DURATION"
        printf -- '- date: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf -- '- command: `%s`\n' "$COMMAND_LINE"
        printf -- '- service: src/ and pom.xml as of commit %s, `java %s -jar target/quarkus-app/quarkus-run.jar` (prod profile)\n' \
            "$(git -C "$REPO_DIR" log -1 --format=%h -- src pom.xml 2>/dev/null || echo '?')" "${JVM_FLAGS[*]}"
        printf -- '- machine: %s CPUs (`nproc`), %s memory (`free -h`), %s; shared with other work\n' \
            "$(nproc)" "$(free -h | awk '/^Mem:/ { print $2 }')" \
            "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
        printf -- '- load average (1/5/15 min) when the runs started: %s; when they ended: %s\n' \
            "$LOAD_AT_START" "$LOAD_AT_END"
        printf -- '- data: %s; wrk %s, -t%s -c%s on 127.0.0.1, %s warm-up per scenario\n\n' \
            "$DATA_STATS" "$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')" "$THREADS" "$CONNECTIONS" "$WARMUP"
        printf '| scenario | req/s | × nginx | p50 ms | p95 ms | p99 ms | max ms | non-2xx/3xx | CPU µs/req service / PostgreSQL | target | met | notes |\n'
        printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n'
        local name ratio
        for name in "${SCENARIOS[@]}"; do
            if [[ -n ${BREAKDOWN[$name]} ]]; then
                NOTE[$name]="${NOTE[$name]:+${NOTE[$name]}; }non-2xx/3xx: ${BREAKDOWN[$name]}"
            fi
            ratio=$(awk -v a="${RPS[$name]}" -v b="$nginx" 'BEGIN { printf "%.2f", a / b }')
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
                "${name//|/\\|}" "$(printf '%.0f' "${RPS[$name]}")" "$ratio" "${P50[$name]}" "${P95[$name]}" \
                "${P99[$name]}" "${MAX[$name]}" "${BAD[$name]}" "${CPU[$name]:-}" \
                "${TARGET[$name]:-}" "${MET[$name]:-}" "${NOTE[$name]:-}"
        done
        if [[ -z ${RPS["POST /subscribers"]:-} ]]; then
            printf '| POST /subscribers | n/a | | | | | | | | ≥ 1,500 accepted/s, all persisted | n/a | %s |\n' "$SUBSCRIBERS_STATUS"
        fi
        printf '\n| measure | value | target | met |\n|---|---:|---|---|\n'
        printf '| start-up to first 200 of GET /terms/{slug} | %s s | ≤ 3 s | %s |\n' "$startup_s" "$(check "$startup_s <= 3")"
        printf '| RSS after the load (VmRSS) | %s MB | ≤ 256 MB | %s |\n' "$rss_mb" "$(check "$rss_mb <= 256")"
        printf '| peak RSS (VmHWM) | %s MB | | |\n' $((HWM_KB / 1024))
        printf '\nQuarkus reports "started in %s"; ratios are req/s over nginx serving one static term (%s req/s).\n' \
            "${QUARKUS_STARTED:-?}" "$(printf '%.0f' "$nginx")"
    } >"$TMP/table.md"

    mkdir -p "$BENCH_DIR/results"
    cp "$TMP/table.md" "$BENCH_DIR/results/latest.md"
    cp "$TMP/table.md" "$BENCH_DIR/results/terms-$TERMS.md"
    printf '\n'
    cat "$TMP/table.md"
    printf '\n(written to bench/results/latest.md and bench/results/terms-%s.md)\n' "$TERMS"
}

# ------------------------------------------------------------------------------------------ main

main() {
    parse_args "$@"
    check_prerequisites
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/glossary-bench.XXXXXX")
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    build_jar
    create_database
    migrate_schema
    load_data
    start_measured_service
    prepare_inputs
    start_nginx
    run_read_scenarios
    slowest_requests
    run_subscriber_scenario
    measure_memory
    report
}

main "$@"
