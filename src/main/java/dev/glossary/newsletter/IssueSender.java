package dev.glossary.newsletter;

import dev.glossary.mail.MailConfig;
import dev.glossary.mail.MailTokens;
import dev.glossary.mail.MailTransport;
import dev.glossary.mail.SubscriptionLinks;
import dev.glossary.outbox.OutboxQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue mails, once per (issue, subscriber) unless a crash falls between the server's 250 and the
 * record of it, under the send-rate cap; see docs/newsletter.md, "Sending an issue".
 */
@ApplicationScoped
public class IssueSender extends OutboxQueue<IssueSender.ClaimedMail, Void> {

    /**
     * Skips a row whose subscriber is no longer confirmed. No token is stored: the unsubscribe link
     * carries the mail's signed name ({@link MailTokens}), made here in Java.
     */
    private static final String CLAIM = """
            WITH due AS (%s),
            claimed AS (
                UPDATE newsletter_mail m
                SET state = CASE WHEN s.status = 'confirmed' THEN 'sending' ELSE 'skipped' END,
                    claimed_at = now(),
                    finished_at = CASE WHEN s.status = 'confirmed' THEN NULL ELSE now() END
                FROM due, subscriber s
                WHERE m.id = due.id AND s.id = m.subscriber_id
                RETURNING m.id, m.issue_id, m.subscriber_id, m.attempts, m.state, s.email)
            SELECT c.id, c.issue_id, c.subscriber_id, c.attempts, c.email, c.state = 'skipped', i.title, i.summary, i.url
            FROM claimed c JOIN newsletter_issue i ON i.id = c.issue_id
            """.formatted(OutboxQueue.dueRows("newsletter_mail"));

    /** Only a 'sending' row is recorded: one taken back after its lease belongs to the sender that took it. */
    private static final String RECORD = """
            UPDATE newsletter_mail m
            SET state = r.state, attempts = m.attempts + 1, last_error = r.error,
                next_attempt_at = now() + make_interval(secs => r.delay),
                finished_at = CASE WHEN r.state <> 'queued' THEN now() END
            FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[]), CAST(:errors AS text[]),
                        CAST(:delays AS float8[])) AS r (id, state, error, delay)
            WHERE m.id = r.id AND m.state = 'sending'
            """;

    /**
     * Rows whose sender died (or stalled) after its claim: sent again. A live sender starts no send
     * later than {@link #startBy} after its claim, and a send ends within the mailer's timeout, so past
     * the lease nobody is still sending them. A row that keeps being abandoned is given up at last.
     */
    private static final String ABANDONED = """
            UPDATE newsletter_mail
            SET attempts = attempts + 1,
                state = CASE WHEN attempts + 1 >= :maxAttempts THEN 'failed' ELSE 'queued' END,
                finished_at = CASE WHEN attempts + 1 >= :maxAttempts THEN now() END,
                next_attempt_at = now(),
                last_error = 'its sender stopped before recording the outcome; sent again'
            WHERE state = 'sending' AND claimed_at < now() - make_interval(secs => :after)
            RETURNING state
            """;

    private static final String FINISH_DRAINED = """
            UPDATE newsletter_delivery d SET finished_at = now()
            WHERE d.finished_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM newsletter_mail m
                              WHERE m.issue_id = d.issue_id AND m.state IN ('queued', 'sending'))
            """;

    private static final String ANYTHING_DUE = """
            SELECT count(*) FROM (SELECT 1 FROM newsletter_mail WHERE state = 'queued' AND next_attempt_at <= now() LIMIT 1) due
            """;

    private static final String REMAINING = "SELECT count(*) FROM newsletter_mail WHERE state IN ('queued', 'sending')";

    /** The send-rate cap of all replicas together: a token bucket in one row, refilled by the database's clock. */
    private static final String TAKE = """
            WITH bucket AS (
                SELECT least(:rate, tokens + :rate * extract(epoch FROM (clock.at - refilled_at))) AS available, clock.at
                FROM send_rate_bucket, clock_timestamp() AS clock(at)
                WHERE name = 'newsletter'
                FOR UPDATE OF send_rate_bucket)
            UPDATE send_rate_bucket
            SET tokens = bucket.available - least(:wanted, floor(bucket.available)), refilled_at = bucket.at
            FROM bucket
            WHERE name = 'newsletter'
            RETURNING least(:wanted, floor(bucket.available))::int
            """;

    /** A claimed issue mail; skipped when its subscriber is no longer confirmed. */
    record ClaimedMail(long id, long issueId, long subscriberId, int attempts, String recipient, boolean skipped,
            String title, String summary, String url, long startByNanos) implements OutboxQueue.Claimed {
    }

    private static final Logger LOG = Logger.getLogger(IssueSender.class);

    @Inject MailTransport transport;
    @Inject SubscriptionLinks links;
    @Inject IssueMailContent content;
    @Inject NewsletterConfig config;
    @Inject MailConfig mail;
    @Inject MailTokens mailTokens;
    private final AtomicLong remaining = new AtomicLong();

    IssueSender(MeterRegistry registry) {
        Gauge.builder("glossary.newsletter.mails.remaining", remaining, AtomicLong::get)
                .description("Issue mails queued or being sent, as this instance last counted them")
                .register(registry);
    }

    @Scheduled(identity = "newsletter-delivery", every = "${glossary.newsletter.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        runScheduled();
    }

