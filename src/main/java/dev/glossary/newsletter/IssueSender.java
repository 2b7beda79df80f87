package dev.glossary.newsletter;

import dev.glossary.mail.MailConfig;
import dev.glossary.mail.MailTransport;
import dev.glossary.mail.SubscriptionLinks;
import dev.glossary.outbox.Outbox;
import dev.glossary.outbox.OutboxQueue;
import dev.glossary.outbox.Outcome;
import dev.glossary.outbox.Retry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends issues at most once per (issue, subscriber), beside the confirmation outbox so that
 * confirmations never wait behind an issue; see docs/architecture/outbox.md.
 */
@ApplicationScoped
public class IssueSender implements OutboxQueue<ClaimedMail, Void> {

    private final DeliveryQueue queue;
    private final SendRate rate;
    private final Outbox engine;
    private final MailTransport transport;
    private final SubscriptionLinks links;
    private final NewsletterConfig config;
    private final MailConfig mail;
    private final AtomicLong remaining = new AtomicLong();

    IssueSender(DeliveryQueue queue, SendRate rate, Outbox engine, MailTransport transport, SubscriptionLinks links,
            NewsletterConfig config, MailConfig mail, MeterRegistry registry) {
        this.queue = queue;
        this.rate = rate;
        this.engine = engine;
        this.transport = transport;
        this.links = links;
        this.config = config;
        this.mail = mail;
        Gauge.builder("glossary.newsletter.mails.remaining", remaining, AtomicLong::get)
                .description("Issue mails queued or being sent, as this instance last counted them")
                .register(registry);
    }

    @Scheduled(identity = "newsletter-delivery", every = "${glossary.newsletter.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        engine.run(this);
    }

    /** Sends what is due within the rate cap; returns how many mails were sent. */
    public int deliverDue() {
        return deliverDue(config.mailsPerSecond());
    }

    /** As {@link #deliverDue()} with the given cap (0: none); tests choose it. */
    int deliverDue(int mailsPerSecond) {
        return engine.deliverDue(this, wanted -> !QuarkusTransaction.requiringNew().call(queue::anythingDue) ? 0
                : mailsPerSecond > 0 ? rate.take(wanted, mailsPerSecond) : wanted);
    }

    @Override
    public Settings settings() {
        return new Settings("Issue mail", config.batchSize(), config.concurrency(),
                new Retry(mail.initialBackoff(), mail.maxBackoff(), mail.maxAttempts(), false),
                "glossary.newsletter.mails", "Issue mails by outcome; failed means given up");
    }

    @Override
    public List<ClaimedMail> claim(int limit) {
        return queue.claim(limit);
    }

    @Override
    public CompletionStage<Void> send(ClaimedMail claimed) {
        Map<String, Object> data = new HashMap<>();
        data.put("title", claimed.title());
        data.put("summary", claimed.summary());
        data.put("url", claimed.url());
        Mail composed = links.compose(claimed.recipient(), claimed.title(), "mail/issue", claimed.unsubscribeToken(), data)
                // The same for every attempt at one (issue, subscriber), so a receiver can drop a duplicate.
                .addHeader("Message-ID", "<issue-" + claimed.issueId() + "." + claimed.subscriberId() + "@" + links.host() + ">");
        return Outbox.blocking(() -> transport.send(composed));
    }

    @Override
    public void record(List<Outcome<ClaimedMail, Void>> outcomes) {
        queue.record(outcomes);
    }

    @Override
    public boolean mayHaveArrived(Throwable failure) {
        return !MailTransport.certainlyNotAccepted(failure);
    }

    @Override
    public int recoverAbandoned() {
        return queue.giveUpAbandoned(config.abandonedAfter());
    }

    @Override
    public void afterRun() {
        queue.finishDrained();
        remaining.set(queue.remaining());
    }

}
