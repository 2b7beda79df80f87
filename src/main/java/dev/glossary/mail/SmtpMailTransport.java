package dev.glossary.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/** SMTP as configured by quarkus.mailer.* (the in-memory mock mailbox in dev and tests). */
@ApplicationScoped
public class SmtpMailTransport implements MailTransport {

    private final Mailer mailer;

    public SmtpMailTransport(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void send(Mail mail) {
        mailer.send(mail);
    }
}
