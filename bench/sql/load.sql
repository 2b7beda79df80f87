-- Deterministic benchmark data set: :terms generated terms, on top of the 7 seed terms.
--
--   psql -v terms=1000 -v batch=1000 -f bench/sql/load.sql   (search_path must reach the glossary schema)
--
-- Every "random" choice is a hash of (purpose, row, position), so the data set is the same on every
-- run and every machine whatever plan PostgreSQL picks. Everything is set-based; rows reach the real
-- tables in batches of :batch, each its own transaction, because the slug trigger takes one advisory
-- lock per row and the lock table would overflow if 100,000 rows were inserted in one transaction.
\set ON_ERROR_STOP on
\set QUIET on

-- A uniform number in [0, 1) for (purpose, row, position).
CREATE FUNCTION pg_temp.r(purpose int, n bigint, k int) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (hashint8(purpose::bigint * 4294967296 + n * 256 + k)::double precision + 2147483648) / 4294967296;

-- Name vocabulary, in display form: names are 1–5 of these words.
CREATE TEMP TABLE name_word (i int PRIMARY KEY, w text NOT NULL);
INSERT INTO name_word
SELECT i, w FROM unnest(string_to_array(
    'Adaptive Adversarial Agent Agentic AI Algorithm Alignment Analytics Anomaly API Artificial Attention '
    'Augmentation Autoencoder Automated Autonomous Backpropagation Batch Bayesian Benchmark Bias Boosting '
    'Capital Causal Chain Chatbot Classifier Cloud Clustering Cognitive Compute Computer Constitutional '
    'Context Contrastive Convolutional Corpus Cost Cross Data Dataset Decision Decoder Deep Deployment '
    'Descent Detection Diffusion Digital Dimensionality Distillation Distributed Dropout Economy Edge '
    'Embedding Encoder Ensemble Entropy Ethics Evaluation Explainable Extraction Factor Feature Federated '
    'Few Filter Fine Forecasting Forest Frontier Function Gated Gaussian Generation Generative Governance '
    'GPU Gradient Graph Guardrail Hallucination Head Heuristic Hidden Hyperparameter Image Imitation Index '
    'Inference Information Instruction Intelligence Interpretability Kernel Knowledge Labor Language Large '
    'Latency Latent Layer Learning Linear LLM Logistic Loss Machine Market Markov Matrix Memory Meta '
    'Mixture Model Monte Multimodal Naïve Natural Network Neural Normalization Object Open Optimization '
    'Overfitting Parameter Perceptron Pipeline Policy Pooling Positional Precision Prediction Pretraining '
    'Principal Probabilistic Processing Productivity Prompt Pruning Quantization Query Random Ranking '
    'Reasoning Recall Recommendation Recurrent Regression Regularization Reinforcement Representation '
    'Residual Retrieval Reward Risk Robotics Safety Sampling Scaling Search Segmentation Self Semantic '
    'Sentiment Sequence Shot Signal Sparse Speech Stochastic Supervised Support Synthetic System '
    'Temperature Tensor Text Token Tokenizer Training Transfer Transformer Tree Tuning Unsupervised '
    'Validation Value Variance Vector Vision Weight Window Zero 3D TPU RAG RLHF Régime Émergent', ' '))
    WITH ORDINALITY AS v(w, i);

-- General vocabulary for definitions and descriptions.
CREATE TEMP TABLE text_word (i int PRIMARY KEY, w text NOT NULL);
INSERT INTO text_word
SELECT i, w FROM unnest(string_to_array(
    'the a of to and in for that is on with as by from which model models data systems used training learns '
    'performance method approach results tasks large small trained examples where when each input output '
    'values improves reduces cost compute human users companies industry economic growth accuracy across '
    'between often typically such can may new different specific general process technique layer network '
    'information patterns structure objective measure benchmark production deployment research field '
    'applications domain text images signals features parameters weights distribution probability error '
    'loss gradient optimization capacity memory latency throughput hardware software policy regulation '
    'market labor productivity investment revenue adoption scale efficient robust reliable sparse dense '
    'shared hidden latent explicit implicit statistical neural symbolic without within through over under '
    'before after while because therefore however also only more less most many several few all some '
    'teams organizations customers analysts engineers researchers governments workers firms decisions '
    'risks costs benefits evidence estimates forecasts signals quality speed energy budget', ' '))
    WITH ORDINALITY AS v(w, i);

