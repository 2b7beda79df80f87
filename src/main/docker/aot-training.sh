#!/bin/bash
# The AOT cache's training run at image build time (see the root Dockerfile). A `docker build` has
# no database, so the service is started without one: Flyway's migration and Hibernate's schema
# validation are switched off for this run only, and the JDBC URL points at a closed port. The
# service then boots completely (CDI, Hibernate, REST, Vert.x, the HTTP server) and answers the
# requests below (503/500: no database), which loads and links the classes of the request path too.
# SIGTERM stops it; the JVM writes the cache at exit (JEP 514: -XX:AOTCacheOutput).
set -euo pipefail
APP_DIR=${APP_DIR:-/deployments}   # another directory only to try the script outside the image
cd "$APP_DIR"

export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:1/none
export QUARKUS_DATASOURCE_USERNAME=training QUARKUS_DATASOURCE_PASSWORD=training
export QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY=none
export QUARKUS_SHUTDOWN_DELAY_ENABLED=false QUARKUS_MAILER_MOCK=true GLOSSARY_MAIL_SEND_EVERY=off
export QUARKUS_HTTP_PORT=${TRAINING_PORT:-8080}
export GLOSSARY_PUBLIC_BASE_URL=http://127.0.0.1:$QUARKUS_HTTP_PORT

# Same flags as the ENTRYPOINT: a cache made with other GC or heap flags is refused at run time.
# No JEP 515 method profiles (AOTRecordTraining off): replaying them at start made C2 compile about
# 2 s of CPU before the first answer (bench/README.md, issue 25).
# shellcheck disable=SC2086
java $JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:AOTCacheOutput="$APP_DIR/app.aot" \
    -jar "$APP_DIR/quarkus-run.jar" &
pid=$!

# http_get PATH prints the status line (bash's /dev/tcp: the JRE image has no curl).
# shellcheck source=http-status.sh
source "$(dirname "${BASH_SOURCE[0]}")/http-status.sh"

for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" || true; break; }
    http_get /q/health/live >/dev/null 2>&1 && break
    sleep 0.2
done
# Not /q/openapi: the document is completed only when asked for, and its classes (the YAML writer
# among them) would otherwise be in the cache, mapped by every start.
for path in /q/health/live /q/health/ready /terms/transfer-learning /terms "/terms?q=learning" \
            "/terms?letter=A" /suggestions?q=le /letters /q/metrics /no-such-path; do
    printf '%s: %s\n' "$path" "$(http_get "$path" 2>/dev/null | tr -d '\r')"
done
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" || true
test -s "$APP_DIR/app.aot"
