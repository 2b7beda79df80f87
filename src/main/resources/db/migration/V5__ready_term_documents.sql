-- Renders every term's document, which on a large glossary outlasts any request-sized statement_timeout a
-- role or database may carry; this migration's transaction runs without one (Flyway has its own
-- connection, config/MigrationConnection, free of the pool's limits).
SET LOCAL statement_timeout = 0;

-- Each term's JSON as served, with its strong ETag, kept ready so that an uncached GET /terms/{slug}
-- is one indexed read of finished bytes. Triggers on every table a document shows (the term, its
-- aliases, its relations and its related terms' slug, name and short definition) refresh the
-- documents a write touches in the write's own transaction, whatever the path of the write.

-- The Term JSON of the API contract, in the contract's field order, without insignificant space.
CREATE FUNCTION term_json(term_id bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (
        SELECT '{"slug":' || to_json(t.slug)::text
            || ',"name":' || to_json(t.name)::text
            || ',"shortDefinition":' || to_json(t.short_definition)::text
            || ',"description":' || to_json(t.description)::text
            || ',"exploreUrl":' || coalesce(to_json(t.explore_url)::text, 'null')
            || ',"aliases":[' || coalesce((
                   SELECT string_agg(to_json(a.slug)::text, ',' ORDER BY a.slug)
                   FROM term_alias a WHERE a.term_id = t.id), '') || ']'
            || ',"relatedTerms":[' || coalesce((
                   SELECT string_agg('{"slug":' || to_json(o.slug)::text
                                         || ',"name":' || to_json(o.name)::text
                                         || ',"shortDefinition":' || to_json(o.short_definition)::text || '}',
                                     ',' ORDER BY lower(o.name), o.slug)
                   FROM term_relation r
                   JOIN term o ON o.id = CASE WHEN r.term_low_id = t.id THEN r.term_high_id ELSE r.term_low_id END
                   WHERE r.term_low_id = t.id OR r.term_high_id = t.id), '') || ']'
            || ',"createdAt":"' || to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '"'
            || ',"updatedAt":"' || to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '"}'
        FROM term t WHERE t.id = term_id);

-- A strong validator of the bytes: the first 18 bytes of their SHA-256, base64url, quoted.
CREATE FUNCTION document_etag(body bytea) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN '"' || translate(encode(substring(sha256(body) FROM 1 FOR 18), 'base64'), '+/', '-_') || '"';

CREATE TABLE term_document (
    term_id bigint PRIMARY KEY REFERENCES term (id) ON DELETE CASCADE,
    slug    varchar(100) NOT NULL,
    body    bytea        NOT NULL,
    etag    text         NOT NULL
);
-- Not unique: term.slug already is, and a rename must not trip over a document refreshed a row later.
CREATE INDEX term_document_slug_idx ON term_document (slug);

CREATE FUNCTION refresh_term_documents(term_ids bigint[]) RETURNS void
    LANGUAGE sql
    BEGIN ATOMIC
        INSERT INTO term_document (term_id, slug, body, etag)
        SELECT t.id, t.slug, rendered.body, document_etag(rendered.body)
        FROM (SELECT DISTINCT id FROM unnest(term_ids) AS ids (id)) ids
        JOIN term t ON t.id = ids.id
        CROSS JOIN LATERAL (SELECT convert_to(term_json(t.id), 'UTF8') AS body) rendered
        ON CONFLICT (term_id) DO UPDATE
            SET slug = excluded.slug, body = excluded.body, etag = excluded.etag
            WHERE (term_document.slug, term_document.etag) IS DISTINCT FROM (excluded.slug, excluded.etag);
    END;

CREATE FUNCTION related_term_ids(term_id bigint) RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN ARRAY(SELECT CASE WHEN r.term_low_id = term_id THEN r.term_high_id ELSE r.term_low_id END
                 FROM term_relation r WHERE r.term_low_id = term_id OR r.term_high_id = term_id);

-- A term's own document, and its neighbours' when what their related lists show of it changed.
CREATE FUNCTION refresh_documents_of_term() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_term_documents(ARRAY[NEW.id]);
    IF TG_OP = 'UPDATE' AND (NEW.slug, NEW.name, NEW.short_definition)
            IS DISTINCT FROM (OLD.slug, OLD.name, OLD.short_definition) THEN
        PERFORM refresh_term_documents(related_term_ids(NEW.id));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refresh_documents_of_alias() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM refresh_term_documents(ARRAY[OLD.term_id]);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM refresh_term_documents(ARRAY[NEW.term_id]);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refresh_documents_of_relation() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- A relation removed by a term's deletion refreshes the survivor; the deleted one matches no row.
    IF TG_OP = 'DELETE' THEN
        PERFORM refresh_term_documents(ARRAY[OLD.term_low_id, OLD.term_high_id]);
    ELSE
        PERFORM refresh_term_documents(ARRAY[NEW.term_low_id, NEW.term_high_id]);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER term_document_of_term
    AFTER INSERT OR UPDATE OF slug, name, short_definition, description, explore_url, created_at, updated_at
    ON term FOR EACH ROW EXECUTE FUNCTION refresh_documents_of_term();
CREATE TRIGGER term_document_of_alias
    AFTER INSERT OR UPDATE OR DELETE ON term_alias FOR EACH ROW EXECUTE FUNCTION refresh_documents_of_alias();
CREATE TRIGGER term_document_of_relation
    AFTER INSERT OR DELETE ON term_relation FOR EACH ROW EXECUTE FUNCTION refresh_documents_of_relation();

SELECT refresh_term_documents(ARRAY(SELECT id FROM term));
