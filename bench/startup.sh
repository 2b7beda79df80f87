#!/usr/bin/env bash
# Start-up of the packaged jar (issue 25 item 2): Java 17 against Temurin 25 with the production flags
# and the AOT cache, alternated in one run on one machine, at the seed's size. Loopback only;
# everything it starts is stopped by PID, its database dropped.
#
#   bench/startup.sh [--rounds 10] [--training 10] [--database NAME] [--skip-build] [--keep-cache] [--out NAME]
#
#   --rounds N       starts per runtime (default 10), interleaved, the order flipped every round
#   --training S     seconds of wrk look-ups in the AOT training run (default 10)
#   --database NAME  use this database as it is (migrated; kept afterwards) instead of a throwaway one
#                    holding only the seed (Flyway's V2, 7 terms)
#   --keep-cache     use target/quarkus-app/app.aot as it is (no training run)
#   --out NAME       write the report to bench/results/NAME.md (default startup)
#
# Start-up = from the launch of java to the first 200 of GET /terms/{slug of a seed term}, polled every
# 20 ms (the definition of bench/run.sh and issue 25: "reaches the first 200"). Per start it also
# records Quarkus' "started in" and the process' CPU time (user + system) at that first 200, which
# moves less with the machine's load than wall time.
#
# Runtimes (VARIANTS, default "17 17-flags 25-aot"):
#   17        Java 17 (`java` on the PATH), plain `java -jar`: the JVM's defaults (G1, heap 1/4 of RAM)
#   17-flags  Java 17 with the production flags (the Dockerfile's JAVA_OPTS, all valid on 17)
#   17-fastjar  as 17, on Quarkus' default fast-jar layout: FASTJAR=path/to/quarkus-run.jar of a copy of
#             target/quarkus-app built with -Dquarkus.package.jar.type=fast-jar (the layout before aot-jar)
#   25        Temurin 25 with the production flags, no cache
#   25-aot    Temurin 25 with the production flags and -XX:AOTCache (AOTMode=on: refuses to run without it)
# All get the same environment (prod profile, MALLOC_ARENA_MAX=2, the term cache bound of lib.sh, shutdown
# delay off, mailer mock).
# The ratio that counts (target <= 0.40) is 25-aot against 17; against 17-fastjar and 17-flags it is printed too.
# EXTRA_25="..." adds JVM flags to the Temurin 25 runs and their training (experiments).
set -euo pipefail
TMP=$(mktemp -d "${TMPDIR:-/tmp}/glossary-startup.XXXXXX")
source "$(dirname "${BASH_SOURCE[0]}")/tools/lib.sh"

ROUNDS=10 TRAINING=10 DATABASE="" SKIP_BUILD=false KEEP_CACHE=false OUT=startup
while (($#)); do
    case $1 in
        --rounds) ROUNDS=${2:?}; shift ;;
        --training) TRAINING=${2:?}; shift ;;
        --database) DATABASE=${2:?}; shift ;;
        --skip-build) SKIP_BUILD=true ;;
        --keep-cache) KEEP_CACHE=true ;;
        --out) OUT=${2:?}; shift ;;
        -h | --help) sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1" ;;
    esac
    shift
done
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 ]] || die "--rounds must be a number >= 1"
PORT=${PORT:-18480}
BASE="http://127.0.0.1:$PORT"
JAVA17=${JAVA17:-java}
read -r -a VARIANTS <<<"${VARIANTS:-17 17-flags 25-aot}"
read -r -a EXTRA_25 <<<"${EXTRA_25:-}"
SETTINGS=(QUARKUS_SHUTDOWN_DELAY_ENABLED=false QUARKUS_MAILER_MOCK=true GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false)
PROD_FLAGS=("${JVM_FLAGS[@]}")

trap lib_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Sets JAR, JAVA_BIN, JVM_FLAGS and SERVICE_JVM_EXTRA for start_service.
use_variant() { # 17|17-flags|17-fastjar|25|25-aot
    JAR=$PACKAGED_JAR
    case $1 in
        17) JAVA_BIN=$JAVA17; JVM_FLAGS=(); SERVICE_JVM_EXTRA=() ;;
        17-flags) JAVA_BIN=$JAVA17; JVM_FLAGS=("${PROD_FLAGS[@]}"); SERVICE_JVM_EXTRA=() ;;
        17-fastjar) JAVA_BIN=$JAVA17; JVM_FLAGS=(); SERVICE_JVM_EXTRA=(); JAR=$FASTJAR ;;
        25) JAVA_BIN="$JAVA25_HOME/bin/java"; JVM_FLAGS=("${PROD_FLAGS[@]}" "${EXTRA_25[@]}"); SERVICE_JVM_EXTRA=() ;;
        25-aot) JAVA_BIN="$JAVA25_HOME/bin/java"; JVM_FLAGS=("${PROD_FLAGS[@]}" "${EXTRA_25[@]}")
            mapfile -t SERVICE_JVM_EXTRA < <(aot_jvm_args "$AOT_CACHE") ;;
        *) die "unknown variant $1" ;;
    esac
}

cpu_ms() { # pid: user + system time so far, in ms
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"
}

# Quarkus' own "started in X.XXXs" of the last start, in ms.
quarkus_ms() {
    grep -o 'started in [0-9.]*s' "$SERVICE_LOG" | tail -n 1 | awk '{ sub(/s$/, "", $3); printf "%d", $3 * 1000 }'
}

