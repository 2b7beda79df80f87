package dev.glossary.term;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.common.CursorPage;
import dev.glossary.common.CursorSigner;
import dev.glossary.common.DatabaseFailure;
import dev.glossary.common.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The history PostgreSQL keeps of every term (migration V9): one row per revision, with the full
 * Term JSON of that revision, so that any revision is answered exactly as it was served.
 */
@ApplicationScoped
public class TermRevisions {

    static final int PAGE_SIZE = 20;
    private static final String CURSOR_PREFIX = "revisions:";
    private static final String TERM_ID = """
            SELECT t.id, NULL FROM term t WHERE t.slug = ?
            UNION ALL
            SELECT NULL, t.slug FROM term_alias a JOIN term t ON t.id = a.term_id WHERE a.slug = ?
            LIMIT 1
            """;
    private static final String HISTORY = """
            SELECT revision, at, author, fields FROM term_revision
            WHERE term_id = ? AND revision < ? ORDER BY revision DESC LIMIT ?
            """;
    private static final String BODY = "SELECT body FROM term_revision WHERE term_id = ? AND revision = ?";

    /** What a restore takes from an old revision. */
    record Content(String name, String shortDefinition, String description, String exploreUrl, List<String> relatedSlugs) {
    }

    private final AgroalDataSource dataSource;
    private final CursorSigner signer;
    private final ObjectMapper json;

    TermRevisions(AgroalDataSource dataSource, CursorSigner signer, ObjectMapper json) {
        this.dataSource = dataSource;
        this.signer = signer;
        this.json = json;
    }

    static ProblemException unknown(String slug, int revision) {
        return ProblemException.notFound("The term '" + slug + "' has no revision " + revision);
    }

    /** The term's internal id, or its canonical slug when {@code slug} is an alias; 404 otherwise. */
    SlugLookup<Long> termOf(String slug) {
        UnknownTerm.unlessWellFormed(slug);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(TERM_ID)) {
            statement.setString(1, slug);
            statement.setString(2, slug);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw UnknownTerm.of(slug);
                }
                String canonical = row.getString(2);
                return canonical != null ? new SlugLookup.Moved<>(canonical) : new SlugLookup.Found<>(row.getLong(1));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Newest first, {@link #PAGE_SIZE} at a time; the cursor is bound to its term. */
    CursorPage<TermRevision> history(long termId, String cursor) {
        int before = cursor == null || cursor.isEmpty() ? Integer.MAX_VALUE : before(termId, cursor);
        List<TermRevision> items = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(HISTORY)) {
            statement.setLong(1, termId);
            statement.setInt(2, before);
            statement.setInt(3, PAGE_SIZE + 1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    items.add(new TermRevision(row.getInt(1),
                            row.getTimestamp(2).toInstant().truncatedTo(ChronoUnit.SECONDS), row.getString(3),
                            Arrays.asList((String[]) row.getArray(4).getArray())));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        boolean more = items.size() > PAGE_SIZE;
        List<TermRevision> shown = more ? items.subList(0, PAGE_SIZE) : items;
        String next = more ? signer.sign(CURSOR_PREFIX + termId + ":" + shown.get(PAGE_SIZE - 1).revision()) : null;
        return new CursorPage<>(List.copyOf(shown), PAGE_SIZE, next);
    }

    private int before(long termId, String cursor) {
        String[] parts = signer.verify(cursor).filter(payload -> payload.startsWith(CURSOR_PREFIX))
                .map(payload -> payload.substring(CURSOR_PREFIX.length()).split(":"))
                .filter(payload -> payload.length == 2 && payload[0].equals(Long.toString(termId)))
                .orElseThrow(() -> ProblemException.invalidField("cursor",
                        "is not a cursor of this term's revisions; start again without it"));
        return Integer.parseInt(parts[1]);
    }

    /** The Term JSON of a revision, exactly as it was served. */
    Optional<byte[]> body(long termId, int revision) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BODY)) {
            statement.setLong(1, termId);
            statement.setInt(2, revision);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    Optional<Content> content(long termId, int revision) {
        return body(termId, revision).map(this::content);
    }

    private Content content(byte[] body) {
        try {
            JsonNode term = json.readTree(body);
            List<String> related = new ArrayList<>();
            term.path("relatedTerms").forEach(other -> related.add(other.path("slug").asText()));
            return new Content(term.path("name").asText(), term.path("shortDefinition").asText(),
                    term.path("description").asText(), term.path("exploreUrl").isNull() ? null : term.path("exploreUrl").asText(),
                    related);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored revision is not JSON", e);
        }
    }
}
