#!/bin/bash
# Builds the image and runs both profiles of docker-compose.yml end to end, then probes them and
# prints what it measured (docs/deployment.md, "Checking a deployment"). It is a heavy check (a cold
# run takes 10-20 minutes: Debian root file systems, the Maven build inside the image), run by hand
# and reported, not a CI step.
#
#   deploy/check.sh [--keep] [--cold]    as root, from anywhere in the repository
#     --keep  leave the stack running at the end
#     --cold  remove glossary:local and the engine's build cache first (Maven's downloads included),
#             so the image build is timed from nothing, as on a new machine
#
# What it needs and installs when missing (Debian's packages only, no container registry):
# - docker.io (the engine; dockerd is started in the background when none answers, and stopped at
#   the end if this script started it), debootstrap, wrk, curl, jq;
# - Docker Compose v2: bookworm's docker-compose is v1 (Python), which cannot build the image, so
#   when `docker compose` is missing the docker-compose package of Debian trixie (2.26, one static
#   binary installed as the `docker compose` plugin) is fetched with apt from an extra list kept in
#   $GLOSSARY_CHECK_CACHE (the machine's own apt sources are left alone) and installed with dpkg;
# - the base images: each one that is neither present nor pullable is replaced by a stand-in built
#   from Debian under the official name (deploy/standins/build.sh), so the Dockerfile and the
#   compose file run unchanged.
#
# Default profile: every container healthy, /q/health/ready UP, a seed term 200, a subscription
# confirmed through the mail catcher's API, and the service brought back by its restart policy after
# a crash (its process killed from the host). Profile "scaled": the replica streaming
# (pg_stat_replication), nginx spreading requests over both instances (their own request counters),
# and one instance killed with `docker kill` under load (wrk) with 0 failed requests and p99 at most
# $CHECK_P99_MAX_MS. Everything is taken down (`compose down -v`) at the end unless --keep.
#
# It runs as its own compose project ($COMPOSE_PROJECT_NAME, default glossary-check), so it never
# takes down a stack started with a plain `docker compose up`; it does need the same host ports
# (8080, 8000, 8025) and the lb subnet free.
set -Eeuo pipefail

KEEP=0
COLD=0
for arg in "$@"; do
    case $arg in
        --keep) KEEP=1 ;;
        --cold) COLD=1 ;;
        -h | --help) sed -n '2,33p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-glossary-check}
export GLOSSARY_CHECK_CACHE=${GLOSSARY_CHECK_CACHE:-/var/cache/glossary-check}
LOGS=${CHECK_LOG_DIR:-$ROOT/target/deploy-check}
P99_MAX_MS=${CHECK_P99_MAX_MS:-500}
LOAD_SECONDS=${CHECK_LOAD_SECONDS:-30}
API=http://127.0.0.1:8080
LB=http://127.0.0.1:8000
MAIL=http://127.0.0.1:8025
SEED_SLUG=transfer-learning
mkdir -p "$LOGS" "$GLOSSARY_CHECK_CACHE"
STARTED=$(date +%s)

RESULTS=()
FAILED=0
section() { printf '\n== %s\n' "$*"; }
info() { printf '   %s\n' "$*"; }
# probe OK|FAIL NAME FIGURES: one line of the final summary.
probe() {
    local line
    line=$(printf '%-4s %-34s %s' "$1" "$2" "$3")
    [[ $1 == OK ]] || FAILED=$((FAILED + 1))
    RESULTS+=("$line")
    printf '%s\n' "$line"
}
die() { printf 'check.sh: %s\n' "$*" >&2; exit 1; }
compose() { docker compose "$@"; }
scaled() { docker compose --profile scaled "$@"; }

# ------------------------------------------------------------------------------------ tools
APT_UPDATED=0
apt_install() {
    [[ $(id -u) == 0 ]] || die "missing $*; run as root to install them"
    if [[ $APT_UPDATED == 0 ]]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$LOGS/apt.log" 2>&1 \
        || { tail -20 "$LOGS/apt.log" >&2; die "apt-get install $* failed"; }
}