median() { tr ' ' '\n' <<<"$1" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

require_tools psql createdb dropdb pg_isready curl wrk awk
require_free_ports "$PORT"
ensure_jar "$SKIP_BUILD"
PACKAGED_JAR=$JAR
if [[ " ${VARIANTS[*]} " == *" 17-fastjar "* ]]; then
    [[ -f ${FASTJAR:-} ]] || die "17-fastjar needs FASTJAR=<a fast-jar build's quarkus-run.jar>"
fi
[[ -x $JAVA25_HOME/bin/java ]] || die "no JDK 25 at $JAVA25_HOME (set JAVA25_HOME)"

if [[ -n $DATABASE ]]; then
    export PGDATABASE=$DATABASE
else
    create_database "glossary_startup_$$"
    log "first start (Java 17): Flyway creates the schema and the seed"
    use_variant 17-flags
    start_service "$PORT" "$PGPORT" "${SETTINGS[@]}"
    wait_for_status "$BASE/q/health/ready" 200 300 >/dev/null || die "the first start did not become ready"
    stop_service
fi
TERMS=$(sql "SELECT count(*) FROM term")
SLUG=$(sql "SELECT slug FROM term ORDER BY slug LIMIT 1")
note "database $PGDATABASE: $TERMS terms; start-up = first 200 of GET /terms/$SLUG"

if [[ " ${VARIANTS[*]} " == *" 25-aot "* ]] && ! $KEEP_CACHE; then
    log "AOT cache: training run on Temurin 25 (reads, searches, writes, ${TRAINING} s of look-ups)"
    JVM_FLAGS=("${PROD_FLAGS[@]}" "${EXTRA_25[@]}")
    make_aot_cache "$PORT" "$AOT_CACHE" "$TRAINING"
    JVM_FLAGS=("${PROD_FLAGS[@]}")
fi
[[ " ${VARIANTS[*]} " != *" 25-aot "* || -s $AOT_CACHE ]] || die "no AOT cache at $AOT_CACHE"

declare -A WALL CPU QUARKUS
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "start-up: $ROUNDS rounds of ${VARIANTS[*]}, interleaved"
for ((round = 1; round <= ROUNDS; round++)); do
    order=("${VARIANTS[@]}")
    if ((round % 2 == 0)); then # flip the order so that no runtime always goes first
        order=()
        for ((i = ${#VARIANTS[@]} - 1; i >= 0; i--)); do order+=("${VARIANTS[i]}"); done
    fi
    line="round $round:"
    for variant in "${order[@]}"; do
        use_variant "$variant"
        start_service "$PORT" "$PGPORT" "${SETTINGS[@]}"
        wait_for_status "$BASE/terms/$SLUG" 200 120 0.02 >/dev/null || die "no 200 within 120 s ($variant)"
        wall=$(($(now_ms) - SERVICE_STARTED_MS))
        cpu=$(cpu_ms "$SERVICE_PID")
        stop_service 15
        q=$(quarkus_ms)
        WALL[$variant]="${WALL[$variant]:-}${WALL[$variant]:+ }$wall"
        CPU[$variant]="${CPU[$variant]:-}${CPU[$variant]:+ }$cpu"
        QUARKUS[$variant]="${QUARKUS[$variant]:-}${QUARKUS[$variant]:+ }$q"
        line+=$(printf ' %s %d ms (cpu %d, quarkus %d);' "$variant" "$wall" "$cpu" "$q")
    done
    note "$line"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
version() { "$1" -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }'; }
{
    printf '# Start-up, %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- commit %s%s; %s terms (GET /terms/%s); %s rounds, interleaved\n' \
        "$(git -C "$REPO_DIR" rev-parse --short HEAD)" \
        "$([[ -n $(git -C "$REPO_DIR" status --porcelain -- src pom.xml) ]] && echo ' (modified)')" "$TERMS" "$SLUG" "$ROUNDS"
    printf -- '- Java 17: %s (`%s`); Temurin 25: %s\n' "$(version "$JAVA17")" "$JAVA17" "$(version "$JAVA25_HOME/bin/java")"
    printf -- '- production flags: `%s`%s\n' "${PROD_FLAGS[*]}" "${EXTRA_25[*]:+; Temurin 25 also: \`${EXTRA_25[*]}\`}"
    [[ -s $AOT_CACHE ]] && printf -- '- AOT cache: %s\n' "$(du -h "$AOT_CACHE" | cut -f1)"
    printf -- '- %s CPUs, load average %s at the start, %s at the end\n\n' "$(nproc)" "$LOAD_START" "$LOAD_END"
    printf '| runtime | first 200, median ms | CPU at first 200, median ms | Quarkus "started in", median ms | all first-200 times (ms) |\n'
    printf '|---|---|---|---|---|\n'
    for variant in "${VARIANTS[@]}"; do
        printf '| %s | %s | %s | %s | %s |\n' "$variant" "$(median "${WALL[$variant]}")" "$(median "${CPU[$variant]}")" \
            "$(median "${QUARKUS[$variant]}")" "${WALL[$variant]}"
    done
    printf '\n'
    for base in 17 17-fastjar 17-flags; do
        for variant in "${VARIANTS[@]}"; do
            [[ $variant == 25* && -n ${WALL[$base]:-} ]] || continue
            printf -- '- %s / %s: first 200 **%s**, CPU %s\n' "$variant" "$base" \
                "$(ratio "$(median "${WALL[$variant]}")" "$(median "${WALL[$base]}")")" \
                "$(ratio "$(median "${CPU[$variant]}")" "$(median "${CPU[$base]}")")"
        done
    done
} >"$TMP/report.md"
mkdir -p "$BENCH_DIR/results"
cp "$TMP/report.md" "$BENCH_DIR/results/$OUT.md"
cat "$TMP/report.md"
