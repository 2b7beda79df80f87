#!/usr/bin/env bash
# The scaled topology on loopback (issue 14): N packaged instances on one PostgreSQL, nginx in front
# with the one configuration docker-compose also uses (deploy/nginx/glossary.conf.template), and for
# the replica drills a streaming replica of the local PostgreSQL.
#
#   bench/cluster.sh [--instances 3] [--terms 1000] [--duration 10s] [--skip-build]
#                    [--scenario all | one or more of scale,rolling,kill,replica]   (run in this order)
#
#   scale    lookups (GET /terms/{slug}, the hot set) and the mixed load (8 lookups : 1 search : 1
#            listing page) through nginx with 1, 2 and 3 instances, and straight to one instance:
#            req/s and the ratio to one instance behind nginx.
#   rolling  2 instances behind nginx under mixed load (wrk: lookups, 16 connections; loadgen.py: POST
#            /subscribers at 20/s, every answer logged): each instance in turn gets SIGTERM, is waited
#            for and started again.
#   kill     the same load; one instance gets kill -9 and is started again at once, as a supervisor
#            would; the time until it is ready again and until the last request that failed.
#   replica  a streaming replica of the local PostgreSQL on REPLICA_PORT (55433): pg_basebackup and
#            pg_ctl as the postgres user, hot standby, its own data directory in /tmp. 2 instances read
#            from it (GLOSSARY_READ_DATASOURCE_JDBC_URL) with the term cache off, under reads that reach
#            a database (wrk: lookups of every term, 8 connections; searches and listing pages, 2)
#            and subscriptions (writes): (1) the replica stopped (pg_ctl stop -m fast) for 10 s, then started again;
#            (2) its replay paused (pg_wal_replay_pause()) for 10 s while the writes go on, then
#            resumed. Where the reads went comes from glossary_term_reads_total{database} on each
#            instance's /q/metrics, sampled every 0.2 s. Then uncached lookups (cache off, every term,
#            lean wrk, 32 connections) through nginx with 1 and 2 instances reading from the replica,
#            and the same reading from the primary only.
#
# Every drill counts requests sent, requests failed at the client (by status, or by transport error),
# lost writes (subscriptions answered 202 that are not in the database) and subscriptions that failed
# at the client but were stored. nginx logs every answer that was not a plain success from one
# instance ($TMP/nginx/access.log: time, status, method, upstream statuses), which shows the requests
# it resent to the other instance.
#
# The instances trust nginx's X-Forwarded-For (quarkus.http.proxy.*, peer 127.0.0.1), as compose's
# scaled profile does. Everything started is stopped by PID (the replica by pg_ctl, then by PID), the
# throwaway database dropped, the replica's directory removed, and the one pg_hba.conf line the replica
# may need (replication from 127.0.0.1 for PGUSER, added only when missing) taken out again, on exit,
# failure or Ctrl-C. KEEP_TMP=1 keeps the logs and the per-request TSVs.
#
# Figures (bench/README.md "Scaling", 2026-11-29, 2 cores at load average 1.5-13): rolling, 5 runs: 0 of
# 2.6 million lookups and 0 of 7,031 POSTs failed, 0 lost; kill, 4 runs: 0 lookups failed, 1 POST in
# flight failed in 3 runs (stored twice), errors over within 0.2 s, the instance ready in 17-26 s;
# replica stopped / paused 10 s, 3 runs: 0 failed, reads on the primary within 1.3-1.9 s, back within 0.6 s.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

