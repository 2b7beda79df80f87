package dev.glossary.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Hands one mail to the server of quarkus.mailer.* (the mock mailbox in dev and tests); throws when it was not accepted. */
@ApplicationScoped
public class MailTransport {

    @Inject Mailer mailer;
    @Inject ReactiveMailer reactiveMailer;
    @Inject PipelinedSmtp pipelined;

    /** As the blocking mailer waits at most quarkus.mailer.timeout, so does an asynchronous send. */
    @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "10S") Duration timeout;

    public void send(Mail mail) {
        mailer.send(mail);
    }

    /**
     * As {@link #send}, without holding a thread while the SMTP transaction runs: a bulk send keeps
     * its sessions busy from one thread, with no hand-off to a worker and back for every mail. Sent by
     * {@link PipelinedSmtp} where it does all that quarkus.mailer.* asks, by the mailer otherwise.
     */
    public CompletionStage<Void> sendAsync(Mail mail) {
        if (pipelined.usable()) {
            return pipelined.send(mail); // times out after quarkus.mailer.timeout itself
        }
        return reactiveMailer.send(mail).ifNoItem().after(timeout).fail().subscribeAsCompletionStage();
    }

    public Duration timeout() {
        return timeout;
    }

    /** A mail deliberately not handed to the server. */
    public static final class NotSent extends RuntimeException {
        public NotSent(String reason) {
            super(reason, null, false, false);
        }
    }
}
