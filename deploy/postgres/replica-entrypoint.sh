#!/bin/bash
# The read replica of the "scaled" profile: a hot standby streaming from the primary. Its first
# start copies the primary with pg_basebackup (which also writes standby.signal and
# primary_conninfo); every start then hands over to the image's own entrypoint, which finds the data
# directory initialised and skips initdb. PGPASSWORD is the replication role's password, for the
# copy and for streaming.
set -Eeuo pipefail
: "${GLOSSARY_PRIMARY_HOST:?}" "${GLOSSARY_REPLICATION_USER:?}" "${PGPASSWORD:?}"
slot=${GLOSSARY_REPLICATION_SLOT:-glossary_replica}

# A physical slot makes the primary keep the WAL this replica has not received yet (up to the
# primary's max_slot_wal_keep_size), so a replica stopped for a while catches up instead of needing
# a new copy. It is created with the copy, unless an earlier attempt already created it.
slot_exists() {
    local count
    count=$(psql --host="$GLOSSARY_PRIMARY_HOST" --username="$GLOSSARY_REPLICATION_USER" \
        --dbname=postgres --no-align --tuples-only 2>/dev/null \
        --command="SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$slot'") || return 1
    [[ $count == 1 ]]
}

copy_primary() {
    local create=(--create-slot)
    slot_exists && create=()
    gosu postgres pg_basebackup --host="$GLOSSARY_PRIMARY_HOST" \
        --username="$GLOSSARY_REPLICATION_USER" --pgdata="$PGDATA" --wal-method=stream \
        --checkpoint=fast --write-recovery-conf --slot="$slot" "${create[@]}"
}

if [[ ! -s $PGDATA/PG_VERSION ]]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    until copy_primary; do
        echo "replica: copying the primary failed; retrying in 5 s. If the role or pg_hba.conf" \
            "refuses replication, the primary volume predates deploy/postgres/primary-init.sh." >&2
        find "$PGDATA" -mindepth 1 -delete
        sleep 5
    done
fi

exec docker-entrypoint.sh "$@"
