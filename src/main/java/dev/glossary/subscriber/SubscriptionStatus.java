package dev.glossary.subscriber;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The whole answer of the public subscription endpoints: it tells nothing about the address. */
@Schema(name = "SubscriptionStatus")
public record SubscriptionStatus(@Schema(example = "accepted") String status) {

    static final SubscriptionStatus ACCEPTED = new SubscriptionStatus("accepted");
    static final SubscriptionStatus CONFIRMED = new SubscriptionStatus("confirmed");
    static final SubscriptionStatus UNSUBSCRIBED = new SubscriptionStatus("unsubscribed");
}
