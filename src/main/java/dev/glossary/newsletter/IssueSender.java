package dev.glossary.newsletter;

import dev.glossary.config.GlossaryConfig;
import dev.glossary.subscriber.mail.MailTransport;
import dev.glossary.subscriber.mail.OutboxSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sends issues, at most once per (issue, subscriber): a batch is claimed and committed as
 * 'sending' before any SMTP transaction starts, and nothing ever puts a 'sending' row back in the
 * queue unless the server certainly refused its mail. So a crash, a lost connection or a timeout
 * after the server may have accepted a mail costs that reader this issue (counted as failed)
 * rather than sending it twice. It runs beside the subscription outbox, not in it: confirmation
 * mails never wait behind an issue.
 */
@ApplicationScoped
public class IssueSender {

    private static final Logger LOG = Logger.getLogger(IssueSender.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final DeliveryQueue queue;
    private final SendRate rate;
    private final IssueMail issueMail;
    private final MailTransport transport;
    private final GlossaryConfig config;
    private final ExecutorService smtp;
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;
    private final Counter skipped;
    private final AtomicLong remaining = new AtomicLong();
    private volatile boolean stopping;

    IssueSender(DeliveryQueue queue, SendRate rate, IssueMail issueMail, MailTransport transport,
            GlossaryConfig config, MeterRegistry registry) {
        this.queue = queue;
        this.rate = rate;
        this.issueMail = issueMail;
        this.transport = transport;
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.smtp = Executors.newFixedThreadPool(config.newsletter().concurrency(), task -> {
            Thread thread = new Thread(task, "issue-smtp-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sent = outcome(registry, "sent");
        this.retried = outcome(registry, "retried");
        this.failed = outcome(registry, "failed");
        this.skipped = outcome(registry, "skipped");
        Gauge.builder("glossary.newsletter.mails.remaining", remaining, AtomicLong::get)
                .description("Issue mails queued or being sent, as this instance last counted them")
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("glossary.newsletter.mails").tag("outcome", outcome)
                .description("Issue mails by outcome; failed means given up").register(registry);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        smtp.shutdown();
    }

    @Scheduled(identity = "newsletter-delivery", every = "${glossary.newsletter.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf("Issue sender run stopped, the next run goes on: %s", e.getClass().getSimpleName());
        }
    }

    /** Sends what is due within the rate cap; returns how many mails were sent. */
    public int deliverDue() {
        return deliverDue(config.newsletter().mailsPerSecond());
    }

    /** As {@link #deliverDue()} with the given cap (0: none); tests choose it. */
    int deliverDue(int mailsPerSecond) {
        int abandoned = queue.giveUpAbandoned(config.newsletter().abandonedAfter());
        if (abandoned > 0) {
            LOG.warnf("%d issue mails given up: their sender stopped mid-send, and they may have gone out", abandoned);
            failed.increment(abandoned);
        }
        int sentNow = 0;
        int wanted = config.newsletter().batchSize();
        while (!stopping && queue.anythingDue()) {
            int granted = mailsPerSecond > 0 ? rate.take(wanted, mailsPerSecond) : wanted;
            if (granted == 0) {
                break;
            }
            List<ClaimedMail> batch = queue.claim(granted);
            sentNow += send(batch);
            if (granted < wanted || batch.size() < granted) {
                break;
            }
        }
        queue.finishDrained();
        remaining.set(queue.remaining());
        return sentNow;
    }

    private int send(List<ClaimedMail> batch) {
        List<ClaimedMail> wanted = new ArrayList<>(batch.size());
        List<Future<RuntimeException>> attempts = new ArrayList<>(batch.size());
        for (ClaimedMail mail : batch) {
            if (mail.skipped()) {
                skipped.increment();
                continue;
            }
            wanted.add(mail);
            attempts.add(smtp.submit(() -> attempt(mail)));
        }
        DeliveryQueue.Outcomes outcomes = new DeliveryQueue.Outcomes();
        for (int i = 0; i < wanted.size(); i++) {
            record(wanted.get(i), await(attempts.get(i)), outcomes);
        }
        QuarkusTransaction.requiringNew().run(() -> queue.record(outcomes));
        sent.increment(outcomes.sent.size());
        retried.increment(outcomes.retryIds.size());
        failed.increment(outcomes.failedIds.size());
        return outcomes.sent.size();
    }

    private RuntimeException attempt(ClaimedMail mail) {
        try {
            transport.send(issueMail.compose(mail));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static RuntimeException await(Future<RuntimeException> attempt) {
        try {
            return attempt.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException e) {
            return new IllegalStateException(e.getCause());
        }
    }

    private void record(ClaimedMail mail, RuntimeException failure, DeliveryQueue.Outcomes outcomes) {
        if (failure == null) {
            outcomes.sent(mail.id());
            return;
        }
        // The server's message may quote the address: it goes to the row, never to the log.
        String error = describe(failure);
        if (!MailTransport.certainlyNotAccepted(failure)) {
            LOG.warnf("Issue mail %d given up: the server may have accepted it (%s)", mail.id(),
                    failure.getClass().getSimpleName());
            outcomes.failed(mail.id(), "outcome unknown, not resent: " + error);
            return;
        }
        int attempts = mail.attempts() + 1;
        if (attempts >= config.mail().maxAttempts()) {
            LOG.errorf("Issue mail %d given up after %d attempts", mail.id(), attempts);
            outcomes.failed(mail.id(), error);
            return;
        }
        outcomes.retry(mail.id(), error,
                OutboxSender.backoff(attempts, config.mail().initialBackoff(), config.mail().maxBackoff()));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null && failure.getMessage() == null ? failure.getCause() : failure;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > MAX_ERROR_LENGTH - 40 ? message.substring(0, MAX_ERROR_LENGTH - 40) : message;
    }
}
