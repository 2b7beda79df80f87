package dev.glossary.subscriber.mail;

import io.quarkus.mailer.Mail;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The real (mock-mailbox) transport, except that a test can make the server refuse the next mail to an address. */
@Alternative
@Priority(1)
@ApplicationScoped
public class FlakySmtp implements MailTransport {

    private final SmtpMailTransport smtp;
    private final Set<String> refuseNextMailTo = ConcurrentHashMap.newKeySet();

    FlakySmtp(SmtpMailTransport smtp) {
        this.smtp = smtp;
    }

    public void refuseNextMailTo(String address) {
        refuseNextMailTo.add(address);
    }

    @Override
    public void send(Mail mail) {
        if (mail.getTo().stream().anyMatch(refuseNextMailTo::remove)) {
            throw new IllegalStateException("421 Service not available, closing transmission channel");
        }
        smtp.send(mail);
    }
}
