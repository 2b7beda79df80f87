-- Extensions live in public so that several schemas (dev, test, prod) of one database share them.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- unaccent() is only STABLE; generated columns and indexes need an IMMUTABLE wrapper
-- pinned to one dictionary.
CREATE FUNCTION immutable_unaccent(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, value);

-- Lower case, accents folded, every run of other characters one space, with a leading space,
-- so that "starts with" and "has a word starting with" are both a LIKE on one column.
CREATE FUNCTION name_words(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN ' ' || trim(regexp_replace(lower(immutable_unaccent(name)), '[^a-z0-9]+', ' ', 'g'));

CREATE TABLE term (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug             varchar(100)  NOT NULL,
    name             varchar(200)  NOT NULL,
    short_definition varchar(300)  NOT NULL,
    description      varchar(20000) NOT NULL DEFAULT '',
    explore_url      varchar(2048),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    version          bigint        NOT NULL DEFAULT 0,
    name_words       text GENERATED ALWAYS AS (name_words(name)) STORED,
    initial          char(1) GENERATED ALWAYS AS (
                         CASE WHEN upper(left(immutable_unaccent(name), 1)) ~ '^[A-Z]$'
                              THEN upper(left(immutable_unaccent(name), 1)) ELSE '#' END) STORED,
    search_vector    tsvector GENERATED ALWAYS AS (
                         setweight(to_tsvector('english', immutable_unaccent(name)), 'A') ||
                         setweight(to_tsvector('english', immutable_unaccent(short_definition)), 'B') ||
                         setweight(to_tsvector('english', immutable_unaccent(description)), 'C')) STORED,
    CONSTRAINT term_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT term_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT term_short_definition_length CHECK (char_length(btrim(short_definition)) BETWEEN 1 AND 300),
    CONSTRAINT term_explore_url_scheme CHECK (explore_url IS NULL OR explore_url ~* '^https?://')
);
CREATE UNIQUE INDEX term_slug_key ON term (slug);
CREATE UNIQUE INDEX term_name_key ON term (lower(name));
CREATE INDEX term_initial_name_idx ON term (initial, lower(name));
CREATE INDEX term_updated_at_idx ON term (updated_at DESC, id);
CREATE INDEX term_search_vector_idx ON term USING gin (search_vector);
CREATE INDEX term_name_words_trgm_idx ON term USING gin (name_words public.gin_trgm_ops);
CREATE INDEX term_name_words_prefix_idx ON term (name_words text_pattern_ops);

-- Old and alternative slugs of a term; GET on one answers 301 to the canonical slug.
CREATE TABLE term_alias (
    slug    varchar(100) PRIMARY KEY,
    term_id bigint NOT NULL REFERENCES term (id) ON DELETE CASCADE,
    CONSTRAINT term_alias_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
CREATE INDEX term_alias_term_idx ON term_alias (term_id);

-- A slug is unique across canonical slugs and aliases. The advisory lock serialises writers of
-- the same slug, so two concurrent transactions cannot both pass the check.
CREATE FUNCTION ensure_slug_is_free() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('glossary-slug:' || NEW.slug));
    IF TG_TABLE_NAME = 'term' THEN
        IF EXISTS (SELECT 1 FROM term_alias WHERE slug = NEW.slug) THEN
            RAISE EXCEPTION 'slug % is already an alias', NEW.slug
                USING ERRCODE = 'unique_violation', CONSTRAINT = 'slug_unique_across_aliases';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM term WHERE slug = NEW.slug) THEN
        RAISE EXCEPTION 'slug % is already a term', NEW.slug
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'slug_unique_across_aliases';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER term_slug_is_free BEFORE INSERT OR UPDATE OF slug ON term
    FOR EACH ROW EXECUTE FUNCTION ensure_slug_is_free();
CREATE TRIGGER term_alias_slug_is_free BEFORE INSERT OR UPDATE OF slug ON term_alias
    FOR EACH ROW EXECUTE FUNCTION ensure_slug_is_free();

-- A relation is stored once, as the ordered pair (lower id, higher id): symmetric by construction,
-- and the strict order makes a self-relation impossible.
CREATE TABLE term_relation (
    term_low_id  bigint NOT NULL REFERENCES term (id) ON DELETE CASCADE,
    term_high_id bigint NOT NULL REFERENCES term (id) ON DELETE CASCADE,
    PRIMARY KEY (term_low_id, term_high_id),
    CONSTRAINT term_relation_ordered CHECK (term_low_id < term_high_id)
);
CREATE INDEX term_relation_high_idx ON term_relation (term_high_id, term_low_id);

CREATE TABLE app_user (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      varchar(100) NOT NULL UNIQUE,
    password_hash varchar(100) NOT NULL,
    roles         varchar(100) NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
