-- Name searches (name matches, and the trigram similarity of a typo search) read a narrow copy of
-- each term's name columns. A trigram index only narrows the candidates: each is rechecked against
-- its row, and in term a row is ~2 KB wide (description, short definition, full-text vector), so a
-- typo search rechecking ~2,500 candidates read ~2,500 heap pages that do not stay in shared_buffers
-- (35-65 ms). Here a row is ~100 bytes and the whole table a few MB that do stay cached.
-- PostgreSQL 15 (since 15.13) no longer skips heap pages in bitmap scans, even for all-visible pages
-- and no columns, so narrowing the heap is what makes those visits cheap.
CREATE TABLE term_name (
    id          bigint PRIMARY KEY REFERENCES term (id) ON DELETE CASCADE,
    name_words  text     NOT NULL,
    name_vector tsvector NOT NULL
);

INSERT INTO term_name (id, name_words, name_vector)
SELECT id, name_words, name_vector FROM term;

CREATE INDEX term_name_vector_gin_idx ON term_name USING gin (name_vector);
CREATE INDEX term_name_words_gin_trgm_idx ON term_name USING gin (name_words public.gin_trgm_ops);

-- Kept in step in the write's own transaction, whatever the path of the write. The generated
-- columns are computed by the time an AFTER trigger runs; deletes cascade.
CREATE FUNCTION copy_term_name() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO term_name (id, name_words, name_vector)
    VALUES (NEW.id, NEW.name_words, NEW.name_vector)
    ON CONFLICT (id) DO UPDATE
        SET name_words = excluded.name_words, name_vector = excluded.name_vector;
    RETURN NULL;
END $$;

CREATE TRIGGER term_name_copy AFTER INSERT OR UPDATE OF name ON term
    FOR EACH ROW EXECUTE FUNCTION copy_term_name();

ANALYZE term_name;
