package dev.glossary.term.read;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long clients and caches may keep public term reads (glossary.http.term-*). */
@ConfigMapping(prefix = "glossary.http")
public interface TermHttpConfig {

    /** How long clients and caches may reuse a term document without revalidating. */
    @WithDefault("60S")
    Duration termMaxAge();

    /** How long a shared cache (a CDN) may serve a term document while we answer errors (RFC 5861 stale-if-error). */
    @WithDefault("1D")
    Duration termStaleIfError();

    /** No stale-while-revalidate: partners mirror definitions, so none may outlive max-age while we answer. */
    default String publicCacheControl() {
        long staleIfError = termStaleIfError().toSeconds();
        return "public, max-age=" + termMaxAge().toSeconds() + (staleIfError > 0 ? ", stale-if-error=" + staleIfError : "");
    }
}
