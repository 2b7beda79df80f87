package dev.glossary.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "glossary.http")
public interface HttpConfig {

    /** Largest request body accepted (413 above it); below quarkus.http.limits.max-body-size. */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /** The same for POST /mail/reports, whose bodies are whole mails (a bounce returns the original). */
    @WithDefault("1M")
    MemorySize maxMailReportSize();

    /** What {@code Retry-After} advises when the database is unavailable. */
    @WithDefault("5S")
    Duration retryAfter();

    /** How long before the end of quarkus.shutdown.delay the listener closes (StopAcceptingOnShutdown). */
    @WithDefault("250MS")
    Duration stopAcceptingBeforeDelayEnds();
}
