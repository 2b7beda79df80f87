-- Rewrites every term row, which on a large glossary outlasts any request-sized statement_timeout a
-- role or database may carry; this migration's transaction runs without one (Flyway has its own
-- connection, config/MigrationConnection, free of the pool's limits).
SET LOCAL statement_timeout = 0;

-- Cursor walks by -updatedAt read (updated_at DESC, id DESC) from a given position: an index in
-- exactly that order answers it as one range scan. The old (updated_at DESC, id) matched neither
-- direction once ids break a tie, so it goes.
DROP INDEX term_updated_at_idx;
CREATE INDEX term_updated_at_id_idx ON term (updated_at DESC, id DESC);
CREATE INDEX term_initial_updated_at_idx ON term (initial, updated_at DESC, id DESC);

-- The key that signs listing cursors when glossary.listing.cursor-key is unset: made once per
-- database, so every replica sharing it accepts the others' cursors. One row at most.
CREATE TABLE listing_cursor_key (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    secret bytea   NOT NULL CHECK (octet_length(secret) = 32)
);
-- gen_random_uuid() draws from the strong random source; two of them give 244 random bits.
INSERT INTO listing_cursor_key (secret)
VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')))
ON CONFLICT DO NOTHING;

-- Search ranks name matches first. Their own vector and index find them among a common word's
-- tens of thousands of matches without visiting the rest.
ALTER TABLE term ADD COLUMN name_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('english', immutable_unaccent(name))) STORED;
CREATE INDEX term_name_vector_idx ON term USING gin (name_vector);
