#!/usr/bin/env bash
# SQL-injection scan of the packaged service with sqlmap, on loopback only, against a throwaway
# database that is created here and dropped on exit. Each target is bounded by `timeout`.
#
#   bench/sqlmap.sh                      # needs sqlmap (apt-get install -y sqlmap) and PostgreSQL on 127.0.0.1:5432
#   SQLMAP_TIMEOUT=120 bench/sqlmap.sh   # seconds per target (default 300)
#
# Exit status: 0 when sqlmap found nothing injectable, 1 when it did, 2 when a target could not be run.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

PORT="${PORT:-18085}"
BASE="http://127.0.0.1:${PORT}"
PER_TARGET="${SQLMAP_TIMEOUT:-300}"
ADMIN_USER="sqlmap-admin"
ADMIN_PASSWORD="sqlmap-$$-$RANDOM$RANDOM"
TMP="$(mktemp -d /tmp/glossary-sqlmap.XXXXXX)"
WORK="$TMP"

cleanup() {
    lib_cleanup
    echo "sqlmap logs kept in $WORK"
}
trap cleanup EXIT

command -v sqlmap >/dev/null || { echo "sqlmap is not installed: apt-get install -y sqlmap" >&2; exit 2; }
require_tools curl psql createdb dropdb pg_isready
require_free_ports "$PORT"
ensure_jar false
create_database "glossary_sqlmap_$$"
start_service "$PORT" "$PGPORT" GLOSSARY_ADMIN_USERNAME="$ADMIN_USER" GLOSSARY_ADMIN_PASSWORD="$ADMIN_PASSWORD"
wait_for_status "$BASE/q/health/ready" 200 60 >/dev/null || { echo "the service is not ready after 60 s; see $SERVICE_LOG" >&2; exit 2; }

FOUND=0
FAILED=0
# One sqlmap run per target; its verdict is read from its own log.
scan() {
    local name="$1"; shift
    echo "== $name"
    set +e
    timeout "$PER_TARGET" sqlmap --batch --level=3 --risk=2 --flush-session --disable-coloring \
        --output-dir="$WORK/sqlmap" --dbms=PostgreSQL "$@" >"$WORK/$name.log" 2>&1
    local status=$?
    set -e
    if grep -qE "is vulnerable|identified the following injection point" "$WORK/$name.log"; then
        echo "   INJECTABLE (see $WORK/$name.log)"
        FOUND=1
    elif grep -qE "do not appear to be injectable|does not seem to be injectable" "$WORK/$name.log"; then
        echo "   nothing found$([[ $status -eq 124 ]] && echo ' (stopped at the time limit)')"
    elif [[ $status -eq 124 ]]; then
        echo "   nothing found before the ${PER_TARGET}s limit"
    else
        echo "   sqlmap ended without a verdict (exit $status); see $WORK/$name.log"
        FAILED=1
    fi
}

scan terms-query -u "$BASE/terms?q=fine&slug=chatgpt&letter=A&sort=name" -p "q,slug,letter,sort"
scan suggestions -u "$BASE/suggestions?q=fin" -p q
scan term-slug -u "$BASE/terms/chatgpt*"
scan create-term -u "$BASE/terms" --method=POST --headers="Content-Type: application/json" \
    --auth-type=Basic --auth-cred="$ADMIN_USER:$ADMIN_PASSWORD" \
    --data='{"name":"Sqlmap Probe","shortDefinition":"A probe","slug":"sqlmap-probe","description":"d","relatedSlugs":["chatgpt"]}'

subscribers=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data '{"email":"probe@example.org"}' "$BASE/subscribers")
if [[ "$subscribers" == "404" ]]; then
    echo "== subscribe: skipped, POST /subscribers is not served by this build"
else
    scan subscribe -u "$BASE/subscribers" --method=POST --headers="Content-Type: application/json" \
        --data='{"email":"sqlmap@example.org","source":"glossary-page"}'
fi

if [[ $FOUND -ne 0 ]]; then
    echo "RESULT: sqlmap found an injectable parameter"
    exit 1
fi
if [[ $FAILED -ne 0 ]]; then
    echo "RESULT: no injection found, but a target did not complete"
    exit 2
fi
echo "RESULT: no injectable parameter found"
