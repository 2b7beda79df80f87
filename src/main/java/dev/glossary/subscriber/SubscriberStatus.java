package dev.glossary.subscriber;

import dev.glossary.common.ProblemException;

/** Where an address stands in the double opt-in, by the name the API and the database use. */
public enum SubscriberStatus {
    PENDING("pending"),
    CONFIRMED("confirmed"),
    UNSUBSCRIBED("unsubscribed");

    private final String value;

    SubscriberStatus(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static SubscriberStatus of(String value) {
        for (SubscriberStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown subscriber status");
    }

    /** The {@code status} filter of the admin listing; null when absent. */
    static SubscriberStatus parseFilter(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        for (SubscriberStatus status : values()) {
            if (status.value.equals(raw)) {
                return status;
            }
        }
        throw ProblemException.invalidField("status", "must be one of pending, confirmed, unsubscribed");
    }
}
