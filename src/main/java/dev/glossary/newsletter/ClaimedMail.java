package dev.glossary.newsletter;

/**
 * An issue mail a sender has claimed. {@code unsubscribeToken} is null when the subscriber is no
 * longer confirmed: the row was skipped, and nothing is to be sent.
 */
record ClaimedMail(long id, long issueId, long subscriberId, int attempts, String recipient,
        String unsubscribeToken, String title, String summary, String url) {

    boolean skipped() {
        return unsubscribeToken == null;
    }
}
