package dev.glossary.term.read;

import dev.glossary.term.PgFailures;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.term.UnknownTerm;
import dev.glossary.web.ProblemException;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Ready term documents as PostgreSQL keeps them (migration V5). */
@ApplicationScoped
public class TermDocuments {

    /** The document of a slug, or the canonical slug when it is an alias (body and etag null). */
    private static final String BY_SLUG = """
            SELECT d.slug, d.body, d.etag FROM term_document d WHERE d.slug = $1
            UNION ALL
            SELECT t.slug, NULL, NULL FROM term_alias a JOIN term t ON t.id = a.term_id WHERE a.slug = $1
            LIMIT 1
            """;
    /** A hung database must not hang the request: it then answers 503. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    @Inject Pool primary;
    @Inject ReadReplica replica;

    /** What the slug leads to (404 problem if nothing), without blocking; a failing replica is left out and the primary answers. */
    public CompletionStage<SlugLookup<TermDocument>> bySlug(String slug, boolean mayUseReplica) {
        Optional<Pool> replicaPool = replica.reactivePool(mayUseReplica);
        if (replicaPool.isEmpty()) {
            return read(primary, slug);
        }
        return read(replicaPool.get(), slug).exceptionallyCompose(failure -> {
            if (PgFailures.asProblem(failure) instanceof ProblemException answer) {
                return CompletableFuture.failedFuture(answer);
            }
            replica.reactiveReadFailed();
            return read(primary, slug);
        });
    }

    private static CompletionStage<SlugLookup<TermDocument>> read(Pool pool, String slug) {
        return pool.preparedQuery(BY_SLUG).execute(Tuple.of(slug)).map(rows -> {
            if (rows.size() == 0) {
                throw UnknownTerm.of(slug);
            }
            Row row = rows.iterator().next();
            Buffer body = row.getBuffer(1);
            return body == null
                    ? (SlugLookup<TermDocument>) new SlugLookup.Moved<TermDocument>(row.getString(0))
                    : new SlugLookup.Found<>(new TermDocument(row.getString(0), body.getBytes(), row.getString(2)));
        }).toCompletionStage().toCompletableFuture().orTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(PgFailures.asProblem(failure)));
    }
}
