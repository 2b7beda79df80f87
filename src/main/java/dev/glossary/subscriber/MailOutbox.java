package dev.glossary.subscriber;

import dev.glossary.mail.MailConfig;
import dev.glossary.mail.MailTokens;
import dev.glossary.mail.MailTransport;
import dev.glossary.mail.Masthead;
import dev.glossary.mail.SubscriptionLinks;
import dev.glossary.outbox.OutboxQueue;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Confirmation mails; their raw tokens live here only while queued (only hashes are stored elsewhere), then are blanked. */
@ApplicationScoped
public class MailOutbox extends OutboxQueue<MailOutbox.QueuedMail, Void> {

    /** A claim lasts this long: a sender that dies mid-batch leaves its mails to another after it (at least once). */
    private static final Duration LEASE = Duration.ofMinutes(15);

    private static final String ENQUEUE = """
            INSERT INTO mail_outbox (subscriber_id, kind, confirm_token, unsubscribe_token)
            VALUES (:subscriber, 'confirmation', :confirm, :unsubscribe)
            """;

    private static final String CLAIM = """
            WITH due AS (%s)
            UPDATE mail_outbox o SET next_attempt_at = now() + make_interval(secs => :lease)
            FROM due, subscriber s
            WHERE o.id = due.id AND s.id = o.subscriber_id
            RETURNING o.id, s.email, s.status <> 'pending', o.confirm_token, o.unsubscribe_token, o.attempts, s.id
            """.formatted(OutboxQueue.dueRows("mail_outbox"));

    private static final String RECORD = """
            UPDATE mail_outbox o
            SET state = r.state, last_error = coalesce(r.error, o.last_error),
                attempts = o.attempts + CASE WHEN r.state IN ('queued', 'failed') THEN 1 ELSE 0 END,
                next_attempt_at = now() + make_interval(secs => r.delay),
                confirm_token = CASE WHEN r.state = 'queued' THEN o.confirm_token END,
                unsubscribe_token = CASE WHEN r.state = 'queued' THEN o.unsubscribe_token END,
                finished_at = CASE WHEN r.state <> 'queued' THEN now() END
            FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[]), CAST(:errors AS text[]),
                        CAST(:delays AS float8[])) AS r (id, state, error, delay)
            WHERE o.id = r.id
            """;

    /** A mail a sender holds right now is skipped rather than waited for: the sender checks the status anyway. */
    private static final String CANCEL_QUEUED = """
            UPDATE mail_outbox SET state = 'cancelled', confirm_token = NULL, unsubscribe_token = NULL, finished_at = now()
            WHERE id IN (SELECT id FROM mail_outbox WHERE subscriber_id = :subscriber AND state = 'queued'
                         FOR UPDATE SKIP LOCKED)
            """;

    /** A claimed mail; skipped (pointless) once the address is confirmed, and unwanted once it unsubscribed or bounced. */
    record QueuedMail(long id, String recipient, boolean skipped, String confirmToken, String unsubscribeToken,
            int attempts, long subscriberId) implements OutboxQueue.Claimed {
    }

    @Inject MailTransport transport;
    @Inject SubscriptionLinks links;
    @Inject MailConfig config;
    @Inject Masthead masthead;
    @Inject SubscribersConfig subscribers;
    @Inject MailTokens mailTokens;

    @Scheduled(identity = "mail-outbox", every = "${glossary.mail.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        runScheduled();
    }

    void enqueueConfirmation(long subscriberId, String confirmToken, String unsubscribeToken) {
        Panache.getEntityManager().createNativeQuery(ENQUEUE).setParameter("subscriber", subscriberId)
                .setParameter("confirm", confirmToken).setParameter("unsubscribe", unsubscribeToken).executeUpdate();
    }

    void cancelQueuedFor(long subscriberId) {
        Panache.getEntityManager().createNativeQuery(CANCEL_QUEUED).setParameter("subscriber", subscriberId).executeUpdate();
    }

    /** One at a time: the mailer's connections are kept for issue sends. */
    @Override
    public Settings settings() {
        return new Settings("Confirmation mail", config.batchSize(), 1,
                new Retry(config.initialBackoff(), config.maxBackoff(), config.maxAttempts(), false), null, null);
    }

    @Override
    protected List<QueuedMail> claim(int limit) {
        List<?> rows = Panache.getEntityManager().createNativeQuery(CLAIM)
                .setParameter("limit", limit).setParameter("lease", LEASE.toSeconds()).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new QueuedMail(((Number) row[0]).longValue(),
                (String) row[1], (Boolean) row[2], (String) row[3], (String) row[4],
                ((Number) row[5]).intValue(), ((Number) row[6]).longValue())).toList();
    }

    @Override
    protected CompletionStage<Void> send(QueuedMail mail) {
        var data = Map.<String, Object>of("confirmUrl", links.link("confirm", mail.confirmToken()),
                "lifetimeHours", subscribers.confirmationLifetime().toHours());
        var composed = mailTokens.stamp(links.compose(mail.recipient(), "Confirm your subscription to " + masthead.name(),
                "mail/confirmation", mail.unsubscribeToken(), data), MailTokens.Kind.CONFIRMATION, mail.id(), mail.subscriberId());
        return blocking(() -> transport.send(composed));
    }

    @Override
    protected void record(List<Outcome<QueuedMail, Void>> outcomes) {
        Outcome.bind(Panache.getEntityManager().createNativeQuery(RECORD), outcomes).executeUpdate();
    }
}
