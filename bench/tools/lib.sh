# Shared by the bench scripts (bench/*.sh but search-latency.sh, and tools/aot-cache.sh; sourced, not
# run). Starts and stops the packaged service, its throwaway database, nginx (the ceiling of
# run.sh), the PostgreSQL proxy (pgproxy.py) and the SMTP sink (smtpsink.py), always on 127.0.0.1 and
# always by PID; makes the service's AOT cache (JDK 25, JEP 483/514) with a training run. Conventions:
# prod profile, the JVM flags below, schema "glossary", bench/sql/load.sql.
#
# The sourcing script sets TMP (a private directory) and calls `lib_cleanup` from its EXIT trap.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
TOOLS_DIR="$BENCH_DIR/tools"
JAR="$REPO_DIR/target/quarkus-app/quarkus-run.jar"
# The production flags, read from the Dockerfile's JAVA_OPTS so that the bench runs what the image runs
# (what each buys: the Dockerfile's comment and bench/README.md, "JVM flags"). The image's listen
# address stays out: start_service binds 127.0.0.1, and a -D setting would override it.
mapfile -t JVM_FLAGS < <(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' "$REPO_DIR/Dockerfile" | tr ' ' '\n' |
    grep -v -e '^$' -e '^-Dquarkus.http.host=')
