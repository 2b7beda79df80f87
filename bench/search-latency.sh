#!/usr/bin/env bash
# Cold search latency, one client: ~300 distinct GET /terms?q= (bench/sql/inputs.sql's 270 queries
# of one word, two words and typos, plus the data's 30 most common words), each sent once to a
# service that has not seen them, so no answer comes from its cache. Prints p50, p95 and max in ms.
#
#   bench/search-latency.sh [base-url]      default http://127.0.0.1:8080
#
# The PG* environment variables must reach the service's database with its schema on the
# search_path (e.g. PGDATABASE=bench PGOPTIONS="-c search_path=glossary,public"). Restart the
# service before a second run: a repeated query is answered from memory.
set -euo pipefail
BASE_URL=${1:-http://127.0.0.1:8080}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

psql -X -At -v kind=queries -v count=270 -f "$BENCH_DIR/sql/inputs.sql" >"$TMP/paths.txt"
psql -X -Atc "SELECT '/terms?q=' || word FROM ts_stat('SELECT search_vector FROM term')
              ORDER BY ndoc DESC, word LIMIT 30" >>"$TMP/paths.txt"
sort -u "$TMP/paths.txt" >"$TMP/unique.txt"

# Warm the JVM up on listings (not searches), so that the figures are not the JIT's.
for page in $(seq 1 100); do curl -s -o /dev/null "$BASE_URL/terms?page=$((page % 50))&size=$((page % 7 + 1))"; done

while read -r path; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE_URL$path"
done <"$TMP/unique.txt" >"$TMP/times.txt"

awk '$1 != 200 { bad++ } { print $2 * 1000 }
     END { if (bad) printf "%d answers were not 200\n", bad > "/dev/stderr" }' "$TMP/times.txt" \
    | sort -n | awk '{ v[NR] = $1 }
        END { printf "queries %d  p50 %.1f ms  p95 %.1f ms  max %.1f ms\n",
                     NR, v[int(NR * 0.50 + 0.5)], v[int(NR * 0.95 + 0.5)], v[NR] }'