install_compose_v2() {
    local suite=${GLOSSARY_COMPOSE_SUITE:-trixie}
    local dir="$GLOSSARY_CHECK_CACHE/apt-$suite" opts deb
    mkdir -p "$dir/lists/partial" "$dir/archives/partial"
    echo "deb ${GLOSSARY_DEBIAN_MIRROR:-http://deb.debian.org/debian} $suite main" >"$dir/sources.list"
    opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache::Archives=$dir/archives"
        -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
    apt-get "${opts[@]}" update -qq
    (cd "$dir" && apt-get -qq "${opts[@]}" download docker-compose 2>/dev/null)
    deb=$(find "$dir" -maxdepth 1 -name 'docker-compose_2*.deb' | sort -V | tail -1)
    [[ -n $deb ]] || die "no docker-compose v2 package in Debian $suite"
    dpkg -i "$deb" >"$LOGS/dpkg-compose.log" 2>&1 || die "dpkg -i $deb failed ($LOGS/dpkg-compose.log)"
}

STARTED_DOCKERD=0
tools() {
    section "Tools"
    local missing=()
    command -v dockerd >/dev/null || missing+=(docker.io)
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v curl >/dev/null || missing+=(curl)
    command -v jq >/dev/null || missing+=(jq)
    if ((${#missing[@]})); then
        info "installing ${missing[*]} (apt-get)"
        apt_install "${missing[@]}"
    fi
    if ! docker info >/dev/null 2>&1; then
        info "starting dockerd (log $LOGS/dockerd.log)"
        dockerd >"$LOGS/dockerd.log" 2>&1 &
        echo $! >"$LOGS/dockerd.pid"
        STARTED_DOCKERD=1
        for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
        docker info >/dev/null 2>&1 || die "dockerd did not start ($LOGS/dockerd.log)"
    fi
    if ! docker compose version >/dev/null 2>&1; then
        info "installing Docker Compose v2 (Debian ${GLOSSARY_COMPOSE_SUITE:-trixie}'s docker-compose)"
        install_compose_v2
    fi
    info "engine $(docker version -f '{{.Server.Version}}'), client $(docker version -f '{{.Client.Version}}')," \
        "$(docker compose version), wrk $(wrk -v 2>&1 | awk 'NR==1{print $2}')"
}

# ------------------------------------------------------------------------------------ images
images() {
    section "Base images"
    local names
    # The compose file's images (but the one it builds) and the Dockerfile's FROM images (but its
    # own stages).
    mapfile -t names < <({
        scaled config --images | grep -vx 'glossary:local'
        awk 'toupper($1) == "FROM" { print $2 }' Dockerfile
    } | grep -v -x -F "$(awk 'toupper($1) == "FROM" && toupper($3) == "AS" { print $4 }' Dockerfile)" | sort -u)
    local t0 n kind standins=0
    t0=$(date +%s)
    if ! deploy/standins/build.sh "${names[@]}"; then
        probe FAIL "base images" "deploy/standins/build.sh failed"
        return 1
    fi
    for n in "${names[@]}"; do
        kind=$(docker image inspect -f '{{index .Config.Labels "org.glossary.standin"}}' "$n")
        [[ -n $kind ]] && standins=$((standins + 1))
        info "$(printf '%-24s %-32s %s MB' "$n" "${kind:+stand-in (deploy/standins/$kind)}" \
            "$(($(docker image inspect -f '{{.Size}}' "$n") / 1000000))")"
    done
    probe OK "base images" "${#names[@]} ready in $(($(date +%s) - t0)) s, $standins of them stand-ins"
}

# ------------------------------------------------------------------------------------ build
build() {
    section "Image build (docker compose build: the root Dockerfile)"
    local t0 t1 size aot
    if [[ $COLD == 1 ]]; then
        info "--cold: removing glossary:local and the build cache"
        docker image rm -f glossary:local >/dev/null 2>&1 || true
        docker builder prune -af >/dev/null 2>&1 || info "docker builder prune failed: the build may not be cold"
    fi
    t0=$(date +%s)
    if ! compose build glossary >"$LOGS/build.log" 2>&1; then
        tail -40 "$LOGS/build.log" >&2
        probe FAIL "image build" "see $LOGS/build.log"
        return 1
    fi
    t1=$(date +%s)
    size=$(($(docker image inspect -f '{{.Size}}' glossary:local) / 1000000))
    aot=$(docker run --rm --entrypoint stat glossary:local -c %s /deployments/app.aot 2>/dev/null || echo 0)
    probe OK "image build" "$((t1 - t0)) s; glossary:local $size MB, AOT cache $((aot / 1000000)) MB"
}

# ------------------------------------------------------------------------------------ probes
# Containers of the project: name, state, health, restarts. OK when all run and every health
# check passes.
containers_healthy() {
    local name=$1 bad=0 line n=0
    while read -r line; do
        n=$((n + 1))
        info "$line"
        [[ $line == *" running "* ]] || bad=1
        [[ $line == *" unhealthy "* || $line == *" starting "* ]] && bad=1
    done < <(docker ps -a --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" -q \
        | xargs docker inspect -f '{{printf "%-40s" (slice .Name 1)}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}} restarts={{.RestartCount}}' \
        | sort)
    if [[ $bad == 0 ]]; then probe OK "$name" "$n containers running, every health check healthy"
    else probe FAIL "$name" "see the list above"; fi
}

# http GET|POST URL [curl args]: prints the status; the body is in $LOGS/body.
http() {
    local method=$1 url=$2
    shift 2
    curl -s -o "$LOGS/body" -w '%{http_code}' -X "$method" --max-time 10 "$@" "$url" || echo 000
}

# Starts a profile and waits until every container is healthy (or the timeout), as a probe.
up_and_wait() { # name timeout_s compose_function
    local name=$1 timeout=$2 run=$3 t0
    t0=$(date +%s)
    if ! "$run" up -d --no-build --wait --wait-timeout "$timeout" >"$LOGS/up-$name.log" 2>&1; then
        tail -20 "$LOGS/up-$name.log" >&2
        probe FAIL "$name up" "see $LOGS/up-$name.log"
    else
        probe OK "$name up (--wait)" "$(($(date +%s) - t0)) s until every container ran healthy"
    fi
}

default_profile() {
    section "Default profile: docker compose up"
    up_and_wait default 300 compose
    containers_healthy "default containers"

    local code status
    code=$(http GET "$API/q/health/ready")
    status=$(jq -r '.status' "$LOGS/body" 2>/dev/null || true)
    if [[ $code == 200 && $status == UP ]]; then probe OK "/q/health/ready" "$code $status"
    else probe FAIL "/q/health/ready" "$code $status"; fi

    code=$(http GET "$API/terms/$SEED_SLUG")
    local name
    name=$(jq -r '.name' "$LOGS/body" 2>/dev/null || true)
    if [[ $code == 200 ]]; then probe OK "seed term /terms/$SEED_SLUG" "$code \"$name\""
    else probe FAIL "seed term /terms/$SEED_SLUG" "$code"; fi

    subscribe_confirm
    startup_warnings
    crash_restart
}

# Not a probe: what the service logged at WARN or above during its start (issue 25 saw two on every
# start), for the report.
startup_warnings() {
    local log n
    log=$(docker logs "$(compose ps -q glossary)" 2>&1)
    n=$(grep -c -E '"level":"(WARN|ERROR)"|^[0-9:. -]+ (WARN|ERROR) ' <<<"$log" || true)
    info "the service's log at WARN/ERROR so far: $n line(s)"
    grep -o -E '"message":"[^"]{0,100}' <<<"$(grep -E '"level":"(WARN|ERROR)"' <<<"$log")" \
        | sed 's/"message":"/     /' | sort | uniq -c | head -5 || true
}

# The service's process killed from the host, as a crash would (not `docker kill`, which Docker takes
# as a manual stop, one that `restart: unless-stopped` leaves stopped).
crash_restart() {
    local c t0 pid health restarts waited=""
    c=$(compose ps -q glossary)
    pid=$(docker inspect -f '{{.State.Pid}}' "$c")
    t0=$(date +%s%N)
    kill -9 "$pid"
    for _ in $(seq 240); do
        sleep 0.5
        read -r health restarts < <(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}} {{.RestartCount}}' "$c")
        if [[ $health == healthy && $restarts -ge 1 ]]; then
            waited=$(( ($(date +%s%N) - t0) / 1000000 ))
            break
        fi
    done
    if [[ -n $waited ]]; then
        probe OK "crash, restart policy" "java (pid $pid) killed -9: restarted ($restarts) and healthy again in $waited ms"
    else
        probe FAIL "crash, restart policy" "not healthy again within 120 s (health ${health:-?}, restarts ${restarts:-?})"
    fi
}

subscribe_confirm() {
    local email t0 code id="" waited text token link
    email="check-$(date +%s)-$RANDOM@example.com"
    t0=$(date +%s%N)
    code=$(http POST "$API/subscribers" -H 'Content-Type: application/json' \
        -d "{\"email\": \"$email\", \"source\": \"deploy-check\"}")
    [[ $code == 202 ]] || { probe FAIL "subscribe" "POST /subscribers $code"; return; }
    for _ in $(seq 120); do
        id=$(curl -s --max-time 5 "$MAIL/api/v1/messages" \
            | jq -r --arg to "$email" '[.messages[] | select(any(.To[]; .Address == $to))][0].ID // empty')
        [[ -n $id ]] && break
        sleep 0.5
    done
    [[ -n $id ]] || { probe FAIL "confirmation mail" "none for $email in the mail catcher after 60 s"; return; }
    waited=$(( ($(date +%s%N) - t0) / 1000000 ))
    text=$(curl -s "$MAIL/api/v1/message/$id" | jq -r '.Text + "\n" + .HTML')
    link=$(grep -o -m1 'http[^" <>]*/subscribers/confirm?token=[A-Za-z0-9._~%-]*' <<<"$text" || true)
    [[ -n $link ]] || { probe FAIL "confirmation mail" "no confirm link in message $id"; return; }
    probe OK "confirmation mail" "in the mail catcher $waited ms after POST /subscribers 202"
    token=${link##*token=}
    code=$(http GET "$link")
    local page=$code
    code=$(http POST "$API/subscribers/confirm" -H 'Content-Type: application/json' -d "{\"token\": \"$token\"}")
    local confirmed
    confirmed=$(jq -r '.status' "$LOGS/body" 2>/dev/null || true)
    code=$(http GET "$API/subscribers?status=confirmed" -u admin:change-me-now)
    local listed
    listed=$(jq -r --arg e "$email" '[(.items // .content // .)[]? | select(.email == $e) | .status][0] // "absent"' \
        "$LOGS/body" 2>/dev/null || echo "unreadable")
    if [[ $page == 200 && $confirmed == confirmed && $listed == confirmed ]]; then
        probe OK "confirm link" "GET link $page, POST confirm \"$confirmed\", admin list: $listed"
    else
        probe FAIL "confirm link" "GET link $page, POST confirm \"$confirmed\", admin list ($code): $listed"
    fi
}

# Requests to GET /terms/{slug} an instance has answered (its own Micrometer counter).
term_requests() {
    curl -s --max-time 5 "http://$1:8080/q/metrics" \
        | awk '/^http_server_requests_seconds_count\{/ && /uri="\/terms\/\{slug\}"/ { n += $NF } END { printf "%d\n", n }'
}

# wrk's latency figure ("12.34ms", "1.02s", "870.00us") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN { u = v; sub(/^[0-9.]+/, "", u); n = v + 0
        printf "%.1f\n", (u == "us" ? n / 1000 : u == "s" ? n * 1000 : u == "m" ? n * 60000 : n) }'
}

scaled_profile() {
    section "Profile scaled: docker compose --profile scaled up"
    up_and_wait scaled 420 scaled
    containers_healthy "scaled containers"

    local repl recovery
    repl=$(scaled exec -T postgres psql -U glossary -d glossary -At -F ' ' -c \
        "SELECT application_name, state, sync_state, 'replay behind by',
                pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 'bytes'
         FROM pg_stat_replication" 2>&1 || true)
    recovery=$(scaled exec -T postgres-replica psql -U glossary -d glossary -Atc "SELECT pg_is_in_recovery()" 2>&1 || true)
    if grep -q ' streaming ' <<<"$repl" && [[ $recovery == t ]]; then
        probe OK "replica streaming" "pg_stat_replication on the primary: $(head -1 <<<"$repl"); replica in recovery"
    else
        probe FAIL "replica streaming" "pg_stat_replication: ${repl:-no row}"
    fi

    # nginx spreads: 40 requests through it, counted by each instance (their fixed lb addresses).
    local a0 b0 a1 b1 fails=0
    a0=$(term_requests 10.214.14.11)
    b0=$(term_requests 10.214.14.12)
    for _ in $(seq 40); do
        [[ $(http GET "$LB/terms/$SEED_SLUG") == 200 ]] || fails=$((fails + 1))
    done
    a1=$(term_requests 10.214.14.11)
    b1=$(term_requests 10.214.14.12)
    local da=$((a1 - a0)) db=$((b1 - b0))
    if ((fails == 0 && da > 0 && db > 0 && da + db == 40)); then
        probe OK "nginx spreads" "40 of 40 requests 200: glossary-1 answered $da, glossary-2 $db"
    else
        probe FAIL "nginx spreads" "$((40 - fails)) of 40 requests 200: glossary-1 answered $da, glossary-2 $db"
    fi

    kill_under_load
}

kill_under_load() {
    local victim out requests non2xx socket p50 p99 max p99ms failures state
    victim=$(scaled ps -q glossary-2)
    out="$LOGS/wrk-kill.txt"
    wrk -t2 -c8 -d"${LOAD_SECONDS}s" --timeout 5s --latency "$LB/terms/$SEED_SLUG" >"$out" 2>&1 &
    local wrk_pid=$!
    sleep $((LOAD_SECONDS / 3))
    docker kill "$victim" >/dev/null
    local killed_at=$((LOAD_SECONDS / 3))
    wait "$wrk_pid" || true
    requests=$(awk '/requests in/ { print $1 }' "$out")
    non2xx=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")
    socket=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    max=$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$out")
    p99ms=$(to_ms "${p99:-0}")
    failures=$((${non2xx:-0} + ${socket:-0}))
    state=$(docker inspect -f '{{.State.Status}}, restarts={{.RestartCount}}' "$victim")
    info "wrk -t2 -c8 -d${LOAD_SECONDS}s through nginx; glossary-2 killed (docker kill) at ${killed_at} s; afterwards it is $state"
    if [[ -n $requests ]] && ((failures == 0)) && awk -v p="$p99ms" -v m="$P99_MAX_MS" 'BEGIN { exit !(p <= m) }'; then
        probe OK "instance killed under load" "$requests requests, $failures failed, p50 $p50, p99 $p99 (≤ $P99_MAX_MS ms), max $max"
    else
        probe FAIL "instance killed under load" "${requests:-?} requests, $failures failed (non-2xx ${non2xx:-0}, socket ${socket:-0}), p50 $p50, p99 $p99 (limit $P99_MAX_MS ms); $out"
    fi
}

# ------------------------------------------------------------------------------------ main
teardown() {
    if [[ $KEEP == 1 ]]; then
        printf '\n--keep: the stack stays up (%s); take it down with: COMPOSE_PROJECT_NAME=%s docker compose --profile scaled down -v\n' \
            "$COMPOSE_PROJECT_NAME" "$COMPOSE_PROJECT_NAME"
        return
    fi
    scaled down -v --remove-orphans >"$LOGS/down.log" 2>&1 || true
    if [[ $STARTED_DOCKERD == 1 ]]; then
        kill "$(cat "$LOGS/dockerd.pid")" 2>/dev/null || true
    fi
}

summary() {
    local status=$?
    set +e
    if docker info >/dev/null 2>&1 && [[ -n $(docker ps -aq --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME") ]]; then
        scaled logs --no-color >"$LOGS/compose.log" 2>&1
    fi
    teardown
    section "Summary ($(($(date +%s) - STARTED)) s in all; logs in $LOGS)"
    printf '%s\n' "${RESULTS[@]}"
    local ok=$((${#RESULTS[@]} - FAILED))
    printf '%d passed, %d failed\n' "$ok" "$FAILED"
    [[ $status == 0 && $FAILED == 0 ]] || exit 1
}
trap summary EXIT

tools
images
scaled down -v --remove-orphans >/dev/null 2>&1 || true
build
default_profile
scaled_profile
