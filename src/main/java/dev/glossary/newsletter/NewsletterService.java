package dev.glossary.newsletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.common.HttpUrl;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.Texts;
import dev.glossary.mail.Masthead;
import dev.glossary.web.ETags;
import dev.glossary.web.ProblemException;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.Session;

/** Issues, and the sending of one: its recipients are fixed by one INSERT ... SELECT, no row per subscriber in Java. */
@ApplicationScoped
@Transactional
public class NewsletterService {

    @Schema(name = "Newsletter", description = "The newsletter, its weekly slot and its latest issue")
    public record NewsletterResponse(
            @Schema(example = "AI Economy Pulse") String name,
            @Schema(example = "Every Friday: the 3 AI data points that actually matter this week.") String tagline,
            NewsletterSchedule.ScheduleResponse schedule,
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
            @Schema(description = "Defaults to now; not for a draft", example = "2026-04-03T09:00:00Z")
            Instant publishedAt,
            @Schema(enumeration = {"draft", "published"}, description = "draft: seen by editors only; "
                    + "without it the issue is published", example = "draft")
            @Pattern(regexp = "draft|published", message = "must be draft or published") String status,
            @Schema(maxItems = 3, description = "Scheduling or sending a draft needs exactly 3")
            @Size(max = 3) List<@Valid @NotNull DataPoint> dataPoints) {
    }

