#!/usr/bin/env bash
# Editor writes through HTTP, signed in with an API token against HTTP Basic, in the same run (issue 25):
# the same POST /terms (a new term each time) from wrk (bench/lua/write.lua, lean), in alternating
# rounds on one service. Basic checks the person's bcrypt hash (cost 10) on every request; a token is
# one SHA-256 and one indexed look-up.
#
#   bench/token-writes.sh [--duration 8s] [--rounds 2] [--connections 4] [--skip-build]
#
# The service starts on a throwaway database with only the seed; its admin (GLOSSARY_ADMIN_*) is the
# person, and creates the token (scope terms:write). Admins may write terms as editors do.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/lib.sh"

DURATION=8s
ROUNDS=2
CONNECTIONS=4
SKIP_BUILD=false
PORT=${PORT:-18391}
ADMIN=bench-admin
PASSWORD=bench-password-$$
TMP=$(mktemp -d /tmp/glossary-token-writes.XXXXXX)
cleanup() {
    lib_cleanup
    rm -rf "$TMP"
}
trap cleanup EXIT

while (($#)); do
    case $1 in
        --duration) DURATION=${2:?}; shift 2 ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --connections) CONNECTIONS=${2:?}; shift 2 ;;
        --skip-build) SKIP_BUILD=true; shift ;;
        *) die "unknown argument: $1" ;;
    esac
done

require_tools wrk psql createdb dropdb pg_isready curl
require_free_ports "$PORT"
ensure_jar "$SKIP_BUILD"
create_database "glossary_bench_tokens_$$"
start_service "$PORT" "$PGPORT" QUARKUS_MAILER_MOCK=true GLOSSARY_ADMIN_USERNAME=$ADMIN GLOSSARY_ADMIN_PASSWORD=$PASSWORD
wait_for_status "http://127.0.0.1:$PORT/q/health/ready" 200 180 >/dev/null || die "service not ready (see $SERVICE_LOG)"

BASIC="Basic $(printf '%s:%s' "$ADMIN" "$PASSWORD" | base64 -w0)"
TOKEN=$(curl -sf -H "Authorization: $BASIC" -H 'Content-Type: application/json' \
    -d '{"name":"bench","scopes":["terms:write"]}' "http://127.0.0.1:$PORT/tokens" \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')
[[ $TOKEN == glo_* ]] || die "could not create a token"
BEARER="Bearer $TOKEN"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat"; } # the service's user + system CPU

run() { # side authorization -> "req/s p50 p99 non2xx service-CPU-ms-per-write" of one wrk run
    local before
    before=$(cpu_ticks)
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$BENCH_LUA_DIR/write.lua" \
        "http://127.0.0.1:$PORT" -- "$2" >"$TMP/$1.out"
    awk -v ticks=$(($(cpu_ticks) - before)) -v hz="$(getconf CLK_TCK)" '/requests in/ { n = $1 } /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /Non-2xx/ { bad = $NF }
        END { printf "%s %s %s %d %.1f\n", rps, p50, p99, bad, n ? ticks * 1000 / hz / n : 0 }' "$TMP/$1.out"
}

log "POST /terms, $ROUNDS rounds of $DURATION per side, $CONNECTIONS connections, in turns"
WARMUP=$(DURATION=3s run warmup "$BEARER")
note "warm-up with the token: $WARMUP"
: >"$TMP/basic.tsv"; : >"$TMP/token.tsv"
for ((round = 1; round <= ROUNDS; round++)); do
    run basic "$BASIC" >>"$TMP/basic.tsv"
    run token "$BEARER" >>"$TMP/token.tsv"
    note "round $round: Basic $(tail -n 1 "$TMP/basic.tsv"), token $(tail -n 1 "$TMP/token.tsv") (req/s p50 p99 non-2xx CPU-ms/write)"
done
BASIC_RPS=$(cut -d' ' -f1 "$TMP/basic.tsv" | median_of_lines)
TOKEN_RPS=$(cut -d' ' -f1 "$TMP/token.tsv" | median_of_lines)
BASIC_CPU=$(cut -d' ' -f5 "$TMP/basic.tsv" | median_of_lines)
TOKEN_CPU=$(cut -d' ' -f5 "$TMP/token.tsv" | median_of_lines)
TERMS=$(sql "SELECT count(*) FROM term WHERE name LIKE 'Bench Write %'")
BAD=$(cat "$TMP/basic.tsv" "$TMP/token.tsv" | awk '{ s += $4 } END { print s + 0 }')

awk -v basic="$BASIC_RPS" -v token="$TOKEN_RPS" -v basic_cpu="$BASIC_CPU" -v token_cpu="$TOKEN_CPU" -v terms="$TERMS" -v bad="$BAD" -v c="$CONNECTIONS" -v d="$DURATION" \
    -v rounds="$ROUNDS" -v commit="$(git -C "$REPO_DIR" rev-parse --short HEAD)" -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" -v cores="$(nproc)" \
    -v bl="$(tail -n 1 "$TMP/basic.tsv")" -v tl="$(tail -n 1 "$TMP/token.tsv")" 'BEGIN {
    split(bl, b, " "); split(tl, t, " ")
    printf "POST /terms at %s, %d rounds of %s per side, wrk -t2 -c%d, load average at the end %s, %d cores.\n\n", commit,
        rounds, d, c, loadavg, cores
    print "| sign-in | writes/s (median of rounds) | service CPU ms per write (median) | p50, last round | p99, last round |"
    print "|---|---|---|---|---|"
    printf "| HTTP Basic (bcrypt, cost 10) | %.1f | %.1f | %s | %s |\n", basic, basic_cpu, b[2], b[3]
    printf "| API token (Bearer) | %.1f | %.1f | %s | %s |\n", token, token_cpu, t[2], t[3]
    printf "\ntoken / Basic: %.1fx; %d terms written, %d non-2xx answers\n", token / basic, terms, bad }'