INSTANCES=3
TERMS=1000
DURATION=10s
SCENARIO=all
SKIP_BUILD=false
LB_PORT=${LB_PORT:-18580}
FIRST_PORT=${FIRST_PORT:-18581}
REPLICA_PORT=${REPLICA_PORT:-55433}
TMP=$(mktemp -d /tmp/glossary-cluster.XXXXXX)
INSTANCE_PIDS=()
INSTANCE_LOGS=() # per instance: the log of its latest start
INSTANCE_TAGS=() # per instance: the settings it runs with ("plain" or "replica")
INSTANCE_EXTRA=() # the extra settings of the instances running now
REPLICA_DIR=""   # the replica's directory (owned by postgres), removed on exit
REPLICA_PID=""
PG_BIN=""
HBA_FILE=""
HBA_LINE=""      # the pg_hba.conf line this run added, taken out on exit
cleanup() {
    local pid
    for pid in "${INSTANCE_PIDS[@]}"; do stop_pid "$pid" instance 15; done
    stop_replica
    if [[ -n $HBA_LINE ]]; then
        # Rewritten in place: the file keeps its owner and mode.
        grep -vxF -- "$HBA_LINE" "$HBA_FILE" >"$TMP/pg_hba.conf" || true
        cat "$TMP/pg_hba.conf" >"$HBA_FILE"
        sql "SELECT pg_reload_conf()" >/dev/null || printf 'warning: could not reload PostgreSQL after restoring %s\n' "$HBA_FILE" >&2
        HBA_LINE=""
    fi
    lib_cleanup
    if [[ -n ${KEEP_TMP:-} ]]; then note "kept $TMP (logs, nginx logs, per-request TSVs)"; else rm -rf "$TMP"; fi
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
[[ $SCENARIO == all ]] && SCENARIO=scale,rolling,kill,replica
SCENARIO=${SCENARIO//,/ }
for s in $SCENARIO; do
    [[ $s =~ ^(scale|rolling|kill|replica)$ ]] || die "--scenario takes scale, rolling, kill, replica (comma-separated) or all"
done
wants() { [[ " $SCENARIO " == *" $1 "* ]]; }
wants scale || INSTANCES=2

require_tools wrk nginx curl python3 psql createdb dropdb pg_isready
command -v envsubst >/dev/null || die "missing: envsubst (apt-get install -y gettext-base)"
PORTS=()
for ((i = 0; i < INSTANCES; i++)); do PORTS+=($((FIRST_PORT + i))); done
require_free_ports "$LB_PORT" "${PORTS[@]}"
wants replica && require_free_ports "$REPLICA_PORT"
ensure_jar "$SKIP_BUILD"
create_database "glossary_bench_cluster_$$"

INSTANCE_ENV=(GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=true
    QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true
    QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_HOST=true QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1)

start_instance() { # index: (re)starts instance index on its port; INSTANCE_PIDS[index] is its java
    start_service "${PORTS[$1]}" "$PGPORT" "${INSTANCE_ENV[@]}" "${INSTANCE_EXTRA[@]}"
    INSTANCE_PIDS[$1]=$SERVICE_PID
    INSTANCE_LOGS[$1]=$SERVICE_LOG
    SERVICE_PID="" # lib_cleanup stops one service; this script stops them all by INSTANCE_PIDS
}

stop_instance() { # index patience_s: stops it; use_instances starts it again
    stop_pid "${INSTANCE_PIDS[$1]:-}" instance "$2"
    INSTANCE_PIDS[$1]=""
    INSTANCE_TAGS[$1]=""
}

wait_ready() { # index: lib's wait, watching this instance's java and showing its log if it exits
    local SERVICE_PID=${INSTANCE_PIDS[$1]} SERVICE_LOG=${INSTANCE_LOGS[$1]}
    wait_for_status "http://127.0.0.1:${PORTS[$1]}/q/health/ready" 200 180 >/dev/null \
        || die "instance $1 not ready within 180 s"
}

use_instances() { # count tag [VAR=value ...]: instances 0..count-1 run with these settings, the others are stopped
    local count=$1 tag=$2 i
    shift 2
    for ((i = 0; i < INSTANCES; i++)); do
        if ((i >= count)) || [[ ${INSTANCE_TAGS[i]:-} != "$tag" ]]; then stop_instance "$i" 30; fi
    done
    INSTANCE_EXTRA=("$@")
    for ((i = 0; i < count; i++)); do
        [[ -n ${INSTANCE_PIDS[i]:-} ]] || { start_instance "$i"; INSTANCE_TAGS[i]=$tag; }
    done
    for ((i = 0; i < count; i++)); do wait_ready "$i"; done
}

# Answers that were not one instance's plain success, with the upstream statuses: "502, 200" is a
# request nginx resent to the other instance after the first failed.
NGINX_LOGGING="log_format glossary_bench '\$msec|\$status|\$request_method|\$upstream_status|\$upstream_addr|\$request_uri';
    map \$status:\$upstream_status \$glossary_bench_log { \"~^(200|202|304):[0-9]+\$\" 0; default 1; }
    access_log $TMP/nginx/access.log glossary_bench if=\$glossary_bench_log;"
export NGINX_LOGGING

start_lb() { # count: nginx in front of the first count instances (restarted if running)
    local servers="" i
    mkdir -p "$TMP/nginx"
    for ((i = 0; i < $1; i++)); do servers+="server 127.0.0.1:${PORTS[$i]} max_fails=2 fail_timeout=5s; "; done
    GLOSSARY_NGINX_LISTEN="127.0.0.1:$LB_PORT" GLOSSARY_UPSTREAM_SERVERS="$servers" \
        envsubst '${GLOSSARY_NGINX_LISTEN} ${GLOSSARY_UPSTREAM_SERVERS}' \
        <"$REPO_DIR/deploy/nginx/glossary.conf.template" >"$TMP/nginx/glossary.conf"
    run_nginx "$TMP/nginx/glossary.conf" "http://127.0.0.1:$LB_PORT/q/health/ready"
}

# ------------------------------------------------------------------------------------- mixed load

# wrk on a read list (16 connections unless told), optionally a second wrk with 2 connections on a
# second list, and loadgen.py POST /subscribers (2 threads x 10/s, every answer logged with its start
# time), all through nginx.
start_load() { # name seconds read_list [connections [second_list]]
    LOAD_NAME=$1
    LOAD_FROM=$(now_ms)
    LOAD_CONNECTIONS=${4:-16}
    LOAD_SECOND=${5:-}
    wrk -t2 -c"$LOAD_CONNECTIONS" -d"$2s" --timeout 5s -s "$BENCH_DIR/lua/lean.lua" "http://127.0.0.1:$LB_PORT" -- "$3" \
        >"$TMP/wrk-$1.txt" 2>&1 &
    WRK_PID=$!
    BG_PIDS+=("$WRK_PID")
    WRK2_PID=""
    if [[ -n $LOAD_SECOND ]]; then
        wrk -t1 -c2 -d"$2s" --timeout 5s -s "$BENCH_DIR/lua/lean.lua" "http://127.0.0.1:$LB_PORT" -- "$LOAD_SECOND" \
            >"$TMP/wrk2-$1.txt" 2>&1 &
        WRK2_PID=$!
        BG_PIDS+=("$WRK2_PID")
    fi
    python3 "$TOOLS_DIR/loadgen.py" subscribe --base "http://127.0.0.1:$LB_PORT" --prefix "$1" --source cluster \
        --threads 2 --rate 10 --seconds "$2" --timeout 10 --out "$TMP/subscribe-$1.tsv" >"$TMP/subscribe-$1.txt" &
    SUB_PID=$!
    BG_PIDS+=("$SUB_PID")
}

wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
wrk_failed() { # wrk's summary -> "0", or its non-2xx/3xx count and socket errors
    awk '/Non-2xx/ { out = $5 " non-2xx/3xx" }
        /Socket errors/ { gsub(",", ""); out = out (out == "" ? "" : "; ") "socket errors: connect " $4 ", read " $6 ", write " $8 ", timeout " $10 }
        END { print out == "" ? 0 : out }' "$1"
}

# Waits for the load; prints the drill's table rows: requests and failures of both streams, lost and
# ambiguous writes, and what nginx resent. Sets LAST_FAILURE_MS (epoch ms of the last answer a
# client saw fail, from nginx's log and loadgen's, 0 if none).
finish_load() { # read_label [second_label]
    wait "$WRK_PID" || true
    [[ -z $WRK2_PID ]] || wait "$WRK2_PID" || true
    wait "$SUB_PID" || true
    local tsv=$TMP/subscribe-$LOAD_NAME.tsv log=$TMP/nginx/access.log
    local statuses sub_bad checked resent
    statuses=$(awk -F'\t' '{ print ($5 == "" ? $3 : $5) }' "$tsv" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')
    sub_bad=$(awk -F'\t' '$3 != 202' "$tsv" | wc -l)
    awk -F'\t' '$3 == 202 { print $2 }' "$tsv" >"$TMP/accepted-$LOAD_NAME.txt"
    awk -F'\t' '$3 != 202 { print $2 }' "$tsv" >"$TMP/failed-$LOAD_NAME.txt"
    checked=$(psql -X -q -At -v ON_ERROR_STOP=1 <<EOF
CREATE TEMP TABLE accepted (email text);
CREATE TEMP TABLE failed (email text);
\copy accepted FROM '$TMP/accepted-$LOAD_NAME.txt'
\copy failed FROM '$TMP/failed-$LOAD_NAME.txt'
SELECT (SELECT count(*) FROM accepted a WHERE NOT EXISTS (SELECT 1 FROM subscriber s WHERE s.email = a.email))
    || ' ' || (SELECT count(*) FROM failed f WHERE EXISTS (SELECT 1 FROM subscriber s WHERE s.email = f.email));
EOF
    )
    touch "$log"
    resent=$(awk -F'|' -v from="$LOAD_FROM" '$1 * 1000 >= from && $4 ~ /,/ { n++; if ($3 != "GET") p++ }
        END { printf "%d (%d not GET)", n, p }' "$log")
    LAST_FAILURE_MS=$( {
        awk -F'|' -v from="$LOAD_FROM" '$1 * 1000 >= from && $2 !~ /^(200|202|304)$/ { printf "%.0f\n", $1 * 1000 }' "$log"
        awk -F'\t' '$3 != 202 { printf "%.0f\n", $1 * 1000 + $4 }' "$tsv"
    } | sort -n | tail -n 1)
    LAST_FAILURE_MS=${LAST_FAILURE_MS:-0}
    echo "| $1 (wrk, $LOAD_CONNECTIONS connections) | $(wrk_requests "$TMP/wrk-$LOAD_NAME.txt") | $(wrk_failed "$TMP/wrk-$LOAD_NAME.txt") |"
    [[ -z $WRK2_PID ]] || echo "| $2 (wrk, 2 connections) | $(wrk_requests "$TMP/wrk2-$LOAD_NAME.txt") | $(wrk_failed "$TMP/wrk2-$LOAD_NAME.txt") |"
    echo "| POST /subscribers (2 x 10/s) | $(wc -l <"$tsv") | $sub_bad ($statuses) |"
    echo ""
    echo "Lost writes (answered 202, not stored): ${checked% *}; failed at the client but stored: ${checked#* }."
    echo "nginx resent $resent requests to the other instance after a failure (its log: $(basename "$log"))."
}

# ---------------------------------------------------------------------------------------- replica

as_postgres() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; }
replica_sql() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$REPLICA_PORT" -c "$1"; }
replication_allowed() {
    psql -X -q -At "host=$PGHOST port=$PGPORT user=$PGUSER dbname=replication replication=true" \
        -c "IDENTIFY_SYSTEM" >/dev/null 2>&1
}

# A hot standby of the local PostgreSQL on REPLICA_PORT, streaming (no slot, so that nothing of it can
# outlive this script on the primary; a drill's outage is seconds, far within the WAL the primary keeps).
start_replica() {
    local version major setting
    version=$(sql "SHOW server_version_num")
    major=$((version / 10000))
    PG_BIN=/usr/lib/postgresql/$major/bin
    if [[ ! -x $PG_BIN/pg_ctl || ! -x $PG_BIN/pg_basebackup ]]; then
        ((EUID == 0)) || die "missing: $PG_BIN/pg_ctl or pg_basebackup (apt-get install -y postgresql-$major)"
        apt-get install -y -q "postgresql-$major" >&2 || die "could not install postgresql-$major"
    fi
    # Settings a standby needs on the primary; changing them restarts the primary, which is not ours to do.
    [[ $(sql "SHOW wal_level") != minimal ]] || die "the primary runs with wal_level=minimal; a replica needs replica"
    (($(sql "SHOW max_wal_senders") >= 2)) || die "the primary allows fewer than 2 WAL senders (max_wal_senders)"
    if ! replication_allowed; then
        HBA_FILE=$(sql "SHOW hba_file")
        [[ -w $HBA_FILE ]] || die "replication from 127.0.0.1 is not allowed and $HBA_FILE is not writable here"
        HBA_LINE="host replication $PGUSER 127.0.0.1/32 trust # bench/cluster.sh $$, removed on its exit"
        printf '%s\n' "$HBA_LINE" >>"$HBA_FILE"
        sql "SELECT pg_reload_conf()" >/dev/null
        local i
        for ((i = 0; i < 20; i++)); do replication_allowed && break; sleep 0.2; done
        replication_allowed || die "replication from 127.0.0.1 still refused after adding to $HBA_FILE"
        note "pg_hba.conf: allowed replication from 127.0.0.1 for $PGUSER until the end of this run"
    fi
    REPLICA_DIR=$(mktemp -d /tmp/glossary-replica.XXXXXX)
    chown postgres: "$REPLICA_DIR" 2>/dev/null || true
    chmod 700 "$REPLICA_DIR"
    local started=$SECONDS
    as_postgres "$PG_BIN/pg_basebackup" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -D "$REPLICA_DIR/data" -R -X stream -c fast
    {
        echo "port = $REPLICA_PORT"
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$REPLICA_DIR'"
        echo "hot_standby = on"
        echo "shared_buffers = 32MB"
        echo "fsync = off" # a throwaway copy
        # A hot standby needs at least the primary's values of these.
        for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
            echo "$setting = $(sql "SHOW $setting")"
        done
    } | as_postgres tee "$REPLICA_DIR/data/postgresql.conf" >/dev/null
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_postgres tee "$REPLICA_DIR/data/pg_hba.conf" >/dev/null
    as_postgres touch "$REPLICA_DIR/data/pg_ident.conf"
    replica_ctl start
    local deadline=$((SECONDS + 60))
    until [[ $(replica_sql "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null) == streaming ]]; do
        ((SECONDS < deadline)) || die "the replica does not stream (see $REPLICA_DIR/replica.log)"
        sleep 0.2
    done
    note "replica on 127.0.0.1:$REPLICA_PORT streaming from :$PGPORT (copied and started in $((SECONDS - started)) s)"
}

replica_ctl() { # start|stop
    if [[ $1 == start ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR/data" -l "$REPLICA_DIR/replica.log" -w -t 60 start >/dev/null \
            || die "the replica did not start: $(tail -n 20 "$REPLICA_DIR/replica.log")"
        REPLICA_PID=$(head -n 1 "$REPLICA_DIR/data/postmaster.pid")
    else
        as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR/data" -m fast -w -t 30 stop >/dev/null || true
        stop_pid "$REPLICA_PID" replica 5
        REPLICA_PID=""
    fi
}

stop_replica() {
    [[ -n $REPLICA_DIR ]] || return 0
    [[ -f $REPLICA_DIR/data/postmaster.pid ]] && replica_ctl stop
    stop_pid "$REPLICA_PID" replica 5
    [[ -n ${KEEP_TMP:-} && -f $REPLICA_DIR/replica.log ]] && cp "$REPLICA_DIR/replica.log" "$TMP/"
    rm -rf "$REPLICA_DIR"
    REPLICA_DIR=""
}

reads_by_database() { # -> "replica primary": glossary_term_reads_total summed over the 2 instances
    local i
    for i in 0 1; do curl -s --max-time 2 "http://127.0.0.1:${PORTS[$i]}/q/metrics" || true; done \
        | awk '/^glossary_term_reads_total\{/ { if ($0 ~ /database="replica"/) r += $NF; else if ($0 ~ /database="primary"/) p += $NF }
               END { printf "%.0f %.0f\n", r, p }'
}

# Samples the read counters every 0.2 s for seconds; prints "<ms after since> replica primary" lines.
sample_reads() { # seconds since_ms out_file
    local until=$(($(now_ms) + $1 * 1000))
    while (($(now_ms) < until)); do
        echo "$(($(now_ms) - $2)) $(reads_by_database)" >>"$3"
        sleep 0.2
    done
}

# From the samples: ms from from_ms to the last sample before to_ms in which the replica's count still
# rose (the reads had left it by then; 0: none after from_ms), and the ms of the first sample after
# from_ms in which it rose ("none": never).
last_replica_read_between() { # samples from_ms to_ms
    awk -v a="$2" -v b="$3" 'NR > 1 && $1 > a && $1 <= b && $2 > r { last = $1 } { r = $2 } END { print last ? last - a : 0 }' "$1"
}
first_replica_read_after() { awk -v t="$2" 'NR > 1 && $1 >= t && $2 > r { print $1; found = 1; exit } { r = $2 } END { if (!found) print "none" }' "$1"; }
reads_between() { # samples from_ms to_ms -> "replica primary" deltas
    awk -v a="$2" -v b="$3" '$1 <= a { r0 = $2; p0 = $3 } $1 <= b { r1 = $2; p1 = $3 } END { printf "%d %d\n", r1 - r0, p1 - p0 }' "$1"
}

# ------------------------------------------------------------------------------------------ setup

log "migrating, then loading $TERMS terms"
use_instances 1 plain
stop_instance 0 15
load_terms "$TERMS"
sql "SELECT '/terms/' || slug FROM term ORDER BY md5(slug) LIMIT 1000" >"$TMP/lookups.txt"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git -C "$REPO_DIR" rev-parse --short HEAD)

rps() { # base_url [list, default the hot set] -> req/s of the lookups, and non-2xx + socket errors
    wrk -t2 -c32 -d"$DURATION" --timeout 5s -s "$BENCH_DIR/lua/lean.lua" "$1" -- "${2:-$TMP/lookups.txt}" \
        | awk '/Requests\/sec/ { rps = $2 } /Non-2xx/ { bad += $5 } /Socket errors/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
               END { printf "%.0f %d\n", rps, bad }'
}

if wants scale; then
    log "scale: lookups and the mixed load through nginx with 1..$INSTANCES instances, and straight to one"
    use_instances "$INSTANCES" plain
    # The mixed load, as bench/run.sh's shares (40 : 5 : 5 clients): 8 lookups to 1 search to 1
    # listing page; searches of words from the terms' names, pages of 20 by number and by letter.
    sql "SELECT DISTINCT '/terms?q=' || lower(w) FROM term, regexp_split_to_table(name, '[^A-Za-z]+') w
         WHERE length(w) > 3 LIMIT 100" >"$TMP/searches.txt"
    { for ((p = 1; p <= 50; p++)); do echo "/terms?page=$p&size=20"; done
      for l in a b c d e f g h i j k l m n o p q r s t u v w x y z; do echo "/terms?letter=$l&size=20"; done
    } | head -n "$(wc -l <"$TMP/searches.txt")" >"$TMP/listings.txt"
    head -n "$((8 * $(wc -l <"$TMP/searches.txt")))" "$TMP/lookups.txt" \
        | cat - "$TMP/searches.txt" "$TMP/listings.txt" >"$TMP/mixed.txt"
    echo "| topology | lookups req/s | errors | ratio | mixed req/s | errors | ratio |" >"$TMP/scale.md"
    echo "|---|---|---|---|---|---|---|" >>"$TMP/scale.md"
    measure() { # base_url list -> req/s errors, after a warm-up run
        rps "$1" "$2" >/dev/null
        rps "$1" "$2"
    }
    # Every instance warmed straight first: otherwise the ones only the later rows use would still
    # be compiling (JIT) while measured, and more instances would look worse than they are.
    for ((i = 0; i < INSTANCES; i++)); do
        rps "http://127.0.0.1:${PORTS[$i]}" "$TMP/mixed.txt" >/dev/null
    done
    read -r direct direct_bad < <(measure "http://127.0.0.1:${PORTS[0]}" "$TMP/lookups.txt")
    read -r mixed_direct mixed_direct_bad < <(measure "http://127.0.0.1:${PORTS[0]}" "$TMP/mixed.txt")
    for ((n = 1; n <= INSTANCES; n++)); do
        start_lb "$n"
        read -r r bad < <(measure "http://127.0.0.1:$LB_PORT" "$TMP/lookups.txt")
        read -r m mbad < <(measure "http://127.0.0.1:$LB_PORT" "$TMP/mixed.txt")
        ((n == 1)) && { one=$r; mixed_one=$m; }
        echo "| nginx + $n instance(s) | $r | $bad | $(ratio_x "$r" "$one") | $m | $mbad | $(ratio_x "$m" "$mixed_one") |" >>"$TMP/scale.md"
    done
    echo "| one instance, no nginx | $direct | $direct_bad | $(ratio_x "$direct" "$one") | $mixed_direct | $mixed_direct_bad | $(ratio_x "$mixed_direct" "$mixed_one") |" >>"$TMP/scale.md"
    echo "" >>"$TMP/scale.md"
    echo "Ratios to 1 instance behind nginx, per load. Mixed: 8 lookups to 1 search to 1 listing page, $(wc -l <"$TMP/mixed.txt") paths picked at random." >>"$TMP/scale.md"
fi

if wants rolling; then
    log "rolling restart of 2 instances behind nginx under mixed load"
    use_instances 2 plain
    start_lb 2
    start_load rolling $((30 + 2 * 25)) "$TMP/lookups.txt"
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
    {
        echo "| rolling restart, 2 instances | requests | failed at the client |"
        echo "|---|---|---|"
        finish_load lookups
    } >"$TMP/rolling.md"
fi

if wants kill; then
    log "kill -9 of one of 2 instances behind nginx under mixed load, started again at once"
    use_instances 2 plain
    start_lb 2
    start_load kill 45 "$TMP/lookups.txt"
    sleep 10
    killed_at=$(now_ms)
    kill -KILL "${INSTANCE_PIDS[0]}"
    wait "${INSTANCE_PIDS[0]}" 2>/dev/null || true
    start_instance 0
    wait_ready 0
    ready_ms=$(($(now_ms) - killed_at))
    note "instance 0: killed, ready again after $ready_ms ms"
    {
        echo "| kill -9 of 1 of 2 instances | requests | failed at the client |"
        echo "|---|---|---|"
        finish_load lookups
        echo ""
        if ((LAST_FAILURE_MS >= killed_at)); then
            errors_for="the last failed request ended $((LAST_FAILURE_MS - killed_at)) ms after the kill"
        else
            errors_for="no request failed after the kill"
        fi
        echo "Recovery: the killed instance was started again at once and was ready $ready_ms ms after the kill; $errors_for."
    } >"$TMP/kill.md"
fi

if wants replica; then
    log "replica drills: 2 instances reading from a streaming replica, term cache off"
    start_replica
    use_instances 2 replica GLOSSARY_READ_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$REPLICA_PORT/$PGDATABASE" \
        GLOSSARY_TERM_CACHE_ENABLED=false
    start_lb 2
    # Reads that reach a database with the cache off: lookups of every term (8 connections), and
    # searches and listing pages (2 connections: with more, the service sheds some of them by design,
    # ExpensiveReads running 4 at once per instance, and sheds are not what this drill is about).
    sql "SELECT '/terms/' || slug FROM term ORDER BY id" >"$TMP/reads.txt"
    psql -X -At -v kind=queries -v count=300 -f "$BENCH_DIR/sql/inputs.sql" >"$TMP/searches.txt"
    seq 0 $((($(wc -l <"$TMP/reads.txt") + 19) / 20 - 1)) | sed 's|^|/terms?page=|' >>"$TMP/searches.txt"
    metric_seen=$(curl -s "http://127.0.0.1:${PORTS[0]}/q/metrics" | grep -c '^glossary_term_reads_total' || true)
    ((metric_seen > 0)) || note "the instances expose no glossary_term_reads_total: where the reads went is not measured"

    # (1) the replica stopped for 10 s, then started again.
    start_load replica-stop 40 "$TMP/reads.txt" 8 "$TMP/searches.txt"
    from=$(now_ms)
    sample_reads 10 "$from" "$TMP/reads-stop.txt"
    stopped_ms=$(($(now_ms) - from))
    replica_ctl stop
    sample_reads 10 "$from" "$TMP/reads-stop.txt"
    started_ms=$(($(now_ms) - from))
    replica_ctl start
    sample_reads $((40 - started_ms / 1000 - 2)) "$from" "$TMP/reads-stop.txt"
    read -r before_r before_p < <(reads_between "$TMP/reads-stop.txt" 2000 "$stopped_ms")
    read -r down_r down_p < <(reads_between "$TMP/reads-stop.txt" $((stopped_ms + 1000)) "$started_ms")
    back=$(first_replica_read_after "$TMP/reads-stop.txt" "$started_ms")
    moved=$(last_replica_read_between "$TMP/reads-stop.txt" "$stopped_ms" "$started_ms")
    read -r after_r after_p < <(reads_between "$TMP/reads-stop.txt" "$started_ms" 1000000)
    {
        echo "| replica stopped 10 s (pg_ctl stop -m fast), then started | requests | failed at the client |"
        echo "|---|---|---|"
        finish_load "lookups, cache off" "searches and listing pages"
        echo ""
        echo "| phase | reads from the replica | reads from the primary |"
        echo "|---|---|---|"
        echo "| before, $(((stopped_ms - 2000) / 1000)) s | $before_r | $before_p |"
        echo "| replica stopped (from 1 s after the stop) | $down_r | $down_p |"
        echo "| after the start | $after_r | $after_p |"
        echo ""
        echo "Replica reads last counted $moved ms after the stop began (0: none after it); the first again $([[ $back == none ]] && echo "never" || echo "$((back - started_ms)) ms after the start") (samples every 0.2 s)."
    } >"$TMP/replica-stop.md"

    # (2) replay paused for 10 s while subscriptions write, then resumed.
    start_load replica-pause 35 "$TMP/reads.txt" 8 "$TMP/searches.txt"
    from=$(now_ms)
    sample_reads 10 "$from" "$TMP/reads-pause.txt"
    paused_ms=$(($(now_ms) - from))
    replica_sql "SELECT pg_wal_replay_pause()" >/dev/null
    sample_reads 10 "$from" "$TMP/reads-pause.txt"
    lag=$(replica_sql "SELECT round(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)")
    resumed_ms=$(($(now_ms) - from))
    replica_sql "SELECT pg_wal_replay_resume()" >/dev/null
    sample_reads $((35 - resumed_ms / 1000 - 2)) "$from" "$TMP/reads-pause.txt"
    read -r before_r before_p < <(reads_between "$TMP/reads-pause.txt" 2000 "$paused_ms")
    moved=$(last_replica_read_between "$TMP/reads-pause.txt" "$paused_ms" "$resumed_ms")
    read -r held_r held_p < <(reads_between "$TMP/reads-pause.txt" $((paused_ms + 2000)) "$resumed_ms")
    back=$(first_replica_read_after "$TMP/reads-pause.txt" "$resumed_ms")
    read -r after_r after_p < <(reads_between "$TMP/reads-pause.txt" "$resumed_ms" 1000000)
    {
        echo "| replica replay paused 10 s (pg_wal_replay_pause), writes going on | requests | failed at the client |"
        echo "|---|---|---|"
        finish_load "lookups, cache off" "searches and listing pages"
        echo ""
        echo "| phase | reads from the replica | reads from the primary |"
        echo "|---|---|---|"
        echo "| before, $(((paused_ms - 2000) / 1000)) s | $before_r | $before_p |"
        echo "| paused (from 2 s after the pause) | $held_r | $held_p |"
        echo "| after the resume | $after_r | $after_p |"
        echo ""
        echo "Replay lag on the replica at the end of the pause: $lag ms. Replica reads last counted $moved ms after the pause (0: none after it); the first again $([[ $back == none ]] && echo "never" || echo "$((back - resumed_ms)) ms after the resume") (samples every 0.2 s)."
    } >"$TMP/replica-pause.md"
fi

if wants replica; then
    log "uncached lookups through nginx with 1 and 2 instances, reading from the replica and from the primary only"
    sql "SELECT '/terms/' || slug FROM term ORDER BY id" >"$TMP/all-lookups.txt"
    {
        echo "| term cache off: lookups of every term | req/s | errors | ratio to 1 instance on the primary |"
        echo "|---|---|---|---|"
    } >"$TMP/replica-scale.md"
    for tag in replica primary; do
        if [[ $tag == primary ]]; then use_instances 2 primary GLOSSARY_TERM_CACHE_ENABLED=false; fi
        for n in 1 2; do
            start_lb "$n"
            rps "http://127.0.0.1:$LB_PORT" "$TMP/all-lookups.txt" >/dev/null
            read -r r bad < <(rps "http://127.0.0.1:$LB_PORT" "$TMP/all-lookups.txt")
            echo "$tag $n $r $bad" >>"$TMP/replica-scale.txt"
        done
    done
    base=$(awk '$1 == "primary" && $2 == 1 { print $3 }' "$TMP/replica-scale.txt")
    awk -v base="$base" '{ printf "| nginx + %d instance(s), reads from the %s | %s | %s | %.2fx |\n", $2, $1, $3, $4, $3 / base }' \
        "$TMP/replica-scale.txt" >>"$TMP/replica-scale.md"
fi

echo "Cluster on loopback, commit $COMMIT, $TERMS terms, load average at start $LOAD_START, end $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u +%Y-%m-%d)."
for table in scale rolling kill replica-stop replica-pause replica-scale; do
    if [[ -f $TMP/$table.md ]]; then echo; cat "$TMP/$table.md"; fi
done
