package dev.glossary.term.feed;

import dev.glossary.common.CursorSigner;
import dev.glossary.term.ChangePublisher;
import dev.glossary.term.PgFailures;
import dev.glossary.term.TermsChanged;
import dev.glossary.web.ETags;
import dev.glossary.web.ProblemException;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collector;

/** The change feed (migration V9), streamed as it is read; an idle poll is answered from memory (docs/architecture/term.md). */
@ApplicationScoped
public class ChangeFeed implements ChangePublisher {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final String CURSOR_PREFIX = "changes:";
    /** The signed payload: seq and epoch second; the bounds keep both parseable. */
    private static final Pattern CURSOR = Pattern.compile(CURSOR_PREFIX + "(-?\\d{1,18}):(-?\\d{1,15})");
    /** Tombstones outlive the retention by this, so that no cursor it accepts misses one, whatever the clocks. */
    private static final Duration TOMBSTONE_MARGIN = Duration.ofDays(1);
    /** Ordered by the partial index's key, so that stale statistics cannot turn it into a table scan. */
    private static final String ANY_UNPUBLISHED = "SELECT term_id FROM term_change WHERE seq IS NULL ORDER BY term_id LIMIT 1";
    /** A page whose every row tells the page's size, last seq and last publication: the next cursor comes with the first row. */
    private static final String READ = """
            SELECT w.seq, w.published_at, w.kind, w.public_id, w.slug, w.previous_slug, w.revision, w.at, d.body,
                   w.rows, w.last_seq, w.last_published
            FROM (SELECT c.*, count(*) OVER () AS rows,
                         max(c.seq) FILTER (WHERE c.position <= $2) OVER () AS last_seq,
                         max(c.published_at) FILTER (WHERE c.position <= $2) OVER () AS last_published
                  FROM (SELECT term_id, seq, published_at, kind, public_id, slug, previous_slug, revision, at,
                               row_number() OVER (ORDER BY seq) AS position
                        FROM term_change WHERE seq > $1 ORDER BY seq LIMIT $2 + 1) c) w
            LEFT JOIN term_document d ON d.term_id = w.term_id AND w.kind <> 'deleted'
            ORDER BY w.seq
            """;
    private static final byte[] OPENING = "{\"changes\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NULL_TERM = "null".getBytes(StandardCharsets.UTF_8);

    @ConfigMapping(prefix = "glossary.changes")
    interface Config {

        /** How long the feed keeps deletions; an older cursor answers 410, since deletions it has not seen may be gone. */
        @WithDefault("90D")
        Duration retention();
    }

    /** After {@code seq}; {@code at} is no later than the publication of any deletion beyond it the reader needs. */
    record Position(long seq, Instant at) {
    }

    /**
     * What a page's headers need: its next cursor, and a weak ETag of what the page holds. Changes only ever
     * get a seq above every earlier one, and a term changed again leaves its old place, so the rows between
     * two seqs are known by their count; with the start, limit and end seq that fixes the body, all but the
     * time in the next cursor when that is the time of the request (at the end, or on a first page). That
     * time goes in by the day: a 304 then never keeps a client's cursor more than a day behind, well within
     * the retention. Every instance computes the same tag, with no read.
     */
    public record Head(String nextCursor, String etag) {
    }

    private static String etag(Position from, int limit, long lastSeq, long rows, boolean more, Position next, Instant now) {
        long time = next.at().equals(now) ? now.getEpochSecond() / 86_400 : next.at().getEpochSecond();
        String state = from.seq() + ":" + limit + ":" + lastSeq + ":" + rows + ":" + more + ":" + time;
        return "W/" + ETags.of(state.getBytes(StandardCharsets.UTF_8));
    }

    /** The end of the feed as a read found it; it holds while {@link #heard} is still {@code heardBefore}. */
    private record End(long seq, long heardBefore) {
    }

    /** A page as it is read: its head first (before any JSON), then its JSON in chunks. */
    public record Page(CompletableFuture<Head> head, UnicastProcessor<Buffer> chunks) {

        public Page() {
            this(new CompletableFuture<>(), UnicastProcessor.create());
        }
    }

    @Inject Pool pool;
    @Inject CursorSigner signer;
    @Inject EntityManager entityManager;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();
    private final String publish;
    /** Feed writes heard of (NOTIFY, own commits) and listener reconnections: each ends what an End knew. */
    private final AtomicLong heard = new AtomicLong();
    private volatile boolean listening;
    private volatile End end;

    ChangeFeed(Config config) {
        this.retention = config.retention();
        this.publish = "SELECT count(*) FROM (SELECT publish_term_changes(now() - interval '"
                + retention.plus(TOMBSTONE_MARGIN).toSeconds() + " seconds')) published";
    }

