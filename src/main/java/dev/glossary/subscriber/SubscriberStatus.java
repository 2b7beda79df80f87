package dev.glossary.subscriber;

import dev.glossary.web.ProblemException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an address stands in the double opt-in; {@link #value()} is the name the API and the database use. */
public enum SubscriberStatus {
    PENDING, CONFIRMED, UNSUBSCRIBED,
    /** A permanent delivery failure, or the third temporary one within 30 days: not mailed again. */
    BOUNCED,
    /** The reader reported a mail as spam: not mailed again. */
    COMPLAINED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriberStatus of(String value) {
        return Arrays.stream(values()).filter(status -> status.value().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown subscriber status"));
    }

    /** The {@code status} filter of the admin listing; null when absent. */
    static SubscriberStatus parseFilter(String raw) {
        try {
            return raw == null || raw.isEmpty() ? null : of(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be one of "
                    + Arrays.stream(values()).map(SubscriberStatus::value).collect(Collectors.joining(", ")));
        }
    }
}
