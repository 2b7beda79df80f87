package dev.glossary.newsletter;

import dev.glossary.outbox.OutboxQueue;

/**
 * An issue mail a sender has claimed. {@code unsubscribeToken} is null when the subscriber is no
 * longer confirmed: the row was skipped, and nothing is to be sent.
 */
record ClaimedMail(long id, long issueId, long subscriberId, int attempts, String recipient,
        String unsubscribeToken, String title, String summary, String url) implements OutboxQueue.Claimed {

    @Override
    public boolean skipped() {
        return unsubscribeToken == null;
    }
}