    /** The page as it is read; fails before its next cursor for a bad cursor (400, 410) or the database, or after it mid-page. */
    public CompletionStage<Void> stream(String cursor, int limit, Page page) {
        return signer.keyLoaded().thenCompose(loaded -> streamSigned(cursor, limit, page))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(PgFailures.asProblem(failure)));
    }

    /** Nothing can follow the end a read found while the listener heard of no feed write since. */
    private boolean idleAt(Position from) {
        End known = end;
        return listening && known != null && known.heardBefore() == heard.get() && from.seq() >= known.seq();
    }

    private CompletionStage<Void> streamSigned(String cursor, int limit, Page page) {
        Instant now = clock.instant();
        Position from = cursor == null || cursor.isEmpty() ? new Position(0, now) : decode(cursor, now);
        if (idleAt(from)) {
            Position position = new Position(from.seq(), now);
            String next = encode(position);
            page.head().complete(new Head(next, etag(from, limit, from.seq(), 0, false, position, now)));
            page.chunks().onNext(Buffer.buffer(OPENING).appendString(tail(next, false)));
            return CompletableFuture.completedFuture(null);
        }
        long heardBefore = heard.get();
        return publishPending()
                .compose(published -> pool.preparedQuery(READ)
                        .collecting(Collector.of(() -> new PageWriter(from, limit, now, page), PageWriter::add, (one, other) -> one))
                        .execute(Tuple.of(from.seq(), limit)))
                .map(rows -> {
                    PageWriter writer = rows.value();
                    writer.finish();
                    if (!writer.more) {
                        end = new End(writer.lastSeq, heardBefore);
                    }
                    return (Void) null;
                })
                .toCompletionStage();
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

    /** Gives committed changes their seq in the caller's transaction, for a webhook sender to read the seq it announces. */
    @Override
    public void publishCommitted() {
        if (!entityManager.createNativeQuery(ANY_UNPUBLISHED).getResultList().isEmpty()) {
            entityManager.createNativeQuery(publish).getResultList();
        }
    }

    /** Skipped when nothing is pending, so that an idle poll stays one read. */
    private Future<Void> publishPending() {
        return pool.preparedQuery(ANY_UNPUBLISHED).execute().compose(unpublished -> unpublished.size() == 0
                ? Future.succeededFuture()
                : pool.query(publish).execute().mapEmpty());
    }

    /** Writes the page as rows arrive, in chunks handed to the sink as they fill, so that no page is held whole. */
    private final class PageWriter {

        private static final int CHUNK = 64 * 1024;

        private final Position from;
        private final int limit;
        private final Instant now;
        private final Page page;
        private Buffer chunk;
        private String nextCursor;
        private int count;
        private boolean more;
        private long lastSeq;

        PageWriter(Position from, int limit, Instant now, Page page) {
            this.from = from;
            this.limit = limit;
            this.now = now;
            this.page = page;
            this.lastSeq = from.seq();
        }

        void add(Row row) {
            if (chunk == null) {
                start(row);
            }
            if (count == limit) {
                return; // the row after the page only says that more follow
            }
            if (count++ > 0) {
                chunk.appendByte((byte) ',');
            }
            chunk.appendString(changeFields(row));
            Buffer term = row.getBuffer(8);
            if (term == null) {
                chunk.appendBytes(NULL_TERM);
            } else {
                chunk.appendBuffer(term);
            }
            chunk.appendByte((byte) '}');
            if (chunk.length() >= CHUNK) {
                page.chunks().onNext(chunk);
                chunk = Buffer.buffer(CHUNK);
            }
        }

        private void start(Row first) {
            more = first.getLong(9) > limit;
            lastSeq = first.getLong(10);
            Instant lastPublished = first.getOffsetDateTime(11).toInstant();
            Instant laterOfTwo = lastPublished.isAfter(from.at()) ? lastPublished : from.at();
            begin(new Position(lastSeq, more ? laterOfTwo : now), Math.min(first.getLong(9), limit));
        }

        private void begin(Position next, long rows) {
            nextCursor = encode(next);
            page.head().complete(new Head(nextCursor, etag(from, limit, lastSeq, rows, more, next, now)));
            chunk = Buffer.buffer(CHUNK).appendBytes(OPENING);
        }

        void finish() {
            if (chunk == null) {
                begin(new Position(from.seq(), now), 0); // nothing new
            }
            page.chunks().onNext(chunk.appendString(tail(nextCursor, more)));
        }
    }

    /** The Change up to its term, in the contract's order; slugs need no escaping (CHECK constraints). */
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

    private static String tail(String cursor, boolean more) {
        return "],\"nextCursor\":\"" + cursor + "\",\"hasMore\":" + more + "}";
    }

    String encode(Position position) {
        return signer.sign(CURSOR_PREFIX + position.seq() + ":" + position.at().getEpochSecond());
    }

    private Position decode(String cursor, Instant now) {
        Matcher payload = signer.verify(cursor).map(CURSOR::matcher).filter(Matcher::matches).orElseThrow(
                () -> ProblemException.invalidField("cursor", "is not a change feed cursor; start again without one"));
        Position position = new Position(Long.parseLong(payload.group(1)), Instant.ofEpochSecond(Long.parseLong(payload.group(2))));
        if (position.at().isBefore(now.minus(retention))) {
            throw ProblemException.gone("This cursor is older than the feed's retention of deletions ("
                    + retention.toDays() + " days), so deletions since may be gone: start again without a cursor");
        }
        return position;
    }
}
