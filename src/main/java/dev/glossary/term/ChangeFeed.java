package dev.glossary.term;

import dev.glossary.common.CursorSigner;
import dev.glossary.common.DatabaseFailure;
import dev.glossary.common.ProblemException;
import dev.glossary.config.GlossaryConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change feed (migration V9): one row per term, its latest change, published in the order
 * changes become visible. A read first publishes what has committed since the last one, then
 * reads strictly after the cursor's seq, so a change committing late gets a seq above every cursor
 * handed out before: it is never passed over.
 *
 * <p>Reads go over the reactive client: documents arrive as bytes (PostgreSQL's binary format) and
 * are appended to the answer as they are, with no detour through Java strings. A poll at the end
 * with nothing new, what a partner polling on a timer sends most, is answered from memory: the last
 * read that reached the end is kept with the count of feed writes heard so far (every feed write
 * sends a NOTIFY, migration V11, and this instance also counts its own at commit). While the
 * listener is connected and nothing was heard since, nothing can follow that end; such an answer
 * only renews the cursor's date, so at worst it delays a change by the NOTIFY's way, never skips it.
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
    /** Ordered by the partial index's key, so that stale statistics cannot turn it into a table scan. */
    private static final String ANY_UNPUBLISHED = "SELECT term_id FROM term_change WHERE seq IS NULL ORDER BY term_id LIMIT 1";
    private static final String PUBLISH = "SELECT publish_term_changes($1)";
    /** The JSON around each document is written here rather than in SQL, where it cost as much as reading the documents. */
    private static final String READ = """
            SELECT c.seq, c.published_at, c.kind, c.public_id, c.slug, c.previous_slug, c.revision, c.at, d.body
            FROM term_change c LEFT JOIN term_document d ON d.term_id = c.term_id AND c.kind <> 'deleted'
            WHERE c.seq > $1 ORDER BY c.seq LIMIT $2
            """;
    private static final byte[] OPENING = "{\"changes\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NULL_TERM = "null".getBytes(StandardCharsets.UTF_8);
    /** Sized for a typical change, so that a page of documents is not copied again and again as it grows. */
    private static final int BYTES_PER_CHANGE = 2_560;

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

    /** The end of the feed as a read found it; it holds while {@link #heard} is still {@code heardBefore}. */
    private record End(long seq, long heardBefore) {
    }

    /** The JSON of the answer to GET /changes and its next cursor. */
    public record Read(Buffer json, String nextCursor) {
    }

    private final Pool pool;
    private final CursorSigner signer;
    private final Duration retention;
    private final Clock clock;
    /** Feed writes heard of (NOTIFY, own commits) and listener reconnections: each ends what an End knew. */
    private final AtomicLong heard = new AtomicLong();
    private volatile boolean listening;
    private volatile End end;

    ChangeFeed(Pool pool, CursorSigner signer, GlossaryConfig config) {
        this.pool = pool;
        this.signer = signer;
        this.retention = config.changes().retention();
        this.clock = Clock.systemUTC();
    }

    /** Fails at once with a 400 or 410 problem for a cursor it cannot take, before any database work. */
    public CompletionStage<Read> read(String cursor, int limit) {
        return signer.keyLoaded().exceptionallyCompose(failure -> CompletableFuture.failedFuture(asDatabaseFailure(failure)))
                .thenCompose(loaded -> readSigned(cursor, limit));
    }

    /**
     * The answer to a poll at the end of the feed with nothing new, from memory; empty when it
     * takes the database, and for any cursor this cannot take (the resource answers those).
     */
    public Optional<Read> fromMemory(String cursor) {
        if (cursor == null || cursor.isEmpty() || !signer.hasKey()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try {
            return fromMemory(decode(cursor, now), now);
        } catch (ProblemException refused) {
            return Optional.empty();
        }
    }

    private Optional<Read> fromMemory(Position from, Instant now) {
        End known = end;
        return listening && known != null && known.heardBefore() == heard.get() && from.seq() >= known.seq()
                ? Optional.of(close(Buffer.buffer(OPENING), new Position(from.seq(), now), false))
                : Optional.empty();
    }

    private CompletionStage<Read> readSigned(String cursor, int limit) {
        Instant now = clock.instant();
        Position from = cursor == null || cursor.isEmpty() ? new Position(0, now) : decode(cursor, now);
        Optional<Read> idle = fromMemory(from, now);
        if (idle.isPresent()) {
            return CompletableFuture.completedFuture(idle.get());
        }
        long heardBefore = heard.get();
        return publishCommitted(now)
                .compose(published -> pool.preparedQuery(READ).execute(Tuple.of(from.seq(), limit + 1)))
                .map(rows -> page(rows, from, limit, now, heardBefore))
                .toCompletionStage()
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(asDatabaseFailure(failure)));
    }

    /** Called for every feed write heard of, and when the listener reconnects. */
    void changesHeard() {
        heard.incrementAndGet();
    }

    /** Whether every feed write is being heard (the listener is connected and listening). */
    void listening(boolean listening) {
        changesHeard();
        this.listening = listening;
    }

    /** This instance's own writes count at commit, before their answer is sent: a writer polling next sees them. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) TermsChanged change) {
        changesHeard();
    }

    /**
     * Gives committed changes their seq over JDBC, so that a webhook sender can read the seq of a
     * change it announces (WebhookQueue), in the statement's own transaction.
     */
    public void publishCommitted(Connection connection) throws SQLException {
        try (PreparedStatement publish = connection.prepareStatement("SELECT publish_term_changes(?)")) {
            publish.setTimestamp(1, Timestamp.from(clock.instant().minus(retention).minus(TOMBSTONE_MARGIN)));
            publish.execute();
        }
    }

    /** Gives committed changes their seq; skipped when there are none, so an idle poll stays one read. */
    private Future<Void> publishCommitted(Instant now) {
        return pool.preparedQuery(ANY_UNPUBLISHED).execute().compose(unpublished -> unpublished.size() == 0
                ? Future.succeededFuture()
                : pool.preparedQuery(PUBLISH)
                        .execute(Tuple.of(now.minus(retention).minus(TOMBSTONE_MARGIN).atOffset(ZoneOffset.UTC)))
                        .mapEmpty());
    }

    private Read page(RowSet<Row> rows, Position from, int limit, Instant now, long heardBefore) {
        Buffer json = Buffer.buffer(OPENING.length + Math.min(rows.size(), limit) * BYTES_PER_CHANGE + 160)
                .appendBytes(OPENING);
        long lastSeq = from.seq();
        Instant lastPublished = from.at();
        int count = 0;
        for (Row row : rows) {
            if (count == limit) {
                return close(json, new Position(lastSeq, later(lastPublished, from.at())), true);
            }
            if (count++ > 0) {
                json.appendByte((byte) ',');
            }
            lastSeq = row.getLong(0);
            lastPublished = row.getOffsetDateTime(1).toInstant();
            json.appendString(changeFields(row));
            Buffer term = row.getBuffer(8);
            if (term == null) {
                json.appendBytes(NULL_TERM);
            } else {
                json.appendBuffer(term);
            }
            json.appendByte((byte) '}');
        }
        end = new End(lastSeq, heardBefore);
        return close(json, new Position(lastSeq, now), false);
    }

    /**
     * The Change up to its term, in the contract's field order. Slugs go in unescaped: the
     * schema's CHECK constraints keep them to lower-case letters, digits and hyphens.
     */
    private static String changeFields(Row row) {
        StringBuilder fields = new StringBuilder(200).append("{\"seq\":").append(row.getLong(0))
                .append(",\"type\":\"").append(row.getString(2))
                .append("\",\"id\":\"").append(row.getUUID(3))
                .append("\",\"slug\":\"").append(row.getString(4)).append('"');
        String previousSlug = row.getString(5);
        if (previousSlug != null) {
            fields.append(",\"previousSlug\":\"").append(previousSlug).append('"');
        }
        return fields.append(",\"revision\":").append(row.getInteger(6))
                .append(",\"at\":\"").append(row.getOffsetDateTime(7).toInstant().truncatedTo(ChronoUnit.SECONDS))
                .append("\",\"term\":").toString();
    }

    private Read close(Buffer json, Position next, boolean more) {
        String cursor = encode(next);
        json.appendString("],\"nextCursor\":\"" + cursor + "\",\"hasMore\":" + more + "}");
        return new Read(json, cursor);
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    /** The problem mapper classifies database failures by SQLSTATE; a lost connection is an outage (08006). */
    private static Throwable asDatabaseFailure(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof PgException pg) {
            return new DatabaseFailure(new SQLException(pg.getErrorMessage(), pg.getSqlState(), pg));
        }
        return new DatabaseFailure(new SQLTransientConnectionException(cause.getMessage(), "08006", cause));
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
}
