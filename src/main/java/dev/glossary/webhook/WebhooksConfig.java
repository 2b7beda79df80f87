package dev.glossary.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "glossary.webhooks")
public interface WebhooksConfig {

    /** Off, so that an admin account cannot reach the service's own network (private, loopback, link-local targets). */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** How often each replica's webhook sender runs ({@code off} disables it). */
    @WithDefault("1S")
    String sendEvery();

    /** Deliveries one claim takes at most; they are sent concurrently. */
    @WithDefault("50")
    int batchSize();

    /** A receiver that has not answered within this is counted as failed, and retried. */
    @WithDefault("10S")
    Duration timeout();

    /** Delay before the first retry, doubled after every failed attempt up to maxBackoff, then jittered. */
    @WithDefault("5S")
    Duration initialBackoff();

    @WithDefault("1H")
    Duration maxBackoff();

    /** A delivery is retried for this long after its event, then given up (failed). */
    @WithDefault("24H")
    Duration retryWindow();

    /** After a rotation the previous secret still signs, as a second signature, for this long. */
    @WithDefault("24H")
    Duration secretOverlap();
}
