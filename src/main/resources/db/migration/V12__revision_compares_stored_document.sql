-- V9's refresh read the previous revision back from term_revision (a toasted body) to tell which
-- fields changed. The stored document the loop already holds is that revision, except when this
-- same transaction made the current revision: only then is the one before it read. That saves a
-- read of a toasted body per changed document; what it stores is unchanged.
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
        IF target.stored_body IS NULL THEN
            next_revision := 1;
            previous := NULL;
        ELSIF target.revised_in = writer THEN
            next_revision := target.revision;
            previous := (SELECT convert_from(r.body, 'UTF8')::jsonb FROM term_revision r
                         WHERE r.term_id = target.id AND r.revision = next_revision - 1);
        ELSE
            next_revision := target.revision + 1;
            previous := convert_from(target.stored_body, 'UTF8')::jsonb;
        END IF;
        body := convert_to(fields || ',"revision":' || next_revision || '}', 'UTF8');
        INSERT INTO term_document (term_id, slug, body, etag, revision, revised_in)
        VALUES (target.id, target.slug, body, document_etag(body), next_revision, writer)
        ON CONFLICT (term_id) DO UPDATE
            SET slug = excluded.slug, body = excluded.body, etag = excluded.etag,
                revision = excluded.revision, revised_in = excluded.revised_in;

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
