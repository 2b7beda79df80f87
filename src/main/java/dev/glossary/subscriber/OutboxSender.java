package dev.glossary.subscriber;

import dev.glossary.mail.MailConfig;
import dev.glossary.mail.MailTransport;
import dev.glossary.mail.Masthead;
import dev.glossary.mail.SubscriptionLinks;
import dev.glossary.outbox.Outbox;
import dev.glossary.outbox.OutboxQueue;
import dev.glossary.outbox.Outcome;
import dev.glossary.outbox.Retry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Sends the double opt-in mails from {@link MailOutbox}, text and HTML, on the outbox engine. */
@ApplicationScoped
public class OutboxSender implements OutboxQueue<QueuedMail, Void> {

    private final MailOutbox outbox;
    private final Outbox engine;
    private final MailTransport transport;
    private final SubscriptionLinks links;
    private final MailConfig config;
    private final Masthead masthead;
    private final SubscribersConfig subscribers;

    OutboxSender(MailOutbox outbox, Outbox engine, MailTransport transport, SubscriptionLinks links,
            MailConfig config, Masthead masthead, SubscribersConfig subscribers) {
        this.outbox = outbox;
        this.engine = engine;
        this.transport = transport;
        this.links = links;
        this.config = config;
        this.masthead = masthead;
        this.subscribers = subscribers;
    }

    @Scheduled(identity = "mail-outbox", every = "${glossary.mail.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        engine.run(this);
    }

    /** Sends what is due; returns how many mails were sent. */
    public int deliverDue() {
        return engine.deliverDue(this);
    }

    /** One at a time, as today: the mailer's connections are kept for issue sends. */
    @Override
    public Settings settings() {
        return new Settings("Confirmation mail", config.batchSize(), 1,
                new Retry(config.initialBackoff(), config.maxBackoff(), config.maxAttempts(), false), null, null);
    }

    @Override
    public List<QueuedMail> claim(int limit) {
        return outbox.claim(limit);
    }

    @Override
    public CompletionStage<Void> send(QueuedMail mail) {
        var confirmUrl = links.link("confirm", mail.confirmToken());
        var lifetimeHours = subscribers.confirmationLifetime().toHours();
        return Outbox.blocking(() -> transport.send(links.compose(mail.recipient(),
                "Confirm your subscription to " + masthead.name(), "mail/confirmation", mail.unsubscribeToken(),
                Map.of("confirmUrl", confirmUrl, "lifetimeHours", lifetimeHours))));
    }

    @Override
    public void record(List<Outcome<QueuedMail, Void>> outcomes) {
        outbox.record(outcomes);
    }

}
