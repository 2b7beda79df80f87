#!/usr/bin/env bash
# End-to-end check of bounce handling with a real MTA (docs/newsletter.md, "Bounces and complaints").
#
# A private postfix instance (its own config, queue and ports under a temporary directory; the
# system's postfix, if any, is left alone) relays the service's mails to a destination that answers
# 550 for one recipient. Postfix writes the real DSN to the VERP envelope sender, and its pipe
# transport for the bounce domain POSTs it to /mail/reports. The check passes when that subscriber
# is listed as bounced, and the other one is not.
#
# Needs root (postfix's master runs as root), PostgreSQL on 127.0.0.1:5432 (PG* variables or
# postgres/postgres), python3, curl and java 17+. Installs postfix with apt-get if missing.
# Usage: deploy/mail/postfix-bounce-check.sh   (from the repository; builds the jar unless SKIP_BUILD=1;
# BOUNCE_CHECK_JAR names another jar). PostfixBounceIT runs it in CI (.ci/run sets GLOSSARY_IT_POSTFIX).
set -euo pipefail

cd "$(dirname "$0")/../.."
REPO=$(pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
BOUNCE_DOMAIN=bounces.glossary.test
REJECTED=no-such-reader@destination.test
ACCEPTED=reader@destination.test
ADMIN=bounce-check
ADMIN_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
DATABASE=glossary_bounce_check_$$

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
log() { printf '[bounce-check] %s\n' "$*"; }

if ! command -v postfix >/dev/null; then
    log "installing postfix"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi

WORK=$(mktemp -d /tmp/postfix-bounce-check.XXXXXX)
chmod 755 "$WORK"
APP_PID= SINK_PID=
cleanup() {
    set +e
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
    postfix -c "$WORK/etc" stop >/dev/null 2>&1
    sleep 1
    dropdb --if-exists "$DATABASE" 2>/dev/null
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

SMTP_PORT=$(free_port) SINK_PORT=$(free_port) APP_PORT=$(free_port)

log "destination on 127.0.0.1:$SINK_PORT rejects $REJECTED with 550"
python3 deploy/mail/rejecting-smtp-sink.py "$SINK_PORT" "$REJECTED" "$WORK/destination.mbox" &
SINK_PID=$!

log "private postfix on 127.0.0.1:$SMTP_PORT, instance in $WORK"
mkdir -p "$WORK/etc" "$WORK/spool" "$WORK/data"
chown postfix "$WORK/data"
cat > "$WORK/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $WORK/spool
data_directory = $WORK/data
daemon_directory = $(postconf -dh daemon_directory)
shlib_directory = $(postconf -dh shlib_directory)
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.glossary.test
mydomain = glossary.test
myorigin = glossary.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
# Everything else goes to the rejecting destination; reports for the bounce domain to the service.
relayhost = [127.0.0.1]:$SINK_PORT
relay_domains = $BOUNCE_DOMAIN
transport_maps = texthash:$WORK/etc/transport
recipient_delimiter = +
smtp_host_lookup = native
disable_dns_lookups = yes
alias_maps =
alias_database =
biff = no
maillog_file_prefixes = $WORK
maillog_file = $WORK/maillog
# The check waits for the DSN: try again at once rather than after minutes.
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
CONF
echo "$BOUNCE_DOMAIN glossary-reports:" > "$WORK/etc/transport"
cat > "$WORK/etc/master.cf" <<CONF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
proxywrite unix - - n -    1 proxymap
smtp      unix  - - n -    - smtp
relay     unix  - - n -    - smtp
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
# The pipe an operator sets up (docs/newsletter.md): the raw report to POST /mail/reports.
# curl fails on a 5xx or no answer, and postfix then keeps the report for a later try.
glossary-reports unix - n n - 2 pipe flags=q user=nobody argv=/usr/bin/curl -fsS --max-time 30
  -u $ADMIN:$ADMIN_PASSWORD -H Content-Type:message/rfc822 --data-binary @-
  http://127.0.0.1:$APP_PORT/mail/reports
CONF
# Without a terminal postfix tells nothing on failure: script(1) lends it one.
script -qec "postfix -c $WORK/etc check && postfix -c $WORK/etc start" /dev/null

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building the service"
    ./mvnw -B -q package -DskipTests
fi
createdb "$DATABASE"
log "service on 127.0.0.1:$APP_PORT, database $DATABASE"
QUARKUS_HTTP_PORT=$APP_PORT \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DATABASE" \
QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD \
GLOSSARY_PUBLIC_BASE_URL=http://127.0.0.1:$APP_PORT \
GLOSSARY_ADMIN_USERNAME=$ADMIN GLOSSARY_ADMIN_PASSWORD=$ADMIN_PASSWORD \
GLOSSARY_SUBSCRIBERS_RATE_LIMIT_ENABLED=false \
GLOSSARY_MAIL_BOUNCE_DOMAIN=$BOUNCE_DOMAIN \
QUARKUS_MAILER_MOCK=false QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT=$SMTP_PORT \
QUARKUS_MAILER_FROM="AI Economy Pulse <newsletter@glossary.test>" \
    java -jar "${BOUNCE_CHECK_JAR:-target/quarkus-app/quarkus-run.jar}" > "$WORK/service.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
    sleep 1
done

for email in "$ACCEPTED" "$REJECTED"; do
    log "subscribing $email"
    curl -fsS -H 'Content-Type: application/json' -d "{\"email\": \"$email\", \"source\": \"bounce-check\"}" \
        "http://127.0.0.1:$APP_PORT/subscribers" >/dev/null
done

status_of() {
    curl -fsS -u "$ADMIN:$ADMIN_PASSWORD" "http://127.0.0.1:$APP_PORT/subscribers?size=100" |
        python3 -c 'import json, sys; print(next((s["status"] for s in json.load(sys.stdin)["items"] if s["email"] == sys.argv[1]), "absent"))' "$1"
}

log "waiting for the DSN to flow back"
for _ in $(seq 1 90); do
    [ "$(status_of "$REJECTED")" = bounced ] && break
    sleep 1
done

log "postfix log:"
grep -E 'status=|glossary-reports' "$WORK/maillog" | sed 's/^/    /' || true
log "envelope senders at the destination:"
grep '^X-Envelope-From' "$WORK/destination.mbox" | sed 's/^/    /' || true
REJECTED_STATUS=$(status_of "$REJECTED")
ACCEPTED_STATUS=$(status_of "$ACCEPTED")
log "$REJECTED is $REJECTED_STATUS; $ACCEPTED is $ACCEPTED_STATUS"
log "bounced subscribers (GET /subscribers?status=bounced):"
curl -fsS -u "$ADMIN:$ADMIN_PASSWORD" "http://127.0.0.1:$APP_PORT/subscribers?status=bounced" | sed 's/^/    /'
echo
if [ "$REJECTED_STATUS" = bounced ] && [ "$ACCEPTED_STATUS" = pending ] \
        && grep -q "^X-Envelope-From: bounces+c[0-9a-z]*\.[0-9a-z]*\.[0-9a-f]*@$BOUNCE_DOMAIN" "$WORK/destination.mbox"; then
    log "PASS: the real DSN went through the pipe to /mail/reports and marked $REJECTED bounced"
else
    log "FAIL"; tail -50 "$WORK/service.log"; exit 1
fi