-- A pool of 4,000 sentences of 8–20 words, a quarter of them domain words.
CREATE TEMP TABLE sentence (id int PRIMARY KEY, s text NOT NULL);
INSERT INTO sentence
SELECT id, upper(left(body, 1)) || substr(body, 2) || '.'
FROM (
    SELECT pick.id, string_agg(coalesce(tw.w, lower(nw.w)), ' ' ORDER BY pick.k) AS body
    FROM (
        SELECT id, k,
               CASE WHEN pg_temp.r(2, id, k) < 0.25
                    THEN 1 + floor(pg_temp.r(3, id, k) * (SELECT count(*) FROM name_word))::int END AS name_i,
               CASE WHEN pg_temp.r(2, id, k) >= 0.25
                    THEN 1 + floor(pg_temp.r(3, id, k) * (SELECT count(*) FROM text_word))::int END AS text_i
        FROM generate_series(1, 4000) id,
             generate_series(1, 8 + floor(pg_temp.r(1, id, 0) * 13)::int) k
    ) pick
    LEFT JOIN name_word nw ON nw.i = pick.name_i
    LEFT JOIN text_word tw ON tw.i = pick.text_i
    GROUP BY pick.id
) x;

-- Candidate names: more than needed, because short names repeat; words within a name are distinct.
CREATE TEMP TABLE candidate AS
SELECT c, string_agg(nw.w, ' ' ORDER BY k) AS name, count(DISTINCT nw.i) = max(k) AS distinct_words
FROM (
    SELECT c, k, 1 + floor(pg_temp.r(5, c, k) * (SELECT count(*) FROM name_word))::int AS word_i
    FROM generate_series(1, ceil(:terms * 1.6)::int + 500) c,
         generate_series(1, CASE WHEN pg_temp.r(4, c, 0) < 0.06 THEN 1
                                 WHEN pg_temp.r(4, c, 0) < 0.40 THEN 2
                                 WHEN pg_temp.r(4, c, 0) < 0.80 THEN 3
                                 WHEN pg_temp.r(4, c, 0) < 0.95 THEN 4
                                 ELSE 5 END) k
) pick
JOIN name_word nw ON nw.i = pick.word_i
GROUP BY c;

-- The first :terms candidates whose slug is new; slugs are derived from names the way the API does
-- (lower case, accents folded, other characters one '-'), so unique slugs imply unique names.
CREATE TEMP TABLE stage (
    n int PRIMARY KEY, slug text NOT NULL UNIQUE, name text NOT NULL, nwords int NOT NULL,
    short_definition text, description text, updated_at timestamptz);
INSERT INTO stage (n, slug, name, nwords)
SELECT row_number() OVER (ORDER BY c), slug, name, array_length(string_to_array(name, ' '), 1)
FROM (
    SELECT DISTINCT ON (slug) c, name, slug
    FROM (SELECT c, name,
                 trim(BOTH '-' FROM regexp_replace(lower(immutable_unaccent(name)), '[^a-z0-9]+', '-', 'g')) AS slug
          FROM candidate WHERE distinct_words) named
    WHERE NOT EXISTS (SELECT 1 FROM term t WHERE t.slug = named.slug OR lower(t.name) = lower(named.name))
      AND NOT EXISTS (SELECT 1 FROM term_alias a WHERE a.slug = named.slug)
    ORDER BY slug, c
) uniq
ORDER BY c
LIMIT :terms;

SELECT count(*) = :terms AS enough_names FROM stage \gset
\if :enough_names
\else
    \warn 'not enough distinct names for the requested number of terms'
    SELECT 1/0;
\endif

-- Short definition: 150–300 characters of pool sentences, cut at a word boundary.
UPDATE stage s SET short_definition = rtrim(regexp_replace(left(x.txt, 150 + floor(pg_temp.r(6, s.n, 0) * 150)::int),
                                                           '\s+\S*$', ''), ' ,.') || '.'
FROM (
    SELECT n, string_agg(se.s, ' ' ORDER BY k) AS txt
    FROM stage CROSS JOIN generate_series(1, 4) k
    JOIN sentence se ON se.id = 1 + floor(pg_temp.r(7, n, k) * 4000)::int
    GROUP BY n
) x
WHERE x.n = s.n;

-- Description: 0–3 paragraphs of 3–6 sentences, separated by a blank line.
UPDATE stage SET description = '';
UPDATE stage s SET description = x.txt
FROM (
    SELECT n, string_agg(paragraph, E'\n\n' ORDER BY p) AS txt
    FROM (
        SELECT par.n, par.p, string_agg(se.s, ' ' ORDER BY k) AS paragraph
        FROM (SELECT n, p FROM stage, generate_series(1, floor(pg_temp.r(8, n, 0) * 4)::int) p) par
        CROSS JOIN LATERAL generate_series(1, 3 + floor(pg_temp.r(9, par.n, par.p) * 4)::int) k
        JOIN sentence se ON se.id = 1 + floor(pg_temp.r(10, par.n * 4 + par.p, k) * 4000)::int
        GROUP BY par.n, par.p
    ) paragraphs
    GROUP BY n
) x
WHERE x.n = s.n;

-- Last edits spread over a year, so sort=-updatedAt is not one tie.
UPDATE stage SET updated_at = now() - make_interval(secs => pg_temp.r(11, n, 0) * 365 * 86400);

