#!/usr/bin/env bash
# Soak: a bounded, steady mixed load against the packaged service in prod mode (issue 5, "Soak").
#
#   bench/soak.sh [--minutes 10] [--skip-build]
#   bench/soak.sh --seconds 60 --skip-build      (a quick try of the script itself; warm-up = 30 s)
#
# On a throwaway database with the 1,000-term data set of bench/sql/load.sql, for --minutes:
#   - wrk -t2 -c8 with a 10 ms pause per request and connection: lookups by slug, list pages,
#     letters, searches and suggestions (the read mix of bench/tools/lib.sh)
#   - POST /subscribers with unique addresses, 5 per second (bench/tools/loadgen.py subscribe);
#     the outbox sends their confirmation mails to bench/tools/smtpsink.py every second
#   - an editor's PUT /terms/{slug} changing a shortDefinition every 3 s, as the admin created at
#     start-up from GLOSSARY_ADMIN_USERNAME / GLOSSARY_ADMIN_PASSWORD (a random password per run)
# Every 30 s it samples the service's RSS, thread count and heap (from /q/metrics: heap used,
# tenured generation used, and jvm_gc_live_data_size_bytes, the old generation after the last full
# collection; nothing is forced) into a CSV. At the end it checks that there were no errors (any
# non-2xx/3xx or socket error) and that every accepted address is stored, and judges whether memory
# is flat after warm-up (end RSS within 10 % of the RSS at 2 minutes). Writes bench/SOAK.md.
#
# Environment (all optional): PORT (18190), SMTP_PORT (18193), TERMS (1000), PG* as for psql.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

PORT=${PORT:-18190}
SMTP_PORT=${SMTP_PORT:-18193}
TERMS=${TERMS:-1000}
BASE="http://127.0.0.1:$PORT"
MINUTES=10
SKIP_BUILD=false
SAMPLE_EVERY=30
WARMUP_S=120
COMMAND_LINE="bench/soak.sh $*"
TMP=""
FINISHED=false
SECONDS_OVERRIDE=""

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

parse_args() {
    while (($#)); do
        case $1 in
            --minutes) MINUTES=${2:?}; shift 2 ;;
            --seconds) SECONDS_OVERRIDE=${2:?}; shift 2 ;;
            --skip-build) SKIP_BUILD=true; shift ;;
            -h|--help) usage 0 ;;
            *) printf 'unknown argument: %s\n' "$1" >&2; usage 2 ;;
        esac
    done
    [[ $MINUTES =~ ^[0-9]+$ && $MINUTES -ge 3 && $MINUTES -le 120 ]] || die "--minutes must be 3..120"
    if [[ -n $SECONDS_OVERRIDE ]]; then
        [[ $SECONDS_OVERRIDE =~ ^[0-9]+$ && $SECONDS_OVERRIDE -ge 60 && $SECONDS_OVERRIDE -le 7200 ]] \
            || die "--seconds must be 60..7200"
        ((SECONDS_OVERRIDE % SAMPLE_EVERY == 0)) || die "--seconds must be a multiple of $SAMPLE_EVERY"
    fi
}

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    lib_cleanup
    if ((status != 0)) && ! $FINISHED && [[ -n ${SERVICE_LOG:-} && -f $SERVICE_LOG ]]; then
        printf '\n-- last lines of the service log:\n' >&2
        tail -n 15 "$SERVICE_LOG" >&2
    fi
    if [[ -n $TMP ]]; then
        if [[ -n ${KEEP_TMP:-} ]]; then printf 'logs kept in %s\n' "$TMP" >&2; else rm -rf "$TMP"; fi
    fi
    exit "$status"
}