    @Schema(name = "IssueEdit", description = "A draft's or scheduled issue's content, replacing what it had")
    public record IssueEdit(
            @Schema(required = true, example = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went")
            @NotBlank @Size(max = 200) String title,
            @Schema(nullable = true, example = "Three numbers behind the quarter's record funding.")
            @Size(max = 2000) String summary,
            @Schema(nullable = true, format = "uri", example = "https://example.org/issues/42")
            @Size(max = 2048) @HttpUrl String url,
            @Schema(maxItems = 3, description = "A scheduled issue keeps exactly 3")
            @Size(max = 3) List<@Valid @NotNull DataPoint> dataPoints) {
    }

    @Schema(name = "ScheduleIssueRequest", description = "When to send; {} for the newsletter's next weekly slot")
    public record ScheduleIssueRequest(
            @Schema(description = "An instant in the future; absent: the next weekly slot", example = "2026-12-11T09:00:00Z")
            Instant sendAt) {
    }

    @Schema(name = "Issue", description = "One issue of the newsletter")
    public record IssueResponse(
            @Schema(example = "1") long id,
            @Schema(example = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went") String title,
            @Schema(nullable = true) String summary,
            @Schema(nullable = true, format = "uri", example = "https://example.org/issues/42") String url,
            @Schema(example = "sent") IssueStatus status,
            @Schema(nullable = true, description = "Null until the issue is published", example = "2026-04-03T09:00:00Z")
            Instant publishedAt,
            @Schema(nullable = true, description = "When a scheduled issue goes out", example = "2026-04-03T09:00:00Z")
            Instant sendAt,
            @Schema(maxItems = 3) List<DataPoint> dataPoints) {
        static IssueResponse of(NewsletterIssue issue, List<DataPoint> dataPoints) {
            return new IssueResponse(issue.id, issue.title, issue.summary, issue.url, issue.status, issue.publishedAt,
                    issue.sendAt, List.copyOf(dataPoints));
        }
    }

    /** An issue's JSON and the ETag of exactly those bytes. */
    public record TaggedIssue(byte[] json, String etag) {
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
    /** Unsubscribes: on the mail's row (signed links), or on a stored token (issue mails sent before V18). */
    private static final String DELIVERY = """
            SELECT d.recipients, d.started_at, d.finished_at,
                   count(m.id) FILTER (WHERE m.state = 'sent'),
                   count(m.id) FILTER (WHERE m.state = 'failed'),
                   coalesce(bool_or(m.state <> 'queued' OR m.attempts > 0), false),
                   (SELECT count(DISTINCT r.subscriber_id) FROM mail_report r
                    WHERE r.issue_id = d.issue_id AND (r.kind = 'hard-bounce' OR r.marked = 'bounced')),
                   (SELECT count(DISTINCT r.subscriber_id) FROM mail_report r
                    WHERE r.issue_id = d.issue_id AND r.kind = 'complaint'),
                   count(m.id) FILTER (WHERE m.unsubscribed_at IS NOT NULL)
                   + (SELECT count(DISTINCT t.subscriber_id) FROM subscriber_token t
                      WHERE t.issue_id = d.issue_id AND t.unsubscribed_at IS NOT NULL)
            FROM newsletter_delivery d LEFT JOIN newsletter_mail m ON m.issue_id = d.issue_id
            WHERE d.issue_id = :issue
            GROUP BY d.issue_id
            """;

    @Inject IssueRepository issues;
    @Inject DataPointRepository dataPoints;
    @Inject NewsletterSchedule schedule;
    @Inject Masthead masthead;
    @Inject ObjectMapper mapper;

    @Transactional(Transactional.TxType.SUPPORTS)
    public NewsletterResponse newsletter() {
        return new NewsletterResponse(masthead.name(), masthead.tagline(),
                NewsletterSchedule.ScheduleResponse.of(schedule.current(), Instant.now()),
                issues.latestPublic(Instant.now()).map(this::response).orElse(null));
    }

    /** The public's issues, of one status if given; an editor asking for a status gets every issue of it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<IssueResponse> list(PageRequest page, Optional<IssueStatus> status, boolean editor) {
        if (editor && status.isPresent()) {
            return Page.counted(page, issues.countWith(status.get()),
                    () -> responses(issues.newestFirstWith(status.get(), page)));
        }
        Instant now = Instant.now();
        return Page.counted(page, issues.countPublic(status, now), () -> responses(issues.newestFirstPublic(status, now, page)));
    }

    /** Drafts, scheduled and future issues are the editors': anyone else is told there is no such issue. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TaggedIssue get(long id, boolean editor) {
        NewsletterIssue issue = issues.findByIdOptional(id).filter(found -> editor || found.isPublicAt(Instant.now()))
                .orElseThrow(() -> noIssue(id));
        return tagged(response(issue));
    }

    public IssueResponse publish(IssueRequest request) {
        NewsletterIssue issue = new NewsletterIssue();
        issue.title = request.title().strip();
        issue.summary = Texts.blankToNull(request.summary());
        issue.url = request.url();
        if ("draft".equals(request.status())) {
            if (request.publishedAt() != null) {
                throw ProblemException.invalidField("publishedAt", "is set when the draft is sent; leave it out of a draft");
            }
            issue.status = IssueStatus.draft;
        } else {
            issue.status = IssueStatus.published;
            issue.publishedAt = (request.publishedAt() == null ? Instant.now() : request.publishedAt())
                    .truncatedTo(ChronoUnit.SECONDS);
        }
        issues.persistAndFlush(issue);
        dataPoints.replace(issue.id, normalised(request.dataPoints()));
        return response(issue);
    }

    /** Replaces a draft's or scheduled issue's content; If-Match, when given, must name what the editor read. */
    public TaggedIssue edit(long id, IssueEdit edit, String ifMatch) {
        NewsletterIssue issue = editable(id, ifMatch);
        issue.title = edit.title().strip();
        issue.summary = Texts.blankToNull(edit.summary());
        issue.url = edit.url();
        List<DataPoint> points = normalised(edit.dataPoints());
        if (issue.status == IssueStatus.scheduled) {
            needsThreeDataPoints(points.size(), "A scheduled issue");
        }
        dataPoints.replace(id, points);
        return tagged(response(issue));
    }

    public IssueResponse schedule(long id, ScheduleIssueRequest request) {
        NewsletterIssue issue = editable(id, null);
        needsThreeDataPoints(dataPoints.count(id), "Scheduling");
        Instant now = Instant.now();
        Instant sendAt = request.sendAt() == null ? schedule.current().nextAfter(now) : request.sendAt();
        if (!sendAt.isAfter(now)) {
            throw ProblemException.unprocessable("sendAt " + sendAt + " is not in the future");
        }
        issue.status = IssueStatus.scheduled;
        issue.sendAt = sendAt.truncatedTo(ChronoUnit.SECONDS);
        return response(issue);
    }

    /** Back to draft; a draft stays one. */
    public IssueResponse unschedule(long id) {
        NewsletterIssue issue = editable(id, null);
        issue.status = IssueStatus.draft;
        issue.sendAt = null;
        return response(issue);
    }

    /**
     * Publishes a draft or scheduled issue now (a published one keeps its date), marks it sent, and queues it for
     * every subscriber confirmed now. The issue's row lock orders this against edits and the scheduled publisher.
     */
    public DeliveryResponse send(long issueId) {
        NewsletterIssue issue = locked(issueId);
        if (issue.status == IssueStatus.sent) {
            throw alreadySent(issueId);
        }
        if (issue.status.isEditable()) {
            needsThreeDataPoints(dataPoints.count(issueId), "Sending a draft");
            issue.publishedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }
        issue.status = IssueStatus.sent;
        issues.flush();
        queueDelivery(issueId);
        return delivery(issueId);
    }

    /** Queues the issue for every subscriber confirmed now; the unique (issue, subscriber) pair keeps anyone from getting two. */
    void queueDelivery(long issueId) {
        var em = Panache.getEntityManager();
        // The driver's socket timeout (6 s, application.properties) is a JDBC connection setting: no statement can lift it.
        Session session = em.unwrap(Session.class);
        int usualTimeout = session.doReturningWork(Connection::getNetworkTimeout);
        session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, QUEUEING_TIMEOUT_MILLIS));
        try {
            em.createNativeQuery(LONGER_STATEMENTS).getSingleResult();
            if (em.createNativeQuery(START).setParameter("issue", issueId).executeUpdate() == 0) {
                throw alreadySent(issueId);
            }
            int recipients = em.createNativeQuery(QUEUE).setParameter("issue", issueId).executeUpdate();
            em.createNativeQuery(RECIPIENTS).setParameter("issue", issueId).setParameter("recipients", recipients)
                    .executeUpdate();
        } finally {
            session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, usualTimeout));
        }
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

