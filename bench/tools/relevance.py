#!/usr/bin/env python3
"""The judged set (src/test/resources/search) ranked by the service's index and by the PostgreSQL
full-text ranking it replaced (issue 23), over whatever the database holds (bench: 100,000 terms).

    relevance.py BASE_URL USER:PASSWORD [--corpus N]

Makes sure every judged term exists (POST /terms as an editor), adds N judged queries drawn from the
generated terms (exact names, and the name with its longest word misspelt), then prints a Markdown
table of each query's expected slug and its rank (1-5, or '-') in both, and the summary lines
"index top-1 a/b top-5 c/b" and "postgres top-1 ... ". psql reaches the database through the PG*
environment variables with the service's schema on the search_path.
"""
import subprocess, sys, urllib.parse

from jsonhttp import call
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "src/test/resources/search"

# The ranking of GET /terms?q= before the index (TermSearchRepository at d1c37d7^), over every match
# rather than its bounded candidates: full text, name matches first, by ts_rank; with fewer than 20
# full-text matches, names within pg_trgm similarity 0.5 too, by ts_rank + similarity.
POSTGRES_TOP5 = """
SET pg_trgm.similarity_threshold = 0.5;
WITH query AS (SELECT websearch_to_tsquery('english', immutable_unaccent(:'q')) AS tsq, name_words(:'q') AS words),
full_text AS (
    SELECT t.id, to_tsvector('english', immutable_unaccent(t.name)) @@ query.tsq AS name_match,
           ts_rank(t.search_vector, query.tsq) AS rank
    FROM term t, query WHERE t.search_vector @@ query.tsq),
fuzzy AS (
    SELECT t.id, (to_tsvector('english', immutable_unaccent(t.name)) @@ query.tsq
                  OR t.name_words % query.words OR query.words <% t.name_words) AS name_match,
           ts_rank(t.search_vector, query.tsq) + similarity(t.name_words, query.words) AS rank
    FROM term t, query
    WHERE (SELECT count(*) FROM full_text) < 20
      AND (t.search_vector @@ query.tsq OR t.name_words % query.words OR query.words <% t.name_words)),
ranked AS (SELECT * FROM fuzzy UNION ALL SELECT * FROM full_text WHERE (SELECT count(*) FROM full_text) >= 20)
SELECT t.slug FROM ranked r JOIN term t ON t.id = r.id
ORDER BY r.name_match DESC, r.rank DESC, lower(t.name), t.slug LIMIT 5;
"""


def rows(name):
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def http(base, path, auth=None, body=None):
    return call(base + path, "POST" if body else "GET", auth, body)


def psql(sql, **variables):
    args = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"]
    for name, value in variables.items():
        args += ["-v", f"{name}={value}"]
    return subprocess.run(args, input=sql, capture_output=True, text=True, check=True).stdout.split()


def misspell(word):
    """The longest word with two neighbours swapped in its middle: one edit, as a reader's typo."""
    middle = len(word) // 2
    return word[:middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]


def main():
    base, auth = sys.argv[1], sys.argv[2]
    corpus = int(sys.argv[sys.argv.index("--corpus") + 1]) if "--corpus" in sys.argv else 0
    for term in rows("judged-terms.tsv"):
        status, found = http(base, "/terms/" + term[0])
        body = {"slug": term[0], "name": term[1], "shortDefinition": term[3],
                "aliases": term[2].split(",") if term[2] else [], "description": term[4] if len(term) > 4 else ""}
        if status == 200 and found["shortDefinition"] != body["shortDefinition"]:
            # A generated term took the judged slug (the corpus makes "Computer Vision" of random
            # words too): the judged term replaces it, or its queries would judge a stranger.
            status, _ = call(base + "/terms/" + term[0], "PUT", auth, body)
            assert status == 200, f"replacing {term[0]}: {status}"
        elif status == 404:
            status, _ = http(base, "/terms", auth, body)
            assert status == 201, f"creating {term[0]}: {status}"
    judged = [(row[0], row[1], "seed and judged terms") for row in rows("judged-queries.tsv")]
    # Generated terms, a fixed sample (every 1/N-th id), queried by their whole name and with a typo.
    for line in psql(f"SELECT slug || '|' || replace(name, ' ', '_') FROM term WHERE id % (SELECT greatest(1, max(id) / {corpus or 1}) FROM term) = 0 AND name ~ '^[A-Za-z ]+$' ORDER BY id LIMIT {corpus}") if corpus else []:
        slug, name = line.split("|")
        name = name.replace("_", " ")
        judged.append((name.lower(), slug, "generated, exact name"))
        words = name.lower().split()
        longest = max(words, key=len)
        if len(longest) >= 6:
            judged.append((" ".join(misspell(w) if w == longest else w for w in words), slug, "generated, typo"))
    print("| query | expected | kind | index rank | PostgreSQL rank |")
    print("|---|---|---|---|---|")
    hits = {"index": [0, 0], "postgres": [0, 0]}
    for query, expected, kind in judged:
        status, page = http(base, "/terms?size=5&q=" + urllib.parse.quote(query))
        index = [item["slug"] for item in page["items"]] if status == 200 else []
        postgres = psql(POSTGRES_TOP5, q=query)
        ranks = []
        for name, found in (("index", index), ("postgres", postgres)):
            rank = found.index(expected) + 1 if expected in found else None
            hits[name][0] += rank == 1
            hits[name][1] += rank is not None
            ranks.append(str(rank) if rank else "-")
        print(f"| `{query}` | `{expected}` | {kind} | {ranks[0]} | {ranks[1]} |")
    for name, (top1, top5) in hits.items():
        print(f"{name} top-1 {top1}/{len(judged)} top-5 {top5}/{len(judged)}", file=sys.stderr)


if __name__ == "__main__":
    main()
