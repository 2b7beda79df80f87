-- Re-renders every term's document and writes its first revision and feed entry: on a large
-- glossary this outlasts any request-sized statement_timeout (see V5).
SET LOCAL statement_timeout = 0;

-- Issue 12: every term gets an immutable public id and a revision that rises whenever its JSON
-- changes; every revision is kept (who, when, which fields, the full JSON); a change feed lists the
-- latest change of every term, deletions included, in an order no late commit can break.

-- A volatile default fills every existing row with its own value.
ALTER TABLE term ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX term_public_id_key ON term (public_id);

CREATE FUNCTION keep_public_id() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.public_id IS DISTINCT FROM OLD.public_id THEN
        RAISE EXCEPTION 'the id of term % never changes', OLD.slug USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER term_public_id_is_immutable BEFORE UPDATE OF public_id ON term
    FOR EACH ROW EXECUTE FUNCTION keep_public_id();

-- revised_in: the transaction that made the current revision, so that the several refreshes of one
-- write (the term, then its aliases, then its relations) make one revision, not one each.
ALTER TABLE term_document ADD COLUMN revision integer NOT NULL DEFAULT 1,
                          ADD COLUMN revised_in xid8;

-- V5's rendering stays the one place that knows the content fields; the Term JSON puts the id before
-- them and the revision after.
ALTER FUNCTION term_json(bigint) RENAME TO term_content_json;

