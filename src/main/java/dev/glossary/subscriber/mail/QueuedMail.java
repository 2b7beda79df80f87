package dev.glossary.subscriber.mail;

import dev.glossary.subscriber.SubscriberStatus;

/** An outbox row claimed for delivery, with what rendering the mail needs. */
public record QueuedMail(long id, String kind, String recipient, SubscriberStatus subscriberStatus,
        String confirmToken, String unsubscribeToken, int attempts) {

    static final String CONFIRMATION = "confirmation";

    /** A confirmation is pointless once the address is confirmed, and unwanted once it unsubscribed. */
    boolean stillWanted() {
        return !CONFIRMATION.equals(kind) || subscriberStatus == SubscriberStatus.PENDING;
    }
}
