# Shared by bench/faults.sh and bench/soak.sh (sourced, not run). Starts and stops the packaged
# service, its throwaway database, the PostgreSQL proxy (pgproxy.py) and the SMTP sink (smtpsink.py),
# always on 127.0.0.1 and always by PID. bench/run.sh is left as it is; this file reuses its
# conventions (prod profile, -Xmx160m -XX:+UseSerialGC, schema "glossary", bench/sql/load.sql).
#
# The sourcing script sets TMP (a private directory) and calls `lib_cleanup` from its EXIT trap.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
TOOLS_DIR="$BENCH_DIR/tools"
JAR="$REPO_DIR/target/quarkus-app/quarkus-run.jar"
JVM_FLAGS=(-Xmx96m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000)
SCHEMA=${GLOSSARY_DB_SCHEMA:-glossary}

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGOPTIONS="-c search_path=$SCHEMA,public"
export BENCH_LUA_DIR="$BENCH_DIR/lua"

DB_CREATED=false
SERVICE_PID=""
PROXY_PID=""
SINK_PID=""
BG_PIDS=()     # wrk, loadgen, curl loops: stopped on exit if still running
SERVICE_N=0    # service start counter, one log file per start

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
    if $DB_CREATED; then
        dropdb --if-exists --force "$PGDATABASE" 2>/dev/null \
            || printf 'warning: could not drop database %s\n' "$PGDATABASE" >&2
        DB_CREATED=false
    fi
}

require_tools() {
    local missing=() tool
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (this script installs nothing)"
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
    (cd "$REPO_DIR" && exec env \
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$db_port/$PGDATABASE" \
        QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
        QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD" \
        QUARKUS_HTTP_HOST=127.0.0.1 \
        QUARKUS_HTTP_PORT="$http_port" \
        GLOSSARY_DB_SCHEMA="$SCHEMA" \
        GLOSSARY_PUBLIC_BASE_URL="http://127.0.0.1:$http_port" \
        "$@" \
        MALLOC_ARENA_MAX=2 java "${JVM_FLAGS[@]}" ${JAVA_OPTS:-} -jar "$JAR") >>"$SERVICE_LOG" 2>&1 &
    SERVICE_PID=$!
}

stop_service() { # [patience seconds]
    stop_pid "$SERVICE_PID" service "${1:-15}"
    SERVICE_PID=""
}

# Polls (every 100 ms) until url answers the status; prints the milliseconds it took. Fails after
# timeout_s, or when the service process is gone.
wait_for_status() { # url status timeout_s
    local url=$1 want=$2 started deadline code
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
        sleep 0.1
    done
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
    local i
    for ((i = 0; i < 50; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    die "smtpsink did not start (see $TMP/smtpsink.log)"
}

stop_sink() {
    stop_pid "$SINK_PID" smtpsink 5
    SINK_PID=""
}

cycle_lines() { # count file: the file's lines, repeated or cut to exactly count lines
    awk -v n="$1" '{ line[NR] = $0 } END { for (i = 0; i < n; i++) print line[i % NR + 1] }' "$2"
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
