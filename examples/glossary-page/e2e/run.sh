#!/usr/bin/env bash
# End-to-end test of the example page: packages the service, runs it in prod mode on a throwaway
# database with CORS allowing the page's origin, serves the page from a second origin and drives
# Debian's Chromium through it (e2e/glossary-page.e2e.mjs). Installs Chromium (apt) and
# playwright-core (npm ci) when missing. Needs PostgreSQL on 127.0.0.1:5432 (postgres/postgres, as
# for the tests), Java 17+ and Node.js 18+. Stops what it started and drops its database on exit.
#   examples/glossary-page/e2e/run.sh
#   E2E_SKIP_PACKAGE=1 ...   reuse target/quarkus-app (e.g. right after ./mvnw verify)
#   E2E_SCREENSHOTS=dir ...  where screenshots go (default target/e2e-screenshots)
set -euo pipefail
example="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$example/../.." && pwd)"
screenshots="${E2E_SCREENSHOTS:-$repo/target/e2e-screenshots}"
logs="$repo/target/e2e-logs"
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD=postgres
database="glossary_e2e_$$"
pids=()
database_created=false
started=$SECONDS

phase() { echo "[e2e $((SECONDS - started)) s] $*"; }

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if $database_created; then
    psql -d postgres -qAtc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || status=1
  fi
  phase "done, exit $status"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}

if [ ! -x /usr/bin/chromium ]; then
  phase "installing Chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d "$example/node_modules/playwright-core" ]; then
  phase "installing playwright-core (npm ci)"
  (cd "$example" && npm ci --no-audit --no-fund --loglevel=error)
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

if [ "${E2E_SKIP_PACKAGE:-}" != 1 ]; then
  phase "packaging the service"
  (cd "$repo" && ./mvnw -q -B package -DskipTests)
fi
[ -f "$repo/target/quarkus-app/quarkus-run.jar" ] || { echo "no target/quarkus-app/quarkus-run.jar" >&2; exit 1; }

mkdir -p "$logs"
rm -rf "$screenshots"
psql -d postgres -qAtc "CREATE DATABASE $database" >/dev/null
database_created=true
api_port=$(free_port)
page_port=$(free_port)
other_page_port=$(free_port)
api="http://127.0.0.1:$api_port"
page="http://127.0.0.1:$page_port"
other_page="http://127.0.0.1:$other_page_port" # a second allowed origin, e.g. www. and app. of one site

phase "starting the service on $api (prod mode, database $database)"
QUARKUS_HTTP_PORT=$api_port \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$database" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
QUARKUS_HTTP_CORS_ORIGINS="$page,$other_page" \
GLOSSARY_PUBLIC_BASE_URL="$api" \
QUARKUS_MAILER_MOCK=true \
QUARKUS_SHUTDOWN_DELAY_ENABLED=false \
  java -jar "$repo/target/quarkus-app/quarkus-run.jar" >"$logs/service.log" 2>&1 &
pids+=($!)
node "$example/serve.mjs" "$page_port" >"$logs/page-server.log" 2>&1 &
pids+=($!)
node "$example/serve.mjs" "$other_page_port" >"$logs/other-page-server.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$api/q/health/ready" && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the service stopped; see $logs/service.log" >&2; tail -20 "$logs/service.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs -o /dev/null "$api/q/health/ready" || { echo "the service is not ready; see $logs/service.log" >&2; exit 1; }
for origin in "$page" "$other_page"; do
  curl -fs -o /dev/null "$origin/" || { echo "the page server on $origin does not answer; see $logs" >&2; exit 1; }
done

phase "driving Chromium through $page"
API_URL="$api" PAGE_URL="$page" OTHER_PAGE_URL="$other_page" SCREENSHOTS="$screenshots" node "$example/e2e/glossary-page.e2e.mjs"
