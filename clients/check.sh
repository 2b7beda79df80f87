#!/usr/bin/env bash
# Proves that clients generated from the served OpenAPI document work, against the packaged service:
#   1. starts target/quarkus-app/quarkus-run.jar in prod mode on a throwaway database (dropped on exit);
#   2. fetches /q/openapi?format=json and lints it with Redocly CLI, recommended rules (redocly.yaml): 0 errors, 0 warnings;
#   3. generates TypeScript types (openapi-typescript), type-checks the openapi-fetch page
#      (typescript-check/src/page.ts) with tsc --strict, then runs it with node against the service;
#   4. generates a Java client (openapi-generator, java/native) in java/ and runs its test against the service.
# Prints one line per check with its time; exits non-zero if any failed, showing the end of its log.
# Needs: the jar (./mvnw package), PostgreSQL on 127.0.0.1:5432 (postgres/postgres), node >= 20.19, java 17 or later.
#   clients/check.sh            # from anywhere; GLOSSARY_JAR overrides the jar
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
clients=$root/clients
jar=${GLOSSARY_JAR:-$root/target/quarkus-app/quarkus-run.jar}
work=$(mktemp -d "${TMPDIR:-/tmp}/glossary-clients.XXXXXX")
export PGPASSWORD=postgres
psql_admin=(psql -h 127.0.0.1 -U postgres -d postgres -Atqc)
db=glossary_clients_$$
db_created=""
service=""
failures=0
began=$SECONDS

cleanup() {
    if [ -n "$service" ]; then
        kill "$service" 2>/dev/null || true
        wait "$service" 2>/dev/null || true
    fi
    if [ -n "$db_created" ]; then
        "${psql_admin[@]}" "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    if [ "$failures" -eq 0 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# step LABEL FUNCTION: runs FUNCTION with its output in $work/FUNCTION.log; prints one line with the
# outcome and seconds, and on failure the end of the log. set -e does not apply inside a function run
# as a condition, so the functions chain their commands with &&.
step() {
    local name=$1 t0=$SECONDS log="$work/$2.log"
    if "$2" >"$log" 2>&1; then
        printf 'ok    %4d s  %s\n' $((SECONDS - t0)) "$name"
    else
        printf 'FAIL  %4d s  %s\n' $((SECONDS - t0)) "$name"
        tail -n 40 "$log" | sed 's/^/      /'
        echo "      (whole log: $log)"
        failures=$((failures + 1))
        return 1
    fi
}

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# Pin Java: the JDK of the machine's default `java` runs the jar and Maven both (mvnw honours JAVA_HOME).
java_bin=$(readlink -f "$(command -v java)")
export JAVA_HOME=${java_bin%/bin/java}
java_major=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || { echo "clients/check.sh: want Java 17 or later as the default java, found ${java_major:-none} at $JAVA_HOME" >&2; exit 1; }
[ -f "$jar" ] || { echo "clients/check.sh: no $jar; build it with ./mvnw package" >&2; exit 1; }

port=$(free_port)
base="http://127.0.0.1:$port"
spec="$work/openapi.json"
bin=$clients/node_modules/.bin

start_service() {
    "${psql_admin[@]}" "CREATE DATABASE $db" || return
    db_created=1
    # Only the variables API.md names configure it; none inherited. Mail goes to a port nothing listens
    # on: POST /subscribers only queues the confirmation (202), and the outbox retries failed sends.
    (
        for name in $(compgen -e | grep -E '^(GLOSSARY|QUARKUS)_'); do unset "$name"; done
        exec env \
            QUARKUS_HTTP_PORT="$port" \
            QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
            QUARKUS_DATASOURCE_USERNAME=postgres \
            QUARKUS_DATASOURCE_PASSWORD=postgres \
            GLOSSARY_PUBLIC_BASE_URL="$base" \
            GLOSSARY_ADMIN_USERNAME=clients-admin \
            GLOSSARY_ADMIN_PASSWORD="clients-$RANDOM$RANDOM" \
            QUARKUS_MAILER_HOST=127.0.0.1 \
            QUARKUS_MAILER_PORT="$(free_port)" \
            "$JAVA_HOME/bin/java" -Xmx128m -XX:+UseSerialGC -jar "$jar" >"$work/service.log" 2>&1
    ) &
    service=$!
    for _ in $(seq 1 180); do
        kill -0 "$service" 2>/dev/null || { echo "the service exited"; cat "$work/service.log"; return 1; }
        curl -fsS -o /dev/null "$base/q/health/ready" 2>/dev/null && return 0
        sleep 0.5
    done
    echo "not ready within 90 s"
    cat "$work/service.log"
    return 1
}

npm_ci() {
    cd "$clients" && npm ci --no-audit --no-fund --loglevel=error
}

fetch_spec() {
    curl -fsS -o "$spec" "$base/q/openapi?format=json"
}

lint() {
    local status=0
    cd "$work" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
        "$bin/redocly" lint openapi.json --config "$clients/redocly.yaml" --format=stylish >"$work/redocly.txt" 2>&1 \
        || status=$?
    cat "$work/redocly.txt"
    # Warnings leave redocly's exit status 0; here they fail the check too.
    [ "$status" -eq 0 ] && ! grep -Eq '^ +[0-9]+:[0-9]+ +warning ' "$work/redocly.txt"
}

typescript_compile() {
    cd "$clients/typescript-check" && rm -rf generated build \
        && "$bin/openapi-typescript" "$spec" --output generated/api.d.ts \
        && "$bin/tsc" -p tsconfig.json
}

typescript_run() {
    cd "$clients/typescript-check" \
        && "$bin/tsc" -p tsconfig.json --noEmit false --rootDir src --outDir build \
        && node run.mjs "$base"
}

java_client() {
    cd "$root" && ./mvnw -B -ntp -f clients/java/pom.xml -Dspec="$spec" -Dglossary.base-url="$base" clean verify
}

step "service started (Java $java_major, database $db, $base)" start_service || exit 1
step "npm ci (Redocly CLI, openapi-typescript, openapi-fetch, TypeScript)" npm_ci || exit 1
step "served spec fetched from /q/openapi?format=json" fetch_spec || exit 1
step "Redocly CLI lint, recommended rules: 0 errors, 0 warnings" lint || true
if step "TypeScript: openapi-typescript types + openapi-fetch page compile (tsc --strict)" typescript_compile; then
    step "TypeScript: the compiled page runs against the service" typescript_run \
        && sed -n 's/^  /      /p' "$work/typescript_run.log" || true
fi
step "Java: openapi-generator java/native client compiles; its test runs against the service" java_client \
    && sed -n 's/^java client: /      /p' "$work/java_client.log" || true

echo "clients/check.sh: $failures failed, $((SECONDS - began)) s"
[ "$failures" -eq 0 ]
