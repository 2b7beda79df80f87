-- Issue 23: search and type-ahead are answered by each instance's Lucene index, so what only the
-- PostgreSQL search read goes, and writes stop maintaining it: the narrow copy of names (V7) with
-- its trigger, the name-only vector (V6), and the full-text, trigram and prefix indexes (V1, V4).
-- The generated search_vector and name_words columns stay: bench/ draws its query words from them
-- (a query over every row, which needs no index), and name_words still derives from V1's function.
DROP TRIGGER term_name_copy ON term;
DROP FUNCTION copy_term_name();
DROP TABLE term_name;
ALTER TABLE term DROP COLUMN name_vector; -- its GIN index goes with it
DROP INDEX term_search_vector_idx;
DROP INDEX term_name_words_trgm_idx;
DROP INDEX term_name_words_c_idx;
