package dev.glossary.subscriber.mail;

import io.quarkus.mailer.Mail;

/** Hands one mail to the mail server; throws when it was not accepted. */
public interface MailTransport {

    void send(Mail mail);
}
