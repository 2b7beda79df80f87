package dev.glossary.mail;

import io.quarkus.mailer.Mail;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.mail.SMTPException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real (mock-mailbox) transport, except that a test can make the server refuse the next mail
 * to an address, lose the connection while sending it, or hold it until the test lets it go.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FlakySmtp extends MailTransport {

    private final Set<String> refuseNextMailTo = ConcurrentHashMap.newKeySet();
    private final Set<String> loseConnectionOnNextMailTo = ConcurrentHashMap.newKeySet();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();

    /** The server answers 421, as the mailer reports it: the mail certainly did not go. */
    public void refuseNextMailTo(String address) {
        refuseNextMailTo.add(address);
    }

    /** The connection drops during the transaction: the mail may or may not have gone. */
    public void loseConnectionOnNextMailTo(String address) {
        loseConnectionOnNextMailTo.add(address);
    }

    /** Mails to the address wait in the transport until the hold is released (at most 30 s). */
    public Hold hold(String address) {
        Hold hold = new Hold();
        holds.put(address, hold);
        return hold;
    }

    @Override
    public void send(Mail mail) {
        for (String to : mail.getTo()) {
            Hold hold = holds.remove(to);
            if (hold != null) {
                hold.reached.countDown();
                hold.await();
            }
        }
        if (mail.getTo().stream().anyMatch(refuseNextMailTo::remove)) {
            throw new CompletionException(new SMTPException("421 Service not available, closing transmission channel",
                    421, List.of("Service not available, closing transmission channel"), false));
        }
        if (mail.getTo().stream().anyMatch(loseConnectionOnNextMailTo::remove)) {
            throw new IllegalStateException("Connection was closed");
        }
        // Quarkus' mock mailbox is not thread-safe (parallel senders met ConcurrentModificationException
        // in it); a real SMTP server takes parallel sessions, so only this hand-over is serialised.
        synchronized (this) {
            super.send(mail);
        }
    }

    /** The same behaviours for bulk sends; a hold blocks, so the send runs on a worker thread. */
    @Override
    public CompletionStage<Void> sendAsync(Mail mail) {
        return CompletableFuture.runAsync(() -> send(mail), Infrastructure.getDefaultWorkerPool());
    }

    /** One held mail: the test waits until the sender reached it, then releases it. */
    public static final class Hold {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        public boolean awaitReached() throws InterruptedException {
            return reached.await(30, TimeUnit.SECONDS);
        }

        public void release() {
            released.countDown();
        }

        private void await() {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