-- Ready documents (migration V5) are rendered once, set-based, after the load: the row triggers would
-- render a term again for every alias and relation inserted. The triggers return for the benchmark.
ALTER TABLE term DISABLE TRIGGER term_document_of_term;
ALTER TABLE term_alias DISABLE TRIGGER term_document_of_alias;
ALTER TABLE term_relation DISABLE TRIGGER term_document_of_relation;

-- Terms, in batches (see the header).
SELECT format($$INSERT INTO term (slug, name, short_definition, description, created_at, updated_at)
               SELECT slug, name, short_definition, description, updated_at - interval '30 days', updated_at
               FROM stage WHERE n BETWEEN %s AND %s ORDER BY n$$, lo, lo + :batch - 1)
FROM generate_series(1, :terms, :batch) lo \gexec

CREATE TEMP TABLE idmap AS SELECT s.n, s.slug, s.name, s.nwords, t.id FROM stage s JOIN term t USING (slug);
CREATE UNIQUE INDEX ON idmap (n);

-- Aliases: 40 % of terms have one or two. "<initials>-<n>" and "<slug>-<n>": the last part is all
-- digits, which no generated term slug has, and n makes them unique.
CREATE TEMP TABLE alias_stage AS
SELECT row_number() OVER (ORDER BY n, k) AS i, slug, id FROM (
    SELECT n, 1 AS k, id,
           (SELECT string_agg(left(w, 1), '') FROM unnest(string_to_array(
               trim(BOTH '-' FROM regexp_replace(lower(immutable_unaccent(name)), '[^a-z0-9]+', '-', 'g')), '-')) w)
           || '-' || n AS slug
    FROM idmap WHERE pg_temp.r(12, n, 0) < 0.40
    UNION ALL
    SELECT n, 2, id, slug || '-' || n FROM idmap WHERE pg_temp.r(12, n, 0) < 0.10
) a;
SELECT format($$INSERT INTO term_alias (slug, term_id) SELECT slug, id FROM alias_stage WHERE i BETWEEN %s AND %s$$,
              lo, lo + :batch - 1)
FROM generate_series(1, (SELECT count(*) FROM alias_stage), :batch) lo \gexec

-- Relations: each term links to 1–2 others (avg 1.5 pairs, so ~3 related terms each), stored once
-- as (lower id, higher id).
INSERT INTO term_relation (term_low_id, term_high_id)
SELECT DISTINCT least(a.id, b.id), greatest(a.id, b.id)
FROM idmap a
CROSS JOIN LATERAL generate_series(1, 1 + (pg_temp.r(13, a.n, 0) < 0.5)::int) k
JOIN idmap b ON b.n = 1 + floor(pg_temp.r(14, a.n, k) * :terms)::int
WHERE a.id <> b.id
ON CONFLICT DO NOTHING;

-- The loaded terms have no document yet, so their first rendering is set-based here rather than
-- refresh_term_documents' per-row comparison with stored bytes (minutes at 100,000 terms): revision
-- 1, its revision row, and a 'created' feed entry left unpublished, as a write leaves it, for the
-- first GET /changes to number. Statistics first, so that the rendering's lookups use the indexes.
ANALYZE term; ANALYZE term_alias; ANALYZE term_relation;
CREATE TEMP TABLE first_render AS
SELECT t.id, t.slug, t.public_id, t.updated_at, convert_to(term_json(t.id, 1), 'UTF8') AS body
FROM term t WHERE NOT EXISTS (SELECT FROM term_document d WHERE d.term_id = t.id);
INSERT INTO term_document (term_id, slug, body, etag, revision, revised_in)
SELECT id, slug, body, document_etag(body), 1, NULL FROM first_render;
INSERT INTO term_revision (term_id, revision, at, author, fields, body)
SELECT id, 1, updated_at, NULL, changed_term_fields(NULL, NULL), body FROM first_render;
INSERT INTO term_change (term_id, public_id, kind, slug, previous_slug, revision, at)
SELECT id, public_id, 'created', slug, NULL, 1, updated_at FROM first_render;
ALTER TABLE term ENABLE TRIGGER term_document_of_term;
ALTER TABLE term_alias ENABLE TRIGGER term_document_of_alias;
ALTER TABLE term_relation ENABLE TRIGGER term_document_of_relation;

VACUUM ANALYZE term;
VACUUM ANALYZE term_document;
VACUUM ANALYZE term_alias;
VACUUM ANALYZE term_relation;
VACUUM ANALYZE term_revision;
VACUUM ANALYZE term_change;

\unset QUIET
SELECT (SELECT count(*) FROM term) AS terms,
       (SELECT count(*) FROM term_alias) AS aliases,
       (SELECT count(*) FROM term_relation) AS relations,
       (SELECT round(avg(length(short_definition))) FROM term) AS avg_short_definition,
       (SELECT round(avg(length(description))) FROM term) AS avg_description;
