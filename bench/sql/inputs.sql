-- Request inputs for the wrk scenarios, drawn from the loaded terms. Deterministic: every choice is a
-- hash of the line number. Run with -At; :kind selects the list, :count its length.
--   queries:  q search terms, a third each: one word, two words of a real name, a typo ("fine tunning")
--   prefixes: what a reader has typed so far: 2–4 letters of a word, or a word and 2 letters of the next
\set ON_ERROR_STOP on

WITH bounds AS (SELECT max(id) AS max_id FROM term),
pick AS (
    SELECT g, string_to_array(btrim(t.name_words), ' ') AS w, abs(hashint4(g * 7 + 1)) AS h
    FROM generate_series(1, :count) g
    CROSS JOIN bounds
    JOIN term t ON t.id = 1 + abs(hashint4(g)) % bounds.max_id
),
word AS (
    SELECT g, w, h, cardinality(w) AS len,
           w[1 + h % cardinality(w)] AS one,
           -- the longest word gets the typo
           (SELECT x FROM unnest(w) x ORDER BY length(x) DESC, x LIMIT 1) AS longest
    FROM pick WHERE cardinality(w) > 0
),
typo AS (
    SELECT g, longest, 2 + h % greatest(length(longest) - 3, 1) AS p FROM word
),
query AS (
    SELECT word.g,
           CASE word.g % 3
               WHEN 0 THEN word.one
               WHEN 1 THEN CASE WHEN word.len >= 2
                                THEN word.w[1 + word.h % (word.len - 1)] || ' ' || word.w[2 + word.h % (word.len - 1)]
                                ELSE word.one END
               ELSE concat_ws(' ',
                   CASE WHEN word.len >= 2 THEN (SELECT x FROM unnest(word.w) x WHERE x <> typo.longest LIMIT 1) END,
                   CASE WHEN length(typo.longest) < 5 THEN typo.longest || right(typo.longest, 1)
                        WHEN word.h % 3 = 0 THEN left(typo.longest, typo.p) || substr(typo.longest, typo.p)      -- doubled letter
                        WHEN word.h % 3 = 1 THEN left(typo.longest, typo.p - 1) || substr(typo.longest, typo.p + 1) -- dropped letter
                        ELSE left(typo.longest, typo.p - 1) || substr(typo.longest, typo.p + 1, 1)
                             || substr(typo.longest, typo.p, 1) || substr(typo.longest, typo.p + 2)              -- swapped letters
                   END)
           END AS q,
           CASE WHEN word.g % 5 = 4 AND word.len >= 2
                THEN word.w[1] || ' ' || left(word.w[2], 2)
                ELSE left(word.one, 2 + word.h % 3) END AS prefix
    FROM word JOIN typo USING (g)
)
SELECT CASE :'kind' WHEN 'queries' THEN '/terms?q=' || replace(q, ' ', '%20')
                    ELSE '/suggestions?q=' || replace(prefix, ' ', '%20') END
FROM query ORDER BY g;