# One CSV line: elapsed_s,rss_mb,hwm_mb,threads,heap_used_mb,tenured_used_mb,live_data_mb,nonheap_used_mb,load1
sample() { # elapsed_s
    local metrics rss hwm threads
    rss=$(proc_status "$SERVICE_PID" VmRSS)
    hwm=$(proc_status "$SERVICE_PID" VmHWM)
    threads=$(proc_status "$SERVICE_PID" Threads)
    metrics=$(curl -s --max-time 5 "$BASE/q/metrics" || true)
    awk -v t="$1" -v rss="$rss" -v hwm="$hwm" -v th="$threads" -v ld="$(cut -d" " -f1 /proc/loadavg)" '
        /^jvm_memory_used_bytes\{/ && /area="heap"/ { heap += $NF; if (/id="Tenured Gen"/) ten = $NF }
        /^jvm_memory_used_bytes\{/ && /area="nonheap"/ { nonheap += $NF }
        /^jvm_gc_live_data_size_bytes/ { live = $NF }
        END { mb = 1048576
              printf "%d,%.1f,%.1f,%d,%.1f,%.1f,%.1f,%.1f,%s\n", t, rss / 1024, hwm / 1024, th,
                     heap / mb, ten / mb, live / mb, nonheap / mb, ld }' <<<"$metrics"
}

main() {
    parse_args "$@"
    require_tools java curl wrk psql createdb dropdb pg_isready python3 awk
    require_free_ports "$PORT" "$SMTP_PORT"
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/glossary-soak.XXXXXX")
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    ensure_jar "$SKIP_BUILD"
    local seconds=$((MINUTES * 60)) admin_user=soak-admin admin_password
    if [[ -n $SECONDS_OVERRIDE ]]; then
        seconds=$SECONDS_OVERRIDE
        ((seconds >= 4 * WARMUP_S)) || WARMUP_S=30
    fi
    admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    local env=(GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false QUARKUS_MAILER_MOCK=false
        QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$SMTP_PORT" GLOSSARY_MAIL_SEND_EVERY=1S
        GLOSSARY_ADMIN_USERNAME="$admin_user" GLOSSARY_ADMIN_PASSWORD="$admin_password")

    log "setting up: database, $TERMS terms, SMTP sink"
    create_database "glossary_soak_$$"
    SINK_MAX_SECONDS=$((seconds + 900)) start_sink "$SMTP_PORT" "$TMP/mails.txt"
    start_service "$PORT" "$PGPORT" "${env[@]}"
    wait_for_status "$BASE/q/health/ready" 200 120 >/dev/null || die "the service did not become ready"
    stop_service
    load_terms "$TERMS"
    prepare_read_paths "$TMP/paths.txt"
    sql "SELECT slug FROM term ORDER BY id" | awk 'NR % 10 == 3' >"$TMP/edit-slugs.txt"

    log "starting the service in prod mode: java ${JVM_FLAGS[*]} -jar ${JAR#"$REPO_DIR"/}"
    start_service "$PORT" "$PGPORT" "${env[@]}"
    local ms
    ms=$(wait_for_status "$BASE/terms/$(head -1 "$TMP/edit-slugs.txt")" 200 120) || die "the service did not answer"
    note "pid $SERVICE_PID, first 200 after $ms ms"
    local date_start load_start
    date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    load_start=$(cut -d' ' -f1-3 /proc/loadavg)
    local csv=$TMP/soak.csv
    echo "elapsed_s,rss_mb,hwm_mb,threads,heap_used_mb,tenured_used_mb,live_data_after_gc_mb,nonheap_used_mb,load1" >"$csv"
    sample 0 >>"$csv"

    log "mixed load for $seconds s (sampling every $SAMPLE_EVERY s)"
    wrk -t2 -c8 -d"${seconds}s" --timeout 5s -s "$TOOLS_DIR/mixed.lua" "$BASE" -- "$TMP/paths.txt" 10 \
        >"$TMP/wrk.txt" 2>&1 &
    BG_PIDS+=($!)
    local wrk_pid=$!
    python3 "$TOOLS_DIR/loadgen.py" subscribe --base "$BASE" --prefix soak --source soak --threads 1 --rate 5 \
        --seconds "$seconds" --timeout 5 --out "$TMP/subscribe.tsv" >"$TMP/subscribe.txt" &
    BG_PIDS+=($!)
    local sub_pid=$!
    python3 "$TOOLS_DIR/loadgen.py" edit --base "$BASE" --user "$admin_user" --password "$admin_password" \
        --slugs "$TMP/edit-slugs.txt" --interval 3 --seconds "$seconds" --timeout 5 --out "$TMP/edit.tsv" \
        >"$TMP/edit.txt" &
    BG_PIDS+=($!)
    local edit_pid=$!
    local started elapsed next=$SAMPLE_EVERY i
    started=$(date +%s)
    for ((i = 0; i < seconds / SAMPLE_EVERY + 2; i++)); do
        kill -0 "$SERVICE_PID" 2>/dev/null || die "the service died during the soak"
        elapsed=$(($(date +%s) - started))
        if ((elapsed >= next)); then
            sample "$next" >>"$csv"
            printf '   %s\n' "$(tail -1 "$csv")" >&2
            next=$((next + SAMPLE_EVERY))
        fi
        ((next > seconds)) && break
        sleep $((next - elapsed > 0 ? next - elapsed : 1))
    done
    wait "$wrk_pid" || true
    wait "$sub_pid" || true
    wait "$edit_pid" || true
    sleep 2
    # The end sample, after the load (what the process keeps).
    sample "$(($(date +%s) - started))" >>"$csv"
    local load_end
    load_end=$(cut -d' ' -f1-3 /proc/loadavg)

    log "checks"
    local wrk_line wrk_requests wrk_bad subs_line subs_requests subs_bad edit_line edit_requests edit_bad
    wrk_line=$(grep '^BENCH_RESULT' "$TMP/wrk.txt") || { cat "$TMP/wrk.txt" >&2; die "no result from wrk"; }
    wrk_requests=$(tr ' ' '\n' <<<"$wrk_line" | awk -F= '$1 == "requests" { print $2 }')
    wrk_bad=$(tr ' ' '\n' <<<"$wrk_line" | awk -F= '$1 == "bad" { print $2 }')
    subs_line=$(grep '^LOADGEN_RESULT' "$TMP/subscribe.txt")
    subs_requests=$(tr ' ' '\n' <<<"$subs_line" | awk -F= '$1 == "requests" { print $2 }')
    subs_bad=$(tr ' ' '\n' <<<"$subs_line" | awk -F= '$1 == "bad" { print $2 }')
    edit_line=$(grep '^LOADGEN_RESULT' "$TMP/edit.txt")
    edit_requests=$(tr ' ' '\n' <<<"$edit_line" | awk -F= '$1 == "requests" { print $2 }')
    edit_bad=$(tr ' ' '\n' <<<"$edit_line" | awk -F= '$1 == "bad" { print $2 }')
    local edit_gets edit_puts
    edit_gets=$(awk -F'\t' '$3 == 200 { n++ } END { print n + 0 }' "$TMP/edit.tsv")
    edit_puts=$(awk -F'\t' '$4 == 200 { n++ } END { print n + 0 }' "$TMP/edit.tsv")
    awk -F'\t' '$3 == 202 { print $2 }' "$TMP/subscribe.tsv" >"$TMP/accepted.txt"
    local stored mails queued
    stored=$(missing_subscribers "$TMP/accepted.txt")
    mails=$(grep -c '^=== MAIL .* to=<soak-' "$TMP/mails.txt" || true)
    queued=$(sql "SELECT count(*) FROM mail_outbox WHERE state = 'queued'")
    local total_requests=$((wrk_requests + subs_requests + edit_gets + edit_puts))
    local errors=$((wrk_bad + subs_bad + edit_bad))

    # RSS at start, after warm-up (the sample at 120 s), at the end of the load, and after it.
    local rss_start rss_warm rss_end rss_after flat change live_warm live_end
    rss_start=$(awk -F, 'NR == 2 { print $2 }' "$csv")
    rss_warm=$(awk -F, -v w="$WARMUP_S" 'NR > 1 && $1 == w { print $2 }' "$csv")
    rss_end=$(awk -F, -v s="$seconds" 'NR > 1 && $1 == s { print $2 }' "$csv")
    rss_after=$(tail -1 "$csv" | cut -d, -f2)
    [[ -n $rss_end ]] || rss_end=$rss_after
    live_warm=$(awk -F, -v w="$WARMUP_S" 'NR > 1 && $1 == w { print $7 }' "$csv")
    live_end=$(tail -1 "$csv" | cut -d, -f7)
    change=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')
    flat=$(awk -v c="$change" 'BEGIN { print (c <= 10 && c >= -10) ? "yes" : "no" }')
    local verdict=PASS
    ((errors == 0)) || verdict=FAIL
    [[ $stored == *" 0 missing" ]] || verdict=FAIL
    [[ $flat == yes ]] || verdict=FAIL
    local mean_load
    mean_load=$(awk -F, 'NR > 1 { s += $9; n++ } END { printf "%.2f", s / n }' "$csv")

    {
        printf '# Soak run\n\n'
        printf 'Written by `bench/soak.sh` (see the comment at its top for what it does). Re-running it overwrites this file.\n\n'
        printf -- '- date: %s (start of the load)\n' "$date_start"
        printf -- '- command: `%s`\n' "$COMMAND_LINE"
        printf -- '- service: commit %s, `java %s -jar target/quarkus-app/quarkus-run.jar` (prod profile), PostgreSQL 15 on 127.0.0.1:5432\n' \
            "$(git -C "$REPO_DIR" log -1 --format=%h -- src pom.xml 2>/dev/null || echo '?')" "${JVM_FLAGS[*]}"
        printf -- '- machine: %s CPUs (`nproc`), %s memory (`free -h`), %s; shared with other agents\n' \
            "$(nproc)" "$(free -h | awk '/^Mem:/ { print $2 }')" "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
        printf -- '- load average (1/5/15 min) at the start: %s; at the end: %s; mean of the 1-min figure over the samples: %s\n' \
            "$load_start" "$load_end" "$mean_load"
        printf -- '- data: %s terms; load: wrk -t2 -c8 (10 ms pause per request and connection) over the read mix, 5 subscribes/s, one editor PUT every 3 s\n\n' \
            "$(sql 'SELECT count(*) FROM term')"
        printf '| measure | value |\n|---|---|\n'
        printf '| verdict | **%s** (no errors, every accepted address stored, RSS flat after warm-up) |\n' "$verdict"
        printf '| duration | %s s |\n' "$seconds"
        printf '| total requests | %s (reads %s, subscribes %s, editor GETs %s + PUTs %s) |\n' \
            "$total_requests" "$wrk_requests" "$subs_requests" "$edit_gets" "$edit_puts"
        printf '| errors (non-2xx/3xx, socket errors, timeouts) | %s (reads %s, subscribes %s, edits %s) |\n' \
            "$errors" "$wrk_bad" "$subs_bad" "$edit_bad"
        printf '| reads | %s |\n' "$(tr ' ' '\n' <<<"$wrk_line" | awk -F= '
            $1 == "rps" { r = $2 } $1 == "p50" { p50 = $2 } $1 == "p99" { p99 = $2 } $1 == "max" { mx = $2 }
            END { printf "%.0f req/s, p50 %s ms, p99 %s ms, max %s ms", r, p50, p99, mx }')" 
        printf '| subscribes | %s; subscriber table: %s; %s confirmation mails received by the sink, %s still queued at the end |\n' \
            "$(sed 's/^LOADGEN_RESULT //' <<<"$subs_line")" "$stored" "$mails" "$queued"
        printf '| editor writes | %s |\n' "$(sed 's/^LOADGEN_RESULT //' <<<"$edit_line")"
        printf '| RSS at start (after the first 200, before load) | %s MB |\n' "$rss_start"
        printf '| RSS after warm-up (%s s) | %s MB |\n' "$WARMUP_S" "$rss_warm"
        printf '| RSS at the end of the load (%s s) | %s MB (%s %% against warm-up) |\n' "$seconds" "$rss_end" "$change"
        printf '| RSS after the load | %s MB (peak VmHWM %s MB) |\n' "$rss_after" "$(tail -1 "$csv" | cut -d, -f3)"
        printf '| old generation after the last full GC (jvm_gc_live_data_size_bytes) | %s MB after warm-up, %s MB at the end |\n' \
            "$live_warm" "$live_end"
        printf '| memory flat after warm-up (end RSS within 10 %% of RSS at %s s) | %s |\n\n' "$WARMUP_S" "$flat"
        printf 'Samples (every %s s; MB; heap figures from /q/metrics, no GC forced; the last line is after the load):\n\n' "$SAMPLE_EVERY"
        printf '```csv\n'
        cat "$csv"
        printf '```\n'
    } >"$TMP/SOAK.md"
    cp "$TMP/SOAK.md" "$BENCH_DIR/SOAK.md"
    printf '\n'
    cat "$TMP/SOAK.md"
    printf '\n(written to bench/SOAK.md)\n'
    FINISHED=true
    [[ $verdict == PASS ]]
}

main "$@"
