#!/usr/bin/env bash
# What the change feed and revisions (migrations V9-V11) cost a write: writes/s on the schema before
# them against writes/s on the current one, same data, same machine, same session, in turns.
#
#   bench/writes.sh [--before <git rev>] [--terms 10000] [--duration 20s] [--rounds 3] [--skip-build]
#
# The writes are the database's part of a write (bench/sql/writes-*.sql, run by pgbench with 4
# clients): half new terms related to two others, half short-definition changes, each with every
# trigger the service's own writes fire. Not through HTTP: an API write first checks the editor's
# bcrypt password (about 60 ms of CPU, AppUser), which would hide a few milliseconds either way.
# --before defaults to the commit before V9. Its jar is built in a temporary git worktree; each
# side migrates its own throwaway database with its own jar and loads it with its own load.sql.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

BEFORE=$(git -C "$REPO_DIR" log --diff-filter=A --format=%H -1 -- src/main/resources/db/migration/V9__term_revisions_and_change_feed.sql)^
TERMS=10000
DURATION=20s
ROUNDS=3
SKIP_BUILD=false
PORT=${PORT:-18390}
TMP=$(mktemp -d /tmp/glossary-writes.XXXXXX)
DATABASES=()
cleanup() {
    lib_cleanup
    local db
    for db in "${DATABASES[@]}"; do dropdb --if-exists --force "$db" 2>/dev/null || true; done
    [[ -d $TMP/before ]] && git -C "$REPO_DIR" worktree remove --force "$TMP/before" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

while (($#)); do
    case $1 in
        --before) BEFORE=${2:?}; shift 2 ;;
        --terms) TERMS=${2:?}; shift 2 ;;
        --duration) DURATION=${2:?}; shift 2 ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --skip-build) SKIP_BUILD=true; shift ;;
        *) die "unknown argument: $1" ;;
    esac
done

require_tools pgbench psql createdb dropdb pg_isready curl
require_free_ports "$PORT"
ensure_jar "$SKIP_BUILD"
AFTER_JAR=$JAR
log "building the jar of $(git -C "$REPO_DIR" rev-parse --short "$BEFORE") (before) in a temporary worktree"
git -C "$REPO_DIR" worktree add --detach -q "$TMP/before" "$BEFORE"
(cd "$TMP/before" && ./mvnw -B -q package -DskipTests)
BEFORE_JAR=$TMP/before/target/quarkus-app/quarkus-run.jar

prepare() { # side jar load_sql -> a migrated, loaded database named glossary_bench_writes_<side>_<pid>
    local side=$1 jar=$2 load_sql=$3
    export PGDATABASE="glossary_bench_writes_${side}_$$"
    createdb "$PGDATABASE"
    DATABASES+=("$PGDATABASE")
    JAR=$jar
    start_service "$PORT" "$PGPORT" QUARKUS_MAILER_MOCK=true
    wait_for_status "http://127.0.0.1:$PORT/q/health/ready" 200 180 >/dev/null || die "$side: service not ready"
    stop_service 15
    psql -X -q -v terms="$TERMS" -v batch=1000 -f "$load_sql" >/dev/null
    note "$side: $(sql "SELECT count(*) FROM term") terms, schema at V$(sql "SELECT max(version::int) FROM flyway_schema_history WHERE success")"
}

writes_per_s() { # database -> transactions per second
    PGDATABASE=$1 editor_tps "${DURATION%s}" "$TERMS" | awk '{ printf "%.0f", $1 }'
}

log "preparing both databases ($TERMS terms each)"
prepare before "$BEFORE_JAR" "$TMP/before/bench/sql/load.sql"
BEFORE_DB=$PGDATABASE
prepare after "$AFTER_JAR" "$BENCH_DIR/sql/load.sql"
AFTER_DB=$PGDATABASE
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

log "writes, $ROUNDS rounds of $DURATION each side, in turns"
: >"$TMP/before.tps"; : >"$TMP/after.tps"
for ((round = 1; round <= ROUNDS; round++)); do
    writes_per_s "$BEFORE_DB" >>"$TMP/before.tps"; echo >>"$TMP/before.tps"
    writes_per_s "$AFTER_DB" >>"$TMP/after.tps"; echo >>"$TMP/after.tps"
    note "round $round: before $(tail -n 1 "$TMP/before.tps") writes/s, after $(tail -n 1 "$TMP/after.tps") writes/s"
done
BEFORE_TPS=$(median_of_lines <"$TMP/before.tps")
AFTER_TPS=$(median_of_lines <"$TMP/after.tps")
# Rounds run back to back, so each round's ratio is the least disturbed by a change in the load.
RATIO=$(paste <(grep . "$TMP/before.tps") <(grep . "$TMP/after.tps") | awk '{ print $2 / $1 }' | median_of_lines)
REVISIONS=$(PGDATABASE=$AFTER_DB sql "SELECT count(*) FROM term_revision WHERE author = 'bench'")

awk -v before="$BEFORE_TPS" -v after="$AFTER_TPS" -v ratio="$RATIO" -v terms="$TERMS" -v revisions="$REVISIONS" \
    -v rev="$(git -C "$REPO_DIR" rev-parse --short "$BEFORE")" -v commit="$(git -C "$REPO_DIR" rev-parse --short HEAD)" \
    -v loadavg="$LOAD_START" 'BEGIN {
    printf "Writes at %d terms, before = %s, after = %s, load average at start %s, 2 cores.\n\n", terms, rev, commit, loadavg
    print "| measure | figure | goal |"; print "|---|---|---|"
    printf "| writes/s before the feed and revisions (median, pgbench 4 clients) | %d | |\n", before
    printf "| writes/s with them | %d (%d revisions written by the runs) | |\n", after, revisions
    printf "| after / before, median of the rounds\x27 ratios | %.2fx | >= 0.8x: %s |\n", ratio, (ratio >= 0.8 ? "met" : "missed") }'
