-- pgbench: an editor's change of a term's short definition: its document is rendered again, and
-- its neighbours' too, since their related lists show the short definition.
\set id random(1, :terms)
\set n random(1, 1000000000000)
BEGIN;
SELECT set_config('glossary.author', 'bench', true);
UPDATE term SET short_definition = 'Changed by the write benchmark, ' || :n || '.', updated_at = now() WHERE id = :id;
-- The cache NOTIFY every API write sends (TermRepository.notifyChange), slugs in the payload.
SELECT pg_notify('glossary_term_changes', '["' || :id || '"]');
COMMIT;