((${#JVM_FLAGS[@]} > 0)) || { echo "error: no ENV JAVA_OPTS in $REPO_DIR/Dockerfile" >&2; exit 1; }
# The term cache's bound that goes with that heap (the Dockerfile's ENV too; the code's default is 24M).
TERM_CACHE_MAX_MEMORY=${GLOSSARY_TERM_CACHE_MAX_MEMORY:-12M}
# Made without JEP 515 method profiles: replaying them made C2 compile ~2 s of CPU during start-up.
AOT_TRAINING_FLAGS=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)
SCHEMA=${GLOSSARY_DB_SCHEMA:-glossary}

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGOPTIONS="-c search_path=$SCHEMA,public"
export BENCH_LUA_DIR="$BENCH_DIR/lua"

DB_CREATED=false
SERVICE_PID=""
PROXY_PID=""
SINK_PID=""
NGINX_PID=""
BG_PIDS=()     # wrk, loadgen, curl loops: stopped on exit if still running
SERVICE_N=0    # service start counter, one log file per start
SERVICE_STARTED_MS=0
# The service's runtime: JAVA_BIN (default: java on the PATH, Java 17 here) and extra JVM arguments
# for the next start_service (e.g. the AOT cache flags). Temurin 25 is the production runtime.
JAVA_BIN=${JAVA_BIN:-java}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SERVICE_JVM_EXTRA=()
# The AOT cache lives next to the jar, where Quarkus' own AOT packaging puts it (app.aot).
AOT_CACHE=${AOT_CACHE:-$REPO_DIR/target/quarkus-app/app.aot}

log() { printf '\n== %s\n' "$*" >&2; }
note() { printf '   %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
now_s() { date +%s.%N | cut -c1-14; } # epoch seconds with 3 decimals

stop_pid() { # pid name [seconds before KILL, default 10]
    local pid=$1 name=$2 patience=${3:-10}
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < patience * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    printf 'warning: %s (pid %s) ignored TERM for %s s, killing it\n' "$name" "$pid" "$patience" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

lib_cleanup() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null && { kill -TERM "$pid" 2>/dev/null || true; }
    done
    for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    stop_pid "$SERVICE_PID" service 15
    stop_pid "$PROXY_PID" pgproxy 5
    stop_pid "$SINK_PID" smtpsink 5
    stop_pid "$NGINX_PID" nginx 5
    if $DB_CREATED; then
        dropdb --if-exists --force "$PGDATABASE" 2>/dev/null \
            || printf 'warning: could not drop database %s\n' "$PGDATABASE" >&2
        DB_CREATED=false
    fi
}

# The service's answers so far by status, "status count" a line, from its own counter
# (http_server_requests_seconds_count in /q/metrics): counted by the server, so the client stays
# lean (no per-response callback in wrk). With a method, only that method's answers outside /q/.
service_statuses() { # base_url [method]
    curl -s --max-time 5 "$1/q/metrics" | awk -v method="${2:-}" '
        /^http_server_requests_seconds_count\{/ && match($0, /status="[0-9]+"/) {
            if (method != "" && (index($0, "method=\"" method "\"") == 0 || index($0, "uri=\"/q/") > 0)) next
            n[substr($0, RSTART + 8, 3)] += $NF }
        END { for (s in n) printf "%s %.0f\n", s, n[s] }'
}

# The EXIT trap of a script with nothing else to clean up (`trap lib_exit EXIT`): lib_cleanup, the
# service's last log lines when the script failed, TMP removed, the script's status kept.
lib_exit() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    lib_cleanup
    ((status == 0)) || { [[ -n ${SERVICE_LOG:-} && -f $SERVICE_LOG ]] && tail -n 20 "$SERVICE_LOG" >&2; }
    [[ -n ${TMP:-} ]] && rm -rf "$TMP"
    exit "$status"
}

# Debian packages that provide each tool the bench scripts use.
declare -A TOOL_PACKAGE=([wrk]=wrk [nginx]=nginx [jq]=jq [pgbench]=postgresql-contrib [curl]=curl
    [psql]=postgresql-client [createdb]=postgresql-client [dropdb]=postgresql-client
    [pg_isready]=postgresql-client [python3]=python3 [awk]=gawk)

# Checks the tools; installs missing ones from Debian's packages (apt-get, as root), then checks that
# PostgreSQL answers.
require_tools() {
    local missing=() packages=() tool
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    if ((${#missing[@]})); then
        for tool in "${missing[@]}"; do
            [[ -n ${TOOL_PACKAGE[$tool]:-} ]] || die "missing: $tool (no known Debian package; install it first)"
            packages+=("${TOOL_PACKAGE[$tool]}")
        done
        ((EUID == 0)) || die "missing: ${missing[*]}; install: apt-get install -y ${packages[*]}"
        log "installing ${packages[*]} (missing: ${missing[*]})"
        apt-get install -y -q "${packages[@]}" >&2 \
            || { apt-get update -q >&2 && apt-get install -y -q "${packages[@]}" >&2; } \
            || die "could not install ${packages[*]}"
        for tool in "${missing[@]}"; do command -v "$tool" >/dev/null || die "still missing after install: $tool"; done
    fi
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || die "PostgreSQL is not accepting connections on $PGHOST:$PGPORT"
}

require_free_ports() {
    local port
    for port in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "something already listens on 127.0.0.1:$port"
        fi
    done
}

ensure_jar() { # skip_build(true|false)
    if $1; then
        [[ -f $JAR ]] || die "--skip-build, but $JAR does not exist"
        return
    fi
    if [[ -f $JAR ]] && [[ -z $(find "$REPO_DIR/src/main" "$REPO_DIR/pom.xml" -newer "$JAR" -print -quit) ]]; then
        note "jar is up to date: ${JAR#"$REPO_DIR"/}"
        return
    fi
    log "building the jar (./mvnw -B -q package -DskipTests)"
    (cd "$REPO_DIR" && ./mvnw -B -q package -DskipTests)
    [[ -f $JAR ]] || die "the build did not produce $JAR"
}

sql() { psql -X -q -v ON_ERROR_STOP=1 -Atc "$1"; }

create_database() { # name
    export PGDATABASE=$1
    createdb "$PGDATABASE"
    DB_CREATED=true
    note "throwaway database $PGDATABASE"
}

load_terms() { # count
    psql -X -q -v terms="$1" -v batch=1000 -f "$BENCH_DIR/sql/load.sql" >&2
    note "data: $(sql "SELECT format('%s terms, %s aliases, %s relations',
        (SELECT count(*) FROM term), (SELECT count(*) FROM term_alias), (SELECT count(*) FROM term_relation))")"
}

# Starts java in prod mode with the datasource at db_port (the proxy or PostgreSQL itself) and the
# given extra VAR=value settings. Sets SERVICE_PID and SERVICE_LOG.
start_service() { # http_port db_port [VAR=value ...]
    local http_port=$1 db_port=$2
    shift 2
    SERVICE_N=$((SERVICE_N + 1))
    SERVICE_LOG="$TMP/service-$SERVICE_N.log"
    : >"$SERVICE_LOG"
    SERVICE_STARTED_MS=$(now_ms)
    (cd "$REPO_DIR" && exec env \
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$db_port/$PGDATABASE" \
        QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
        QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD" \
        QUARKUS_HTTP_HOST=127.0.0.1 \
        QUARKUS_HTTP_PORT="$http_port" \
        GLOSSARY_DB_SCHEMA="$SCHEMA" \
        GLOSSARY_PUBLIC_BASE_URL="http://127.0.0.1:$http_port" \
        GLOSSARY_TERM_CACHE_MAX_MEMORY="$TERM_CACHE_MAX_MEMORY" \
        "$@" \
        MALLOC_ARENA_MAX=2 "$JAVA_BIN" "${JVM_FLAGS[@]}" "${SERVICE_JVM_EXTRA[@]}" ${JAVA_OPTS:-} -jar "$JAR") \
        >>"$SERVICE_LOG" 2>&1 &
    SERVICE_PID=$!
}

stop_service() { # [patience seconds]
    stop_pid "$SERVICE_PID" service "${1:-15}"
    SERVICE_PID=""
}

# Polls (every 100 ms, or poll_s) until url answers the status; prints the milliseconds it took.
# Fails after timeout_s, or when the service process is gone.
wait_for_status() { # url status timeout_s [poll_s]
    local url=$1 want=$2 started deadline code poll=${4:-0.1}
    started=$(now_ms)
    deadline=$((started + $3 * 1000))
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
        if [[ $code == "$want" ]]; then
            echo $(($(now_ms) - started))
            return 0
        fi
        if [[ -n $SERVICE_PID ]] && ! kill -0 "$SERVICE_PID" 2>/dev/null; then
            tail -n 30 "$SERVICE_LOG" >&2
            die "the service exited"
        fi
        (($(now_ms) < deadline)) || { echo "timeout"; return 1; }
        sleep "$poll"
    done
}

# Milliseconds from the last start_service (the launch of java) to the first answer of url with the
# status, polled every 20 ms: the start-up time as a client sees it.
startup_ms() { # url status timeout_s
    wait_for_status "$1" "$2" "$3" 0.02 >/dev/null || return 1
    echo $(($(now_ms) - SERVICE_STARTED_MS))
}

proc_status() { # pid field (VmRSS, VmHWM, Threads)
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

start_proxy() { # listen_port control_port
    PROXY_CONTROL=$2
    python3 "$TOOLS_DIR/pgproxy.py" --listen "$1" --control "$2" --upstream "$PGHOST:$PGPORT" \
        --max-seconds "${PROXY_MAX_SECONDS:-3600}" 2>>"$TMP/pgproxy.log" &
    PROXY_PID=$!
    local i
    for ((i = 0; i < 50; i++)); do
        proxy status >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "pgproxy did not start (see $TMP/pgproxy.log)"
}

proxy() { # command words...
    python3 - "$PROXY_CONTROL" "$*" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
s.sendall((sys.argv[2] + "\n").encode())
answer = s.makefile().readline().strip()
print(answer)
sys.exit(0 if answer.startswith("ok") else 1)
EOF
}

start_sink() { # port out_file [extra smtpsink args]
    local port=$1 out=$2
    shift 2
    python3 "$TOOLS_DIR/smtpsink.py" --port "$port" --out "$out" --max-seconds "${SINK_MAX_SECONDS:-3600}" "$@" \
        2>>"$TMP/smtpsink.log" &
    SINK_PID=$!
    wait_for_port "$port" || die "smtpsink did not start (see $TMP/smtpsink.log)"
}

# Waits up to 5 s until something accepts connections on 127.0.0.1:port.
wait_for_port() { # port
    local i
    for ((i = 0; i < 50; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

stop_sink() {
    stop_pid "$SINK_PID" smtpsink 5
    SINK_PID=""
}

cycle_lines() { # count file: the file's lines, repeated or cut to exactly count lines
    awk -v n="$1" '{ line[NR] = $0 } END { for (i = 0; i < n; i++) print line[i % NR + 1] }' "$2"
}

# The median of the numbers on stdin, one a line, blank lines skipped; of an even count, the lower of
# the middle two, so that it is always one of the measured figures. (run.sh has its own median.)
median_of_lines() { sort -n | awk 'NF { v[++n] = $1 } END { print v[int((n + 1) / 2)] }'; }

# a / b as "1.23x", or "-" when b is not a positive number (a run that measured nothing).
ratio_x() { # a b
    awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2fx", a / b; else printf "-" }'
}

# An editor's writes on PGDATABASE, as fast as 4 pgbench clients go: bench/sql/writes-*.sql, half new
# terms related to two others, half short-definition changes. Prints pgbench's tps, unrounded.
editor_tps() { # seconds terms (the writes draw term ids from 1..terms)
    pgbench -n -c 4 -j 2 -T "$1" -D terms="$2" \
        -f "$BENCH_DIR/sql/writes-create.sql" -f "$BENCH_DIR/sql/writes-update.sql" 2>/dev/null \
        | awk '/^tps = / { print $3 }'
}

# The read mix both scripts drive with wrk: slugs, list pages, letters, searches and suggestions,
# drawn from the loaded data like bench/run.sh does (bench/sql/inputs.sql).
prepare_read_paths() { # out_file
    local out=$1 dir=$TMP/inputs total pages
    mkdir -p "$dir"
    sql "SELECT '/terms/' || slug FROM term ORDER BY id" >"$dir/lookup.txt"
    total=$(wc -l <"$dir/lookup.txt")
    pages=$(((total + 19) / 20))
    seq 0 $((pages - 1)) | sed 's|^|/terms?page=|' >"$dir/pages.txt"
    { printf '/terms?letter=%s\n' {A..Z}; printf '/terms?letter=%%23\n'; } >"$dir/letters.txt"
    psql -X -At -v kind=queries -v count=300 -f "$BENCH_DIR/sql/inputs.sql" >"$dir/queries.txt"
    psql -X -At -v kind=prefixes -v count=300 -f "$BENCH_DIR/sql/inputs.sql" >"$dir/prefixes.txt"
    # Weights: half lookups by slug, the rest list pages, letters, searches and suggestions.
    {
        cat "$dir/lookup.txt"
        cycle_lines $((total / 5)) "$dir/pages.txt"
        cycle_lines $((total / 20)) "$dir/letters.txt"
        cycle_lines $((total / 8)) "$dir/queries.txt"
        cycle_lines $((total / 8)) "$dir/prefixes.txt"
    } >"$out"
}

# "<n> accepted, <m> missing": addresses (one a line) answered 202 that are not in the subscriber table.
missing_subscribers() { # tsv_of_emails
    psql -X -q -At -v ON_ERROR_STOP=1 <<EOF
CREATE TEMP TABLE accepted (email text);
\copy accepted FROM '$1'
SELECT count(*) || ' accepted, ' || count(*) FILTER (WHERE s.id IS NULL) || ' missing'
FROM (SELECT DISTINCT email FROM accepted) a LEFT JOIN subscriber s ON s.email = a.email;
EOF
}

# nginx (Debian package) with a private config in $TMP/nginx: 2 workers, no access log, every path
# answering the one file, so the lookup request list drives it unchanged. Stopped by PID.
start_nginx() { # port file_to_serve
    local port=$1 dir=$TMP/nginx
    mkdir -p "$dir/www"
    cp "$2" "$dir/www/term.json"
    # nginx workers drop to an unprivileged user when started as root; let them read the file.
    chmod 755 "$TMP" "$dir" "$dir/www"
    chmod 644 "$dir/www/term.json"
    cat >"$dir/site.conf" <<NGINX
# Like the service, never close a busy keep-alive connection during a run.
keepalive_requests 1000000;
default_type application/json;
server {
    listen 127.0.0.1:$port;
    root $dir/www;
    location / { try_files /term.json =404; }
}
NGINX
    run_nginx "$dir/site.conf" "http://127.0.0.1:$port/terms/x"
}

# Starts nginx in $TMP/nginx (again, if it runs) with the given file as the content of its http {}
# block, and waits until check_url answers 200. Sets NGINX_PID; stopped by PID. No access log unless
# NGINX_LOGGING holds the http-level directives of one (an "access_log off" there would win).
run_nginx() { # http_conf_file check_url
    local dir=$TMP/nginx
    stop_pid "$NGINX_PID" nginx 5
    mkdir -p "$dir/tmp"
    cat >"$dir/nginx.conf" <<NGINX
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    ${NGINX_LOGGING:-access_log off;}
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $1;
}
NGINX
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
    NGINX_PID=$!
    local deadline=$(($(date +%s) + 10))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "$2") == 200 ]]; do
        kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$dir/error.log" 2>/dev/null)"
        (($(date +%s) < deadline)) || die "nginx did not answer within 10 s"
        sleep 0.1
    done
}

# ------------------------------------------------------------------------------------------ AOT cache

# The JVM arguments that run the service on its AOT cache. AOTMode=on: the JVM refuses to start when
# the cache cannot be used (other JDK build, other class path, incompatible flags), so a figure
# labelled "with the AOT cache" never silently measures a run without it.
aot_jvm_args() { # cache_file
    printf '%s\n' "-XX:AOTCache=$1" -XX:AOTMode=on
}

# The write paths for the training run: a term created, read, searched, replaced, related and
# deleted again, and a sign-up (mailer mock), so that the cache holds the editor's classes too
# (password check, validation, Hibernate's writes, the change feed, the index update).
aot_training_writes() { # base user:password existing_slug
    local base=$1 auth=$2 other=$3 slug="aot-training-$$" etag
    local json=(-H 'Content-Type: application/json')
    aot_term_json() { # name
        printf '{"slug":"%s","name":"%s","shortDefinition":"A term the AOT training run writes.",' "$slug" "$1"
        printf '"description":"Made and deleted by the AOT training run.","relatedSlugs":["%s"]}' "$other"
    }
    curl -s -o /dev/null -u "$auth" "${json[@]}" -d "$(aot_term_json "AOT Training $$")" "$base/terms" || true
    etag=$(curl -s -o /dev/null -w '%header{etag}' "$base/terms/$slug" || true)
    curl -s -o /dev/null -X PUT -u "$auth" "${json[@]}" -H "If-Match: $etag" -d "$(aot_term_json "AOT Training $$ b")" \
        "$base/terms/$slug" || true
    curl -s -o /dev/null -X DELETE -u "$auth" "$base/terms/$slug/related/$other" || true
    curl -s -o /dev/null -X PUT -u "$auth" "$base/terms/$slug/related/$other" || true
    local path
    for path in "/terms/$slug/related" "/terms/$slug/revisions" "/terms?q=training" "/changes?limit=10"; do
        curl -s -o /dev/null "$base$path" || true
    done
    curl -s -o /dev/null -X DELETE -u "$auth" "$base/terms/$slug" || true
    curl -s -o /dev/null -X DELETE -u wrong:password "$base/terms/$other" || true
    curl -s -o /dev/null "${json[@]}" -d "{\"email\":\"aot-training-$$@example.com\"}" "$base/subscribers" || true
}

# Makes the AOT cache (JDK 25: JEP 483 class loading and linking, JEP 514 one-step AOTCacheOutput;
# not JEP 515's method profiles, see AOT_TRAINING_FLAGS) with a training run of the packaged jar on
# Temurin 25 against the database in PGDATABASE (schema migrated, terms loaded): start with
# -XX:AOTCacheOutput, wait until ready, send every kind of read and write once, then a short wrk load
# (training_s seconds: the classes of a busy service), then SIGTERM. At exit the JVM writes the cache
# (a child JVM assembles it, which takes a while on 2 busy cores). The cache is valid only for this
# jar, class path, JDK build and compatible flags; the service refuses it otherwise (see aot_jvm_args).
make_aot_cache() { # http_port out_file [training_s, default 5]
    local port=$1 out=$2 training=${3:-5} base="http://127.0.0.1:$1" started=$SECONDS
    local java25="$JAVA25_HOME/bin/java"
    [[ -x $java25 ]] || die "no JDK 25 at $JAVA25_HOME (set JAVA25_HOME)"
    rm -f "$out" "$out.config"
    local saved_java=$JAVA_BIN saved_extra=("${SERVICE_JVM_EXTRA[@]}")
    JAVA_BIN=$java25
    SERVICE_JVM_EXTRA=("${AOT_TRAINING_FLAGS[@]}" "-XX:AOTCacheOutput=$out")
    # A new admin each time (created at start, deleted after): a kept database may hold an earlier one.
    local admin="aot-trainer-$$-$RANDOM" password
    password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    start_service "$port" "$PGPORT" GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=true \
        QUARKUS_SHUTDOWN_DELAY_ENABLED=false GLOSSARY_ADMIN_USERNAME=$admin GLOSSARY_ADMIN_PASSWORD="$password"
    JAVA_BIN=$saved_java
    SERVICE_JVM_EXTRA=("${saved_extra[@]}")
    wait_for_status "$base/q/health/ready" 200 180 >/dev/null || die "training run: not ready within 180 s"
    # One of each kind of request, so that their classes are loaded and linked.
    local slugs etag
    mapfile -t slugs < <(sql "SELECT slug FROM term ORDER BY hashint8(id) LIMIT 50")
    etag=$(curl -s -o /dev/null -w '%header{etag}' "$base/terms/${slugs[0]}")
    {
        printf '/terms/%s\n' "${slugs[@]}"
        printf '%s\n' "/terms?page=0" "/terms?page=3&size=50" "/terms?letter=A" "/terms?sort=-updatedAt" \
            "/terms?q=learning" "/terms?q=neural%20netwrk" "/terms?slug=${slugs[1]}&slug=${slugs[2]}" \
            "/suggestions?q=le" "/letters" "/terms/no-such-term" "/terms?page=-1" "/q/health/ready" \
            "/q/health/live" "/q/metrics" "/terms?size=20"
    } >"$TMP/aot-training-paths.txt"
    sed "s|^|url = \"$base|; s|\$|\"\noutput = \"/dev/null\"|" "$TMP/aot-training-paths.txt" >"$TMP/aot-training.cfg"
    curl -s -K "$TMP/aot-training.cfg" || true
    curl -s -o /dev/null -H "If-None-Match: $etag" "$base/terms/${slugs[0]}" || true
    curl -s -o /dev/null -I "$base/terms/${slugs[0]}" || true
    curl -s -o /dev/null -H 'Accept: application/ld+json' "$base/terms/${slugs[0]}" || true
    aot_training_writes "$base" "$admin:$password" "${slugs[0]}"
    sql "DELETE FROM app_user WHERE username = '$admin'" >/dev/null 2>&1 || true
    if command -v wrk >/dev/null && ((training > 0)); then
        sql "SELECT '/terms/' || slug FROM term ORDER BY id" >>"$TMP/aot-training-paths.txt"
        wrk -t2 -c16 -d"${training}s" --timeout 2s -s "$BENCH_DIR/lua/lean.lua" "$base" -- \
            "$TMP/aot-training-paths.txt" >/dev/null 2>&1 || true
    fi
    # The cache is written at JVM exit; assembling it may take a minute on a busy machine.
    stop_pid "$SERVICE_PID" "training run" 240
    SERVICE_PID=""
    [[ -s $out ]] || { tail -n 30 "$SERVICE_LOG" >&2; die "the training run wrote no AOT cache ($out)"; }
    note "AOT cache $(du -h "$out" | cut -f1) written to ${out#"$REPO_DIR"/} in $((SECONDS - started)) s"
}
