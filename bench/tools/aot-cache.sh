#!/usr/bin/env bash
# Makes the service's AOT cache (JDK 25: JEP 483/514, without JEP 515 profiles) for the packaged jar with a training run on
# Temurin 25 against a throwaway database, and writes it next to the jar:
#
#   bench/tools/aot-cache.sh [--terms 1000] [--training 5] [--skip-build] [--out target/quarkus-app/app.aot]
#
# Then run the service with (same JDK build, same JVM flags as in bench/tools/lib.sh, from any
# directory, with the same jar path):
#
#   $JAVA25_HOME/bin/java <flags> -XX:AOTCache=target/quarkus-app/app.aot -jar target/quarkus-app/quarkus-run.jar
#
# Steps: build the jar if needed (Java 17, like the README), create database glossary_aot_<pid>, let
# a first start (Java 17) migrate it, load N terms (bench/sql/load.sql), run the service on Temurin
# 25 with -XX:AOTCacheOutput, send every kind of read and a short wrk load, stop it (the JVM writes
# the cache at exit), drop the database. bench/run.sh does the same through the same function
# (make_aot_cache in lib.sh) when the cache is missing or older than the jar.
#
# Environment (all optional): PORT (18280), JAVA25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64), PG* as
# for psql.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

PORT=${PORT:-18280}
TERMS=1000
TRAINING=5
SKIP_BUILD=false
TMP=""

while (($#)); do
    case $1 in
        --terms) TERMS=${2:?}; shift 2 ;;
        --training) TRAINING=${2:?}; shift 2 ;;
        --skip-build) SKIP_BUILD=true; shift ;;
        --out) AOT_CACHE=$(realpath -m "${2:?}"); shift 2 ;;
        -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1" ;;
    esac
done


require_tools psql createdb dropdb pg_isready curl wrk
require_free_ports "$PORT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/glossary-aot.XXXXXX")
trap lib_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
ensure_jar "$SKIP_BUILD"
create_database "glossary_aot_$$"
log "first start (Java 17): Flyway creates the schema"
start_service "$PORT" "$PGPORT" QUARKUS_SHUTDOWN_DELAY_ENABLED=false
wait_for_status "http://127.0.0.1:$PORT/q/health/ready" 200 180 >/dev/null || die "the first start did not become ready"
stop_service 15
log "loading $TERMS terms"
load_terms "$TERMS"
log "training run on Temurin 25"
make_aot_cache "$PORT" "$AOT_CACHE" "$TRAINING"
printf '%s\n' "$AOT_CACHE"
