package dev.glossary.subscriber;

import dev.glossary.outbox.OutboxQueue;

/** A confirmation mail claimed for delivery, with what rendering it needs. */
record QueuedMail(long id, String recipient, SubscriberStatus subscriberStatus, String confirmToken,
        String unsubscribeToken, int attempts) implements OutboxQueue.Claimed {

    /** Pointless once the address is confirmed, and unwanted once it unsubscribed. */
    @Override
    public boolean skipped() {
        return subscriberStatus != SubscriberStatus.PENDING;
    }
}