    private NewsletterIssue locked(long id) {
        return issues.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).orElseThrow(() -> noIssue(id));
    }

    /** Locked, still a draft or scheduled, and (with If-Match) as the editor read it. */
    private NewsletterIssue editable(long id, String ifMatch) {
        NewsletterIssue issue = locked(id);
        if (!issue.status.isEditable()) {
            throw ProblemException.conflict("Issue " + id + " is " + issue.status + "; only drafts and scheduled issues change");
        }
        if (ifMatch != null && !ETags.matchHits(ifMatch, tagged(response(issue)).etag())) {
            throw ProblemException.preconditionFailed("The issue has changed since you read it; fetch it again and retry");
        }
        return issue;
    }

    private static void needsThreeDataPoints(int count, String what) {
        if (count != 3) {
            throw ProblemException.unprocessable(what + " needs exactly 3 data points; the issue has " + count);
        }
    }

    private static List<DataPoint> normalised(List<DataPoint> points) {
        return points == null ? List.of() : points.stream().map(DataPoint::normalised).toList();
    }

    private IssueResponse response(NewsletterIssue issue) {
        return IssueResponse.of(issue, dataPoints.ofIssues(List.of(issue.id)).getOrDefault(issue.id, List.of()));
    }

    /** One query for the data points of a whole page. */
    private List<IssueResponse> responses(List<NewsletterIssue> page) {
        Map<Long, List<DataPoint>> points = dataPoints.ofIssues(page.stream().map(issue -> issue.id).toList());
        return page.stream().map(issue -> IssueResponse.of(issue, points.getOrDefault(issue.id, List.of()))).toList();
    }

    private TaggedIssue tagged(IssueResponse issue) {
        try {
            byte[] json = mapper.writeValueAsBytes(issue);
            return new TaggedIssue(json, ETags.of(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException alreadySent(long issueId) {
        return ProblemException.conflict("Issue " + issueId + " has already been sent; "
                + "GET /newsletter/issues/" + issueId + "/delivery shows how far");
    }

    private static ProblemException noIssue(long id) {
        return ProblemException.notFound("No issue has the id " + id);
    }

    /** Whole seconds, like every other timestamp of the API. */
    private static Instant seconds(Object timestamp) {
        return timestamp == null ? null : ((Instant) timestamp).truncatedTo(ChronoUnit.SECONDS);
    }
}
