package dev.glossary.term;

import dev.glossary.common.DatabaseFailure;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Ready term documents, as PostgreSQL keeps them (migration V5): the served JSON bytes and ETag.
 * A read is one round trip of one prepared statement, straight over JDBC, since there is nothing to
 * map: no entity, no Hibernate session, no JSON building.
 */
@ApplicationScoped
public class TermDocuments {

    /** The document of a slug, or the canonical slug when it is an alias (body and etag null). */
    private static final String BY_SLUG = """
            SELECT d.slug, d.body, d.etag FROM term_document d WHERE d.slug = ?
            UNION ALL
            SELECT t.slug, NULL, NULL FROM term_alias a JOIN term t ON t.id = a.term_id WHERE a.slug = ?
            LIMIT 1
            """;
    private static final String BY_TERM_ID = "SELECT slug, body, etag FROM term_document WHERE term_id = ?";

    private final AgroalDataSource dataSource;

    TermDocuments(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What the slug leads to, or empty when it is neither a slug nor an alias. */
    public Optional<SlugLookup<TermDocument>> bySlug(String slug) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BY_SLUG)) {
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
