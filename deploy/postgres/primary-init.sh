#!/bin/bash
# Runs once, when the primary's data volume is first initialised (the official postgres image runs
# /docker-entrypoint-initdb.d/*.sh): the role the read replica of the "scaled" profile streams WAL
# as. Without that profile the role stays unused. A volume initialised before this script existed
# lacks the role: `docker compose down -v` starts over (and deletes the data).
set -e
: "${GLOSSARY_REPLICATION_USER:?}" "${GLOSSARY_REPLICATION_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v role="$GLOSSARY_REPLICATION_USER" -v password="$GLOSSARY_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE :"role" WITH REPLICATION LOGIN PASSWORD :'password';
SQL

# The image's pg_hba.conf admits every database by password, but "all" does not cover replication
# connections, which need their own line. Read when the server starts for real, after this script.
echo "host replication $GLOSSARY_REPLICATION_USER all scram-sha-256" >>"$PGDATA/pg_hba.conf"
