#!/usr/bin/env bash
# SQL-injection scan of the packaged service with sqlmap, on loopback only, against a throwaway
# database that is created here and dropped on exit. Each target is bounded by `timeout`.
#
#   bench/sqlmap.sh                      # needs sqlmap (apt-get install -y sqlmap), psql, PostgreSQL on 127.0.0.1:5432
#   SQLMAP_TIMEOUT=120 bench/sqlmap.sh   # seconds per target (default 300)
#
# Exit status: 0 when sqlmap found nothing injectable, 1 when it did, 2 when a target could not be run.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18085}"
BASE="http://127.0.0.1:${PORT}"
PER_TARGET="${SQLMAP_TIMEOUT:-300}"
DB="glossary_sqlmap_$$"
ADMIN_USER="sqlmap-admin"
ADMIN_PASSWORD="sqlmap-$$-$RANDOM$RANDOM"
WORK="$(mktemp -d /tmp/glossary-sqlmap.XXXXXX)"
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD=postgres
APP_PID=""

cleanup() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID"
        wait "$APP_PID" 2>/dev/null || true
    fi
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null 2>&1 || true
    echo "sqlmap logs kept in $WORK"
}
trap cleanup EXIT

command -v sqlmap >/dev/null || { echo "sqlmap is not installed: apt-get install -y sqlmap" >&2; exit 2; }

./mvnw -B -q package -DskipTests
psql -q -d postgres -c "CREATE DATABASE \"$DB\""

QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" GLOSSARY_PUBLIC_BASE_URL="$BASE" \
GLOSSARY_ADMIN_USERNAME="$ADMIN_USER" GLOSSARY_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    java -jar target/quarkus-app/quarkus-run.jar >"$WORK/app.log" 2>&1 &
APP_PID=$!

for _ in $(seq 1 60); do
    curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { echo "the service did not start; see $WORK/app.log" >&2; exit 2; }
    sleep 1
done
curl -fs "$BASE/q/health/ready" >/dev/null || { echo "the service is not ready after 60 s" >&2; exit 2; }

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