-- The Term JSON up to, without, its revision and closing brace: what a revision compares.
CREATE FUNCTION term_json_fields(term_id bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (
        SELECT '{"id":"' || t.public_id::text || '",' || left(substr(term_content_json(t.id), 2), -1)
        FROM term t WHERE t.id = term_id);

-- The Term JSON of the API contract at a given revision.
CREATE FUNCTION term_json(term_id bigint, revision integer) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN term_json_fields(term_id) || ',"revision":' || revision || '}';

-- The Term JSON as served now (at the revision of its stored document).
CREATE FUNCTION term_json(term_id bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN term_json($1, coalesce((SELECT d.revision FROM term_document d WHERE d.term_id = $1), 1));

-- Which fields of the Term JSON differ between two revisions, in the JSON's order; every content
-- field for a first revision. updatedAt and revision change with every revision and are not listed.
CREATE FUNCTION changed_term_fields(previous jsonb, current jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY(
        SELECT f.field
        FROM unnest(ARRAY['slug', 'name', 'shortDefinition', 'description', 'exploreUrl', 'aliases', 'relatedTerms'])
             WITH ORDINALITY AS f (field, position)
        WHERE previous IS NULL OR previous -> f.field IS DISTINCT FROM current -> f.field
        ORDER BY f.position);

CREATE TABLE term_revision (
    term_id  bigint       NOT NULL REFERENCES term (id) ON DELETE CASCADE,
    revision integer      NOT NULL,
    at       timestamptz  NOT NULL,
    -- The editor's username (glossary.author, set by the writing transaction); null when unknown.
    author   text,
    fields   text[]       NOT NULL,
    body     bytea        NOT NULL,
    PRIMARY KEY (term_id, revision)
);

-- The feed: one row per term, its latest change (compaction), kept after the term's deletion as a
-- tombstone. seq is null until the change is published (publish_term_changes): a writer never takes
-- a position in the feed, so a writer that commits late cannot land behind a reader's cursor.
CREATE SEQUENCE term_change_seq;
CREATE TABLE term_change (
    term_id       bigint       PRIMARY KEY, -- no reference: a tombstone outlives its term
    public_id     uuid         NOT NULL,
    kind          text         NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
    slug          varchar(100) NOT NULL,
    previous_slug varchar(100),
    revision      integer      NOT NULL,
    at            timestamptz  NOT NULL,
    seq           bigint       UNIQUE,
    published_at  timestamptz,
    CHECK ((seq IS NULL) = (published_at IS NULL))
);
CREATE INDEX term_change_unpublished_idx ON term_change (term_id) WHERE seq IS NULL;
CREATE INDEX term_change_tombstone_idx ON term_change (published_at) WHERE kind = 'deleted';

-- Replaces V5's: a document whose bytes change gets a new revision (one per transaction), a
-- revision row and an unpublished feed entry; an unchanged one is left alone, revision included.
CREATE OR REPLACE FUNCTION refresh_term_documents(term_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    writer constant xid8 := pg_current_xact_id();
    author constant text := nullif(current_setting('glossary.author', true), '');
    target        record;
    fields        text;
    body          bytea;
    next_revision integer;
    previous      jsonb;
BEGIN
    FOR target IN
        SELECT t.id, t.slug, t.public_id, d.body AS stored_body, d.revision, d.revised_in
        FROM (SELECT DISTINCT id FROM unnest(term_ids) AS ids (id)) ids
        JOIN term t ON t.id = ids.id
        LEFT JOIN term_document d ON d.term_id = t.id
        ORDER BY t.id
    LOOP
        fields := term_json_fields(target.id);
        CONTINUE WHEN target.stored_body = convert_to(fields || ',"revision":' || target.revision || '}', 'UTF8');
        next_revision := CASE WHEN target.stored_body IS NULL THEN 1
                              WHEN target.revised_in = writer THEN target.revision
                              ELSE target.revision + 1 END;
        body := convert_to(fields || ',"revision":' || next_revision || '}', 'UTF8');
        INSERT INTO term_document (term_id, slug, body, etag, revision, revised_in)
        VALUES (target.id, target.slug, body, document_etag(body), next_revision, writer)
        ON CONFLICT (term_id) DO UPDATE
            SET slug = excluded.slug, body = excluded.body, etag = excluded.etag,
                revision = excluded.revision, revised_in = excluded.revised_in;

        previous := (SELECT convert_from(r.body, 'UTF8')::jsonb FROM term_revision r
                     WHERE r.term_id = target.id AND r.revision = next_revision - 1);
        INSERT INTO term_revision (term_id, revision, at, author, fields, body)
        VALUES (target.id, next_revision, now(), author,
                changed_term_fields(previous, convert_from(body, 'UTF8')::jsonb), body)
        ON CONFLICT (term_id, revision) DO UPDATE
            SET at = excluded.at, author = coalesce(excluded.author, term_revision.author),
                fields = excluded.fields, body = excluded.body;

        INSERT INTO term_change (term_id, public_id, kind, slug, previous_slug, revision, at)
        VALUES (target.id, target.public_id, CASE WHEN next_revision = 1 THEN 'created' ELSE 'updated' END,
                target.slug, nullif(previous ->> 'slug', target.slug), next_revision, now())
        ON CONFLICT (term_id) DO UPDATE
            SET kind = excluded.kind, slug = excluded.slug, previous_slug = excluded.previous_slug,
                revision = excluded.revision, at = excluded.at, seq = NULL, published_at = NULL;
    END LOOP;
END $$;

CREATE FUNCTION record_term_deletion() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE term_change
    SET kind = 'deleted', slug = OLD.slug, previous_slug = NULL, at = now(), seq = NULL, published_at = NULL
    WHERE term_id = OLD.id;
    RETURN NULL;
END $$;
CREATE TRIGGER term_change_of_deletion AFTER DELETE ON term FOR EACH ROW EXECUTE FUNCTION record_term_deletion();

-- Gives every committed, unpublished change its place in the feed, after every place given so far,
-- and drops tombstones published before tombstones_before. Publishers take turns (the advisory
-- lock, held to commit), so a later publisher starts after the earlier one committed: seq order is
-- the order in which changes become visible, and a cursor handed out is never overtaken. A change
-- still being written is invisible here (or locked, and skipped): it is published once it commits,
-- with a seq above every one handed out before. Writers never wait for this lock.
CREATE FUNCTION publish_term_changes(tombstones_before timestamptz) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    stamp timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('glossary-change-feed:' || current_schema()));
    stamp := clock_timestamp(); -- after the lock: published_at rises with seq
    UPDATE term_change c SET seq = nextval('term_change_seq'), published_at = stamp
    FROM (SELECT term_id FROM term_change WHERE seq IS NULL ORDER BY at, term_id FOR UPDATE SKIP LOCKED) unpublished
    WHERE c.term_id = unpublished.term_id;
    DELETE FROM term_change WHERE kind = 'deleted' AND published_at < tombstones_before;
END $$;

-- Back-fill: every document re-rendered at revision 1, its first revision, and a published
-- 'created' entry, in id order.
UPDATE term_document d
SET body = rendered.body, etag = document_etag(rendered.body), revision = 1, revised_in = NULL
FROM (SELECT term_id, convert_to(term_json(term_id, 1), 'UTF8') AS body FROM term_document) rendered
WHERE rendered.term_id = d.term_id;

INSERT INTO term_revision (term_id, revision, at, author, fields, body)
SELECT d.term_id, 1, t.updated_at, NULL, changed_term_fields(NULL, NULL), d.body
FROM term_document d JOIN term t ON t.id = d.term_id;

INSERT INTO term_change (term_id, public_id, kind, slug, previous_slug, revision, at, seq, published_at)
SELECT t.id, t.public_id, 'created', t.slug, NULL, 1, t.updated_at, nextval('term_change_seq'), now()
FROM (SELECT id, public_id, slug, updated_at FROM term ORDER BY id) t;

ANALYZE term_revision;
ANALYZE term_change;
