package dev.glossary.term;

import dev.glossary.common.DatabaseFailure;
import io.agroal.api.AgroalDataSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Ready term documents, as PostgreSQL keeps them (migration V5): the served JSON bytes and ETag.
 * A read is one round trip of one prepared statement, since there is nothing to map: no entity, no
 * Hibernate session, no JSON building. The hot read goes over the reactive client from the I/O
 * thread (bench/README.md says why); JDBC serves the REST resource and the writing transaction.
 */
@ApplicationScoped
public class TermDocuments {

    /** The document of a slug, or the canonical slug when it is an alias (body and etag null). */
    private static final String BY_SLUG = """
            SELECT d.slug, d.body, d.etag FROM term_document d WHERE d.slug = $1
            UNION ALL
            SELECT t.slug, NULL, NULL FROM term_alias a JOIN term t ON t.id = a.term_id WHERE a.slug = $1
            LIMIT 1
            """;
    private static final String BY_SLUG_JDBC = BY_SLUG.replace("$1", "?");
    /** A hung database must not hang the request: the route then leaves it to the resource's JDBC path and its 503. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final String BY_TERM_ID = "SELECT slug, body, etag FROM term_document WHERE term_id = ?";

    private final AgroalDataSource dataSource;
    private final Pool reactivePool;
    private final ReadReplica replica;

    TermDocuments(AgroalDataSource dataSource, Pool reactivePool, ReadReplica replica) {
        this.dataSource = dataSource;
        this.reactivePool = reactivePool;
        this.replica = replica;
    }

    /**
     * What the slug leads to, or empty when it is neither a slug nor an alias: read on the replica's
     * connection inside {@link ReadReplica#read}, else on one of the primary's.
     */
    public Optional<SlugLookup<TermDocument>> bySlug(String slug) {
        Optional<Connection> replicaConnection = replica.connection();
        if (replicaConnection.isPresent()) {
            return bySlug(replicaConnection.get(), slug);
        }
        try (Connection connection = dataSource.getConnection()) {
            return bySlug(connection, slug);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static Optional<SlugLookup<TermDocument>> bySlug(Connection connection, String slug) {
        try (PreparedStatement statement = connection.prepareStatement(BY_SLUG_JDBC)) {
            statement.setString(1, slug);
            statement.setString(2, slug);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] body = row.getBytes(2);
                return Optional.of(body == null
                        ? new SlugLookup.Moved<>(row.getString(1))
                        : new SlugLookup.Found<>(new TermDocument(row.getString(1), body, row.getString(3))));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * The same read over the reactive client, without blocking, on the replica when it may answer
     * this request: completes with what the slug leads to, or fails with the 404 problem when it is
     * neither a slug nor an alias.
     */
    public CompletionStage<SlugLookup<TermDocument>> bySlugAsync(String slug, HttpServerRequest request) {
        Optional<Pool> replicaPool = replica.reactivePoolFor(request);
        return replicaPool.orElse(reactivePool).preparedQuery(BY_SLUG).execute(Tuple.of(slug)).onFailure(failure -> {
            if (replicaPool.isPresent()) {
                replica.reactiveReadFailed(); // the resource then answers from the primary
            }
        }).map(rows -> {
            RowIterator<Row> iterator = rows.iterator();
            if (!iterator.hasNext()) {
                throw UnknownTerm.of(slug);
            }
            Row row = iterator.next();
            Buffer body = row.getBuffer(1);
            return body == null
                    ? (SlugLookup<TermDocument>) new SlugLookup.Moved<TermDocument>(row.getString(0))
                    : new SlugLookup.Found<>(new TermDocument(row.getString(0), body.getBytes(), row.getString(2)));
        }).toCompletionStage().toCompletableFuture().orTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The document of a term as the current transaction sees it (after its writes are flushed). */
    public TermDocument ofTerm(long termId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BY_TERM_ID)) {
            statement.setLong(1, termId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("Term " + termId + " has no document; migration V5 keeps one for each");
                }
                return new TermDocument(row.getString(1), row.getBytes(2), row.getString(3));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
