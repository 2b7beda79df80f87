-- Type-ahead walks names in byte order from a prefix: a C-collated index answers it as a range
-- scan whatever the database's collation, with parameters bound (LIKE 'x%' needs a literal).
DROP INDEX term_name_words_prefix_idx;
CREATE INDEX term_name_words_c_idx ON term (name_words COLLATE "C", slug);