    @Override
    public int deliverDue() {
        return deliverDue(config.mailsPerSecond());
    }

    /** As {@link #deliverDue()} with the given cap (0: none); tests choose it. */
    int deliverDue(int mailsPerSecond) {
        if (mailsPerSecond <= 0) {
            return deliverDue(wanted -> wanted); // nothing due: the claim finds nothing, and nothing is taken
        }
        return deliverDue(wanted -> !QuarkusTransaction.requiringNew().call(() -> count(ANYTHING_DUE) > 0) ? 0
                : paced(wanted, mailsPerSecond));
    }

    /**
     * What the bucket grants; when that is short, waits until the rest has refilled (a second at
     * most) and takes again. A long send then runs at the cap: stopping at the first short grant
     * left the rest to the next run a scheduler tick later, and the bucket, which holds one
     * second's worth, overflowed meanwhile (16 % under a 300 mails/s cap).
     */
    private int paced(int wanted, int perSecond) {
        int granted = take(wanted, perSecond);
        if (granted < wanted && !stopping()) {
            try {
                // Rounded up, and a little more: a refill a hair short is floored to one mail short, and ends the run.
                Thread.sleep(Math.min(1000, ((wanted - granted) * 1000L + perSecond - 1) / perSecond + 10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return granted;
            }
            granted += take(wanted - granted, perSecond);
        }
        return granted;
    }

    /** Takes up to {@code wanted} mails' worth from the bucket in a transaction of its own; returns how many it got. */
    int take(int wanted, int perSecond) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager().createNativeQuery(TAKE)
                .setParameter("rate", (double) perSecond).setParameter("wanted", wanted).getSingleResult()).intValue());
    }

    @Override
    public Settings settings() {
        // Two sends per SMTP session: while one waits for its reply, the next one's envelope follows it.
        return new Settings("Issue mail", config.batchSize(), 2 * config.concurrency(),
                new Retry(mail.initialBackoff(), mail.maxBackoff(), mail.maxAttempts(), false),
                "glossary.newsletter.mails", "Issue mails by outcome; failed means given up");
    }

    @Override
    protected List<ClaimedMail> claim(int limit) {
        // From before the database stamps claimed_at: errs on the early side. Once per batch: startBy() per mail was a thirtieth of its CPU.
        long startByNanos = System.nanoTime() + startBy().toNanos();
        List<?> rows = Panache.getEntityManager().createNativeQuery(CLAIM).setParameter("limit", limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new ClaimedMail(((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue(),
                (String) row[4], (Boolean) row[5], (String) row[6], (String) row[7], (String) row[8], startByNanos)).toList();
    }

    @Override
    protected CompletionStage<Void> send(ClaimedMail claimed) {
        if (System.nanoTime() - claimed.startByNanos() > 0) {
            // Too late: another replica may take the row back while this send still runs. Queued again, not sent.
            return CompletableFuture.failedFuture(new MailTransport.NotSent("lease too short to start the send"));
        }
        // One token names the mail for bounces and complaints, and is its unsubscribe link.
        String token = mailTokens.token(MailTokens.Kind.ISSUE, claimed.issueId(), claimed.subscriberId());
        Mail composed = content.compose(claimed.issueId(), claimed.title(), claimed.summary(), claimed.url(),
                        claimed.recipient(), token)
                // The same for every attempt at one (issue, subscriber), so a receiver can drop a duplicate.
                .addHeader("Message-ID", "<issue-" + claimed.issueId() + "." + claimed.subscriberId() + "@" + links.host() + ">");
        mailTokens.stamp(composed, token);
        return transport.sendAsync(composed);
    }

    @Override
    protected void record(List<Outcome<ClaimedMail, Void>> outcomes) {
        var recorded = outcomes.stream().filter(outcome -> outcome.kind() != Outcome.Kind.SKIPPED).toList();
        if (!recorded.isEmpty()) {
            Outcome.bind(Panache.getEntityManager().createNativeQuery(RECORD), recorded).executeUpdate();
        }
    }

    /** How long after its claim a mail may still be started: the lease, less the longest an SMTP transaction may take. */
    Duration startBy() {
        Duration lease = config.abandonedAfter();
        Duration left = lease.minus(transport.timeout());
        return left.compareTo(lease.dividedBy(2)) < 0 ? lease.dividedBy(2) : left;
    }

    @Override
    protected Duration recordEvery() {
        return config.recordEvery();
    }

    @Override
    protected int recoverAbandoned() {
        List<?> states = Panache.getEntityManager().createNativeQuery(ABANDONED)
                .setParameter("after", config.abandonedAfter().toMillis() / 1000.0)
                .setParameter("maxAttempts", mail.maxAttempts()).getResultList();
        if (!states.isEmpty()) {
            LOG.warnf("Issue mail: %d taken back from a sender that stopped; sent again (a copy may already have arrived)",
                    states.size());
        }
        return (int) states.stream().filter("failed"::equals).count();
    }

    /** Marks deliveries with nothing left to send as finished, and counts what remains for the gauge. */
    @Override
    protected void afterRun() {
        Panache.getEntityManager().createNativeQuery(FINISH_DRAINED).executeUpdate();
        remaining.set(count(REMAINING));
    }

    private static long count(String sql) {
        return ((Number) Panache.getEntityManager().createNativeQuery(sql).getSingleResult()).longValue();
    }
}
