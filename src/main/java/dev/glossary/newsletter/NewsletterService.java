package dev.glossary.newsletter;

import dev.glossary.common.HttpUrl;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.Texts;
import dev.glossary.mail.Masthead;
import dev.glossary.web.ProblemException;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.Session;

/** Issues, and the sending of one: its recipients are fixed by one INSERT ... SELECT, no row per subscriber in Java. */
@ApplicationScoped
@Transactional
public class NewsletterService {

    @Schema(name = "Newsletter", description = "The newsletter and its latest issue")
    public record NewsletterResponse(
            @Schema(example = "AI Economy Pulse") String name,
            @Schema(example = "Every Friday: the 3 AI data points that actually matter this week.") String tagline,
            @Schema(nullable = true) IssueResponse latestIssue) {
    }

    @Schema(name = "IssueRequest")
    public record IssueRequest(
            @Schema(required = true, example = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went")
            @NotBlank @Size(max = 200) String title,
            @Schema(nullable = true, example = "Three numbers behind the quarter's record funding.")
            @Size(max = 2000) String summary,
            @Schema(nullable = true, format = "uri", example = "https://example.org/issues/42")
            @Size(max = 2048) @HttpUrl String url,
            @Schema(description = "Defaults to now", example = "2026-04-03T09:00:00Z")
            Instant publishedAt) {
    }

    @Schema(name = "Issue", description = "One issue of the newsletter")
    public record IssueResponse(
            @Schema(example = "1") long id,
            @Schema(example = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went") String title,
            @Schema(nullable = true) String summary,
            @Schema(nullable = true, format = "uri", example = "https://example.org/issues/42") String url,
            @Schema(example = "2026-04-03T09:00:00Z") Instant publishedAt) {
        static IssueResponse of(NewsletterIssue issue) {
            return new IssueResponse(issue.id, issue.title, issue.summary, issue.url, issue.publishedAt);
        }
    }

    @Schema(name = "Delivery", description = "How far the sending of one issue has got")
    public record DeliveryResponse(
            @Schema(example = "42") long issueId,
            @Schema(enumeration = {"queued", "sending", "sent"}, example = "sending") String status,
            @Schema(description = "Subscribers confirmed when the send started", example = "12034") int recipients,
            @Schema(example = "9000") long sent,
            @Schema(description = "Mails given up after their last retry", example = "0") long failed,
            @Schema(example = "2026-04-03T09:00:00Z") Instant startedAt,
            @Schema(nullable = true, example = "2026-04-03T09:04:01Z") Instant finishedAt,
            @Schema(description = "Recipients whose mail of this issue bounced for good (marked bounced)", example = "12")
            long bounced,
            @Schema(description = "Recipients who reported this issue as spam", example = "1") long complained,
            @Schema(description = "Recipients who unsubscribed through this issue's link", example = "7") long unsubscribed) {
    }

    /** Queueing a long list, or waiting for a concurrent send of the same issue, may take this long. */
    private static final int QUEUEING_TIMEOUT_MILLIS = 120_000;
    private static final String LONGER_STATEMENTS = "SELECT set_config('statement_timeout', '120000', true)";
    /** The other request of a concurrent pair waits here for this one's commit, then sees the row. */
    private static final String START = """
            INSERT INTO newsletter_delivery (issue_id, recipients) VALUES (:issue, 0) ON CONFLICT (issue_id) DO NOTHING
            """;
    private static final String QUEUE = """
            INSERT INTO newsletter_mail (issue_id, subscriber_id) SELECT :issue, id FROM subscriber WHERE status = 'confirmed'
            """;
    private static final String RECIPIENTS = """
            UPDATE newsletter_delivery
            SET recipients = :recipients, finished_at = CASE WHEN :recipients = 0 THEN started_at END
            WHERE issue_id = :issue
            """;
    private static final String DELIVERY = """
            SELECT d.recipients, d.started_at, d.finished_at,
                   count(m.id) FILTER (WHERE m.state = 'sent'),
                   count(m.id) FILTER (WHERE m.state = 'failed'),
                   coalesce(bool_or(m.state <> 'queued' OR m.attempts > 0), false),
                   (SELECT count(DISTINCT r.subscriber_id) FROM mail_report r
                    WHERE r.issue_id = d.issue_id AND (r.kind = 'hard-bounce' OR r.marked = 'bounced')),
                   (SELECT count(DISTINCT r.subscriber_id) FROM mail_report r
                    WHERE r.issue_id = d.issue_id AND r.kind = 'complaint'),
                   (SELECT count(DISTINCT t.subscriber_id) FROM subscriber_token t
                    WHERE t.issue_id = d.issue_id AND t.unsubscribed_at IS NOT NULL)
            FROM newsletter_delivery d LEFT JOIN newsletter_mail m ON m.issue_id = d.issue_id
            WHERE d.issue_id = :issue
            GROUP BY d.issue_id
            """;

    @Inject IssueRepository issues;
    @Inject Masthead masthead;

    @Transactional(Transactional.TxType.SUPPORTS)
    public NewsletterResponse newsletter() {
        return new NewsletterResponse(masthead.name(), masthead.tagline(),
                issues.latest().map(IssueResponse::of).orElse(null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<IssueResponse> list(PageRequest page) {
        return Page.counted(page, issues.count(),
                () -> issues.newestFirst(page).stream().map(IssueResponse::of).toList());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public IssueResponse get(long id) {
        return IssueResponse.of(issues.findByIdOptional(id).orElseThrow(() -> noIssue(id)));
    }

    public IssueResponse publish(IssueRequest request) {
        NewsletterIssue issue = new NewsletterIssue();
        issue.title = request.title().strip();
        issue.summary = Texts.blankToNull(request.summary());
        issue.url = request.url();
        issue.publishedAt = (request.publishedAt() == null ? Instant.now() : request.publishedAt())
                .truncatedTo(ChronoUnit.SECONDS);
        issues.persistAndFlush(issue);
        return IssueResponse.of(issue);
    }

    /** Queues the issue for every subscriber confirmed now; the unique (issue, subscriber) pair keeps anyone from getting two. */
    public DeliveryResponse send(long issueId) {
        issues.findByIdOptional(issueId).orElseThrow(() -> noIssue(issueId));
        var em = Panache.getEntityManager();
        // The driver's socket timeout (6 s, application.properties) is a JDBC connection setting: no statement can lift it.
        Session session = em.unwrap(Session.class);
        int usualTimeout = session.doReturningWork(Connection::getNetworkTimeout);
        session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, QUEUEING_TIMEOUT_MILLIS));
        try {
            em.createNativeQuery(LONGER_STATEMENTS).getSingleResult();
            if (em.createNativeQuery(START).setParameter("issue", issueId).executeUpdate() == 0) {
                throw ProblemException.conflict("Issue " + issueId + " has already been sent; "
                        + "GET /newsletter/issues/" + issueId + "/delivery shows how far");
            }
            int recipients = em.createNativeQuery(QUEUE).setParameter("issue", issueId).executeUpdate();
            em.createNativeQuery(RECIPIENTS).setParameter("issue", issueId).setParameter("recipients", recipients)
                    .executeUpdate();
        } finally {
            session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, usualTimeout));
        }
        return delivery(issueId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DeliveryResponse delivery(long issueId) {
        issues.findByIdOptional(issueId).orElseThrow(() -> noIssue(issueId));
        List<?> rows = Panache.getEntityManager().createNativeQuery(DELIVERY, Object[].class)
                .setParameter("issue", issueId).getResultList();
        Object[] row = rows.stream().map(Object[].class::cast).findFirst().orElseThrow(() ->
                ProblemException.notFound("Issue " + issueId + " has not been sent; POST to its /send to start"));
        Instant finishedAt = seconds(row[2]);
        String status = finishedAt != null ? "sent" : (Boolean) row[5] ? "sending" : "queued";
        return new DeliveryResponse(issueId, status, ((Number) row[0]).intValue(), ((Number) row[3]).longValue(),
                ((Number) row[4]).longValue(), seconds(row[1]), finishedAt, ((Number) row[6]).longValue(),
                ((Number) row[7]).longValue(), ((Number) row[8]).longValue());
    }

    private static ProblemException noIssue(long id) {
        return ProblemException.notFound("No issue has the id " + id);
    }

    /** Whole seconds, like every other timestamp of the API. */
    private static Instant seconds(Object timestamp) {
        return timestamp == null ? null : ((Instant) timestamp).truncatedTo(ChronoUnit.SECONDS);
    }
}
