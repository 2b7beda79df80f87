package dev.glossary.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;

/** Hands one mail to the server of quarkus.mailer.* (the mock mailbox in dev and tests); throws when it was not accepted. */
@ApplicationScoped
public class MailTransport {

    @Inject Mailer mailer;

    public void send(Mail mail) {
        mailer.send(mail);
    }

    /** An error code or no connection: certainly not accepted (a connection lost mid-transaction may have been). */
    public static boolean certainlyNotAccepted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
