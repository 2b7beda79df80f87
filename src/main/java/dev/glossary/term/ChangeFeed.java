package dev.glossary.term;

import dev.glossary.common.CursorSigner;
import dev.glossary.common.DatabaseFailure;
import dev.glossary.common.ProblemException;
import dev.glossary.config.GlossaryConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The change feed (migration V9): one row per term, its latest change, published in the order
 * changes become visible. A read first publishes what has committed since the last one, then
 * reads strictly after the cursor's seq, so a change committing late gets a seq above every cursor
 * handed out before: it is never passed over.
 */
@ApplicationScoped
public class ChangeFeed {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final String CURSOR_PREFIX = "changes:";
    /**
     * Tombstones are dropped this long after the retention, so that a cursor the retention still
     * accepts (dated at most by the publication of the next change) never misses one, whatever the
     * clocks of publisher and reader.
     */
    private static final Duration TOMBSTONE_MARGIN = Duration.ofDays(1);
    private static final String ANY_UNPUBLISHED = "SELECT EXISTS (SELECT 1 FROM term_change WHERE seq IS NULL)";
    private static final String PUBLISH = "SELECT publish_term_changes(?)";
    private static final String READ = """
            SELECT c.seq, c.published_at, '{"seq":' || c.seq || ',"type":"' || c.kind || '","id":"' || c.public_id
                || '","slug":' || to_json(c.slug)::text
                || coalesce(',"previousSlug":' || to_json(c.previous_slug)::text, '')
                || ',"revision":' || c.revision
                || ',"at":"' || to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                || '","term":' || coalesce(convert_from(d.body, 'UTF8'), 'null') || '}'
            FROM term_change c LEFT JOIN term_document d ON d.term_id = c.term_id AND c.kind <> 'deleted'
            WHERE c.seq > ? ORDER BY c.seq LIMIT ?
            """;

    /**
     * A place in the feed: after {@code seq}, and {@code at}, no later than the publication of any
     * deletion beyond it that the reader needs (what the retention compares). A deletion the reader
     * needs is of a term it has read, so it was published after the walk began (the first cursor is
     * dated by its read); it lies beyond the last change given, so it was published no earlier than
     * that one (publication times rise with seq); at the end of the feed, everything beyond is
     * published after this read. A walk through old changes thus keeps the date it began with.
     */
    record Position(long seq, Instant at) {
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    private final AgroalDataSource dataSource;
    private final CursorSigner signer;
    private final Duration retention;
    private final Clock clock;

    ChangeFeed(AgroalDataSource dataSource, CursorSigner signer, GlossaryConfig config) {
        this.dataSource = dataSource;
        this.signer = signer;
        this.retention = config.changes().retention();
        this.clock = Clock.systemUTC();
    }

    /** The JSON of the answer to GET /changes and its next cursor. */
    public record Read(byte[] json, String nextCursor) {
    }

    public Read read(String cursor, int limit) {
        Instant now = clock.instant();
        Position from = cursor == null || cursor.isEmpty() ? new Position(0, now) : decode(cursor, now);
        ByteArrayOutputStream json = new ByteArrayOutputStream(1024);
        write(json, "{\"changes\":[");
        long lastSeq = from.seq();
        Instant lastPublished = null;
        boolean more = false;
        try (Connection connection = dataSource.getConnection()) {
            publish(connection, now);
            try (PreparedStatement statement = connection.prepareStatement(READ)) {
                statement.setLong(1, from.seq());
                statement.setInt(2, limit + 1);
                try (ResultSet row = statement.executeQuery()) {
                    int count = 0;
                    while (row.next()) {
                        if (count == limit) {
                            more = true;
                            break;
                        }
                        if (count++ > 0) {
                            write(json, ",");
                        }
                        lastSeq = row.getLong(1);
                        lastPublished = row.getTimestamp(2).toInstant();
                        write(json, row.getString(3));
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        String next = encode(new Position(lastSeq, more ? later(lastPublished, from.at()) : now));
        write(json, "],\"nextCursor\":\"" + next + "\",\"hasMore\":" + more + "}");
        return new Read(json.toByteArray(), next);
    }

    /** Gives committed changes their seq, so that a webhook sender can read the seq of a change it announces. */
    public void publishCommitted(Connection connection) throws SQLException {
        publish(connection, clock.instant());
    }

    /** Gives committed changes their seq; skipped when there are none, so an idle poll stays one read. */
    private void publish(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement any = connection.prepareStatement(ANY_UNPUBLISHED);
                ResultSet row = any.executeQuery()) {
            if (!row.next() || !row.getBoolean(1)) {
                return;
            }
        }
        try (PreparedStatement publish = connection.prepareStatement(PUBLISH)) {
            publish.setTimestamp(1, Timestamp.from(now.minus(retention).minus(TOMBSTONE_MARGIN)));
            publish.execute();
        }
    }

    String encode(Position position) {
        return signer.sign(CURSOR_PREFIX + position.seq() + ":" + position.at().getEpochSecond());
    }

    private Position decode(String cursor, Instant now) {
        Position position = signer.verify(cursor).filter(payload -> payload.startsWith(CURSOR_PREFIX))
                .flatMap(payload -> parse(payload.substring(CURSOR_PREFIX.length())))
                .orElseThrow(() -> ProblemException.invalidField("cursor",
                        "is not a change feed cursor; start again without one"));
        if (position.at().isBefore(now.minus(retention))) {
            throw ProblemException.gone("This cursor is older than the feed's retention of deletions ("
                    + retention.toDays() + " days), so deletions since may be gone: start again without a cursor");
        }
        return position;
    }

    private static Optional<Position> parse(String payload) {
        String[] parts = payload.split(":");
        try {
            return parts.length == 2
                    ? Optional.of(new Position(Long.parseLong(parts[0]), Instant.ofEpochSecond(Long.parseLong(parts[1]))))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
