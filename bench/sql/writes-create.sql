-- pgbench: an editor's new term related to two existing ones, as the service writes it (the term,
-- then its relations, in one transaction, with the author every API write sets): the term's
-- document is rendered, and both neighbours' documents too, since their related lists change.
\set a random(1, :terms)
\set b random(1, :terms)
\set n random(1, 1000000000000)
BEGIN;
SELECT set_config('glossary.author', 'bench', true);
INSERT INTO term (slug, name, short_definition, description, created_at, updated_at)
VALUES ('write-' || :client_id || '-' || :n, 'Write ' || :client_id || ' ' || :n,
        'A term written by the write benchmark.', 'Written by bench/writes.sh.', now(), now())
RETURNING id AS new_id \gset
INSERT INTO term_relation (term_low_id, term_high_id)
SELECT least(:new_id, t.id), greatest(:new_id, t.id) FROM term t WHERE t.id IN (:a, :b) ON CONFLICT DO NOTHING;
-- The cache NOTIFY every API write sends (TermRepository.notifyChange), slugs in the payload.
SELECT pg_notify('glossary_term_changes', '["write-' || :client_id || '-' || :n || '"]');
COMMIT;
