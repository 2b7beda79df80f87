package dev.glossary.subscriber;

import dev.glossary.mail.MailConfig;
import dev.glossary.mail.MailReportParser;
import dev.glossary.mail.MailReportParser.Verdict;
import dev.glossary.mail.MailTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bounces and complaints the mail system sends back: each is kept and counted, and may stop mail to its subscriber. */
@ApplicationScoped
public class MailReportService {

    /** What a report turned out to be; {@link #value()} is its name in the API, the database and the metric. */
    enum Kind {
        HARD_BOUNCE, SOFT_BOUNCE, COMPLAINT, UNRELATED, UNPARSED;

        String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Schema(name = "MailReportOutcome", description = "What a report was taken to be, and whom it was about")
    public record Outcome(
            @Schema(type = SchemaType.STRING, enumeration = {"hard-bounce", "soft-bounce", "complaint", "unrelated", "unparsed"},
                    example = "hard-bounce") String kind,
            @Schema(nullable = true, example = "42", description = "Null unless the report names a mail of ours")
            Long subscriberId) {
    }

    /** The third temporary failure within this window marks the address bounced. */
    static final int SOFT_BOUNCES_TO_BOUNCE = 3;
    private static final String SOFT_BOUNCE_WINDOW = "30 days";
    /** Enough of an unattributed report to see what it was; at most 3 bytes a char, within the column's 64 KiB. */
    private static final int KEPT_CHARS = 21_000;

    private static final String RECENT_SOFT_BOUNCES = """
            SELECT count(*) FROM mail_report
            WHERE subscriber_id = :subscriber AND kind = 'soft-bounce' AND received_at > now() - CAST(:window AS interval)
            """;
    private static final String KEEP = """
            INSERT INTO mail_report (kind, subscriber_id, issue_id, marked, raw_size, raw_text)
            VALUES (:kind, :subscriber, :issue, :marked, :size, :raw)
            """;

    /**
     * Past the retention a report goes, raw text and all, except those an issue's delivery counts
     * (a bounce or complaint about an issue mail): deleting them would change old issues' figures.
     */
    private static final String FORGET_OLD = """
            DELETE FROM mail_report
            WHERE received_at < now() - make_interval(secs => :retention)
              AND NOT (issue_id IS NOT NULL AND (kind IN ('hard-bounce', 'complaint') OR marked IS NOT DISTINCT FROM 'bounced'))
            """;

    @Inject MailTokens tokens;
    @Inject MailConfig config;
    @Inject SubscriberRepository subscribers;
    @Inject MailOutbox outbox;
    private final Map<Kind, Counter> counters = new EnumMap<>(Kind.class);

    MailReportService(MeterRegistry registry) {
        Arrays.stream(Kind.values()).forEach(kind -> counters.put(kind, Counter.builder("glossary.mail.reports")
                .tag("kind", kind.value()).description("Reports POSTed to /mail/reports, by kind").register(registry)));
    }

    @Scheduled(identity = "mail-report-retention", every = "1H", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        forgetOld();
    }

    /** Deletes reports past the retention; returns how many. */
    @Transactional
    public int forgetOld() {
        return Panache.getEntityManager().createNativeQuery(FORGET_OLD)
                .setParameter("retention", (double) config.reportRetention().toSeconds()).executeUpdate();
    }

    @Transactional
    public Outcome receive(byte[] raw) {
        var parsed = MailReportParser.parse(raw);
        Optional<MailTokens.Named> named = parsed.tokens().stream().map(tokens::verify).flatMap(Optional::stream).findFirst();
        SubscriberStatus status = named.map(mail -> subscribers.lockStatus(mail.subscriberId())).orElse(null);
        Kind kind = status == null ? (parsed.verdict() == Verdict.UNPARSED ? Kind.UNPARSED : Kind.UNRELATED)
                : switch (parsed.verdict()) {
                    case HARD_BOUNCE -> Kind.HARD_BOUNCE;
                    case SOFT_BOUNCE -> Kind.SOFT_BOUNCE;
                    case COMPLAINT -> Kind.COMPLAINT;
                    case OTHER -> Kind.UNRELATED;
                    case UNPARSED -> Kind.UNPARSED;
                };
        Long subscriberId = status == null ? null : named.get().subscriberId();
        Long issueId = named.filter(mail -> mail.kind() == MailTokens.Kind.ISSUE).map(MailTokens.Named::reference).orElse(null);
        SubscriberStatus marked = switch (kind) {
            case HARD_BOUNCE -> stopMailing(subscriberId, SubscriberStatus.BOUNCED);
            case SOFT_BOUNCE -> recentSoftBounces(subscriberId) + 1 >= SOFT_BOUNCES_TO_BOUNCE
                    ? stopMailing(subscriberId, SubscriberStatus.BOUNCED) : null;
            case COMPLAINT -> stopMailing(subscriberId, SubscriberStatus.COMPLAINED);
            case UNRELATED, UNPARSED -> null;
        };
        boolean attributed = kind != Kind.UNRELATED && kind != Kind.UNPARSED;
        Panache.getEntityManager().createNativeQuery(KEEP).setParameter("kind", kind.value())
                .setParameter("subscriber", subscriberId).setParameter("issue", attributed ? issueId : null)
                .setParameter("marked", marked == null ? null : marked.value()).setParameter("size", raw.length)
                .setParameter("raw", attributed ? null : keptText(raw)).executeUpdate();
        counters.get(kind).increment();
        return new Outcome(kind.value(), attributed ? subscriberId : null);
    }

    /** Bounced stops mail to pending and confirmed addresses; a complaint overrides any other state. */
    private SubscriberStatus stopMailing(long subscriberId, SubscriberStatus to) {
        List<SubscriberStatus> from = to == SubscriberStatus.BOUNCED
                ? List.of(SubscriberStatus.PENDING, SubscriberStatus.CONFIRMED)
                : List.of(SubscriberStatus.PENDING, SubscriberStatus.CONFIRMED, SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED);
        if (!subscribers.stopMailing(subscriberId, to, from)) {
            return null;
        }
        outbox.cancelQueuedFor(subscriberId);
        return to;
    }

    private long recentSoftBounces(long subscriberId) {
        return ((Number) Panache.getEntityManager().createNativeQuery(RECENT_SOFT_BOUNCES)
                .setParameter("subscriber", subscriberId).setParameter("window", SOFT_BOUNCE_WINDOW).getSingleResult()).longValue();
    }

    /** PostgreSQL text holds no NUL, and binary input decodes to replacement characters. */
    private static String keptText(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8).replace("\0", "");
        if (text.length() <= KEPT_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(KEPT_CHARS - 1)) ? KEPT_CHARS - 1 : KEPT_CHARS;
        return text.substring(0, end);
    }
}
