package dev.glossary.mail;

import io.quarkus.mailer.Mail;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;

/** Hands one mail to the mail server; throws when it was not accepted. */
public interface MailTransport {

    void send(Mail mail);

    /**
     * Whether a failed send certainly left no mail at the server: it answered with an error code,
     * or no connection was made. Anything else (a connection lost or timed out mid-transaction)
     * may have come after the server accepted the message.
     */
    static boolean certainlyNotAccepted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException || cause instanceof ConnectException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
