package dev.glossary.subscriber;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "glossary.subscribers")
public interface SubscribersConfig {

    /** How long a confirmation link works. */
    @WithDefault("48H")
    Duration confirmationLifetime();

    /** At most one confirmation mail per address within this interval. */
    @WithDefault("10M")
    Duration confirmationMailInterval();
}
