package dev.glossary.subscriber.mail;

import dev.glossary.config.GlossaryConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox. Each mail is claimed, sent and marked in one transaction of its own: a
 * crash before the commit leaves it queued, so nothing is lost (a mail may, rarely, go twice).
 * A failed attempt is retried with exponential back-off; the outbox outlives SMTP outages and restarts.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    private static final int MAX_ERROR_LENGTH = 500;

    enum Outcome { NOTHING_DUE, SENT, CANCELLED, FAILED }

    private final MailOutbox outbox;
    private final ConfirmationMail confirmationMail;
    private final MailTransport transport;
    private final GlossaryConfig config;

    OutboxSender(MailOutbox outbox, ConfirmationMail confirmationMail, MailTransport transport,
            GlossaryConfig config) {
        this.outbox = outbox;
        this.confirmationMail = confirmationMail;
        this.transport = transport;
        this.config = config;
    }

    @Scheduled(identity = "mail-outbox", every = "${glossary.mail.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf("Mail outbox run stopped, the next run goes on: %s", e.getClass().getSimpleName());
        }
    }

    /** Sends what is due, at most one batch; returns how many mails were sent. */
    public int deliverDue() {
        int sent = 0;
        for (int i = 0; i < config.mail().batchSize(); i++) {
            Outcome outcome = QuarkusTransaction.requiringNew().call(this::deliverNext);
            if (outcome == Outcome.NOTHING_DUE) {
                break;
            }
            if (outcome == Outcome.SENT) {
                sent++;
            }
        }
        return sent;
    }

    private Outcome deliverNext() {
        var claimed = outbox.claimNextDue();
        if (claimed.isEmpty()) {
            return Outcome.NOTHING_DUE;
        }
        QueuedMail mail = claimed.get();
        if (!mail.stillWanted()) {
            outbox.cancel(mail.id());
            return Outcome.CANCELLED;
        }
        try {
            transport.send(confirmationMail.compose(mail));
        } catch (RuntimeException e) {
            recordFailure(mail, e);
            return Outcome.FAILED;
        }
        outbox.markSent(mail.id());
        return Outcome.SENT;
    }

    private void recordFailure(QueuedMail mail, RuntimeException failure) {
        int attempts = mail.attempts() + 1;
        // The server's message may quote the address: it goes to the row (erased with the
        // subscriber), never to the log.
        String error = describe(failure);
        String kind = failure.getClass().getSimpleName();
        if (attempts >= config.mail().maxAttempts()) {
            LOG.errorf("Mail %d given up after %d attempts (%s)", mail.id(), attempts, kind);
            outbox.giveUp(mail.id(), attempts, error);
            return;
        }
        Duration delay = backoff(attempts, config.mail().initialBackoff(), config.mail().maxBackoff());
        LOG.warnf("Mail %d not sent (attempt %d, %s), retrying in %s", mail.id(), attempts, kind, delay);
        outbox.retryLater(mail.id(), attempts, delay, error);
    }

    /** The wait after the given number of failed attempts: initial, 2 x initial, 4 x initial, ... up to max. */
    public static Duration backoff(int attempts, Duration initial, Duration max) {
        int doublings = Math.min(attempts - 1, 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private static String describe(RuntimeException failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
