-- Every write that changes the feed tells listening instances so at commit, whatever its path (the
-- API, a restore, a neighbour's refresh, a manual UPDATE): an instance answers a poll at the end of
-- the feed from memory only while it has heard of no change since its last read (ChangeFeed).
-- One channel for every deployment sharing the database, named in full by the payload (the schema):
-- a channel name built from the schema could outgrow PostgreSQL's 63 characters and fail the write.
-- Statement-level, and PostgreSQL folds equal notifications of one transaction into one. Publishing
-- (seq, published_at) and dropping tombstones change no term, so they send nothing.
CREATE FUNCTION notify_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('glossary_change_feed', TG_TABLE_SCHEMA);
    RETURN NULL;
END $$;

CREATE TRIGGER term_change_notifies AFTER INSERT OR UPDATE OF kind, revision, slug ON term_change
    FOR EACH STATEMENT EXECUTE FUNCTION notify_change_feed();
